import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';

export interface StemAuthProps {
  /** The dashboard's public base URL: the hosted UI sends people back to `/dashboard/auth/callback`. */
  readonly publicUrl: string;
  /** Organisations whose groups exist from the start (`staff-<id>`, `interpreter-<id>`); more can be added later. */
  readonly organisations: readonly string[];
  /** The hosted UI's domain prefix (`<prefix>.auth.<region>.amazoncognito.com`). */
  readonly domainPrefix: string;
}

/**
 * Staff, interpreters and coordinators sign in with Cognito (adapters/cognito maps the groups to the
 * same Principal as local mode): accounts are created by an administrator (no self sign-up), with a
 * strong password and a one-time code from an app (TOTP).
 */
export class StemAuth extends Construct {
  readonly userPool: cognito.UserPool;
  readonly client: cognito.UserPoolClient;
  readonly domain: cognito.UserPoolDomain;

  constructor(scope: Construct, id: string, props: StemAuthProps) {
    super(scope, id);
    this.userPool = new cognito.UserPool(this, 'Users', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: {
        minLength: 14,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      // The languages an interpreter covers ("ti,ar"): they are shown only voice answers in those.
      customAttributes: { languages: new cognito.StringAttribute({ mutable: true, maxLen: 200 }) },
      // Kept when the stack is deleted or replaces it, removed only when the stack's first creation rolls back
      // (CloudFormation's RetainExceptOnCreate), so a failed first deploy leaves nothing behind. No deletion
      // protection on the user pool: it would make that rollback fail and leave the user pool behind.
      removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
    });
    Validations.of(this.userPool).acknowledge({
      id: 'AwsSolutions-COG3',
      reason:
        'Threat protection (advanced security) is a paid Cognito Plus feature; accounts are admin-created, MFA is required and the dashboard holds no self-service flows. An operator can enable it without code changes.',
    });
    Validations.of(this.userPool).acknowledge({
      id: 'AwsSolutions-COG8',
      reason:
        'The Plus feature plan is a per-user cost; Stem needs none of its features (accounts are admin-created and MFA is required on the Essentials plan).',
    });
    new cognito.CfnUserPoolGroup(this, 'Coordinator', {
      userPoolId: this.userPool.userPoolId,
      groupName: 'coordinator',
      description: 'Reads anonymized results of every organisation',
    });
    new cognito.CfnUserPoolGroup(this, 'Interpreter', {
      userPoolId: this.userPool.userPoolId,
      groupName: 'interpreter',
      description: 'Independent interpreters of the network: hear (disguised) the voice answers no machine could transcribe; nothing else',
    });
    for (const org of props.organisations) {
      new cognito.CfnUserPoolGroup(this, `Staff-${org}`, { userPoolId: this.userPool.userPoolId, groupName: `staff-${org}`, description: `Staff of ${org}` });
      new cognito.CfnUserPoolGroup(this, `Interpreter-${org}`, {
        userPoolId: this.userPool.userPoolId,
        groupName: `interpreter-${org}`,
        description: `Interpreters of ${org}: voice answers and phone prompts only`,
      });
    }
    this.domain = this.userPool.addDomain('HostedUi', { cognitoDomain: { domainPrefix: props.domainPrefix } });
    const base = props.publicUrl.replace(/\/$/, '');
    this.client = this.userPool.addClient('Dashboard', {
      generateSecret: false,
      authFlows: { userSrp: true },
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL],
        callbackUrls: [`${base}/dashboard/auth/callback`],
        logoutUrls: [`${base}/dashboard/auth/signed-out`],
      },
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(1),
      preventUserExistenceErrors: true,
    });
  }

  /** `USER_POOL_ID`, `USER_POOL_CLIENT_ID`, `COGNITO_DOMAIN` as functions/api.ts reads them. */
  environment(): Record<string, string> {
    return { USER_POOL_ID: this.userPool.userPoolId, USER_POOL_CLIENT_ID: this.client.userPoolClientId, COGNITO_DOMAIN: this.domain.baseUrl() };
  }
}
