import { runSimulation } from '@cloud-copilot/iam-simulate';
import { ACCOUNT } from './account.js';
import type { Authorization } from './authorizations.js';
import { resourcePolicyOf, type NamedPolicy, type PolicyDocument, type StackModel } from './stack-model.js';

/**
 * One request evaluated by @cloud-copilot/iam-simulate (identity policies, the resource's policy, strict
 * mode) with the request context AWS sets for a call from a Lambda function over HTTPS.
 */

export interface Decision {
  result: 'Allowed' | 'ImplicitlyDenied' | 'ExplicitlyDenied' | 'Error';
  /** Identity statements (our Sids) that allowed it, with the action and the resource entries that matched. */
  grants: Array<{ sid: string; action: string; resources: string[] }>;
  detail: string;
}

export interface Request {
  principal: string;
  authorization: Authorization;
  identityPolicies: readonly NamedPolicy[];
  /** Replaces the resource's own policy (negative cases); default: the stack's policy for the resource. */
  resourcePolicy?: PolicyDocument;
}

const asList = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/** The account that owns a resource: from its ARN, or ours for S3 objects (their ARNs name no account). */
const ownerOf = (resource: string) => resource.split(':')[4] || ACCOUNT;

export async function decide(model: StackModel, request: Request): Promise<Decision> {
  const { authorization } = request;
  const principalAccount = /^arn:aws:(?:iam|sts)::(\d{12}):/.exec(request.principal)?.[1];
  const context: Record<string, string | string[]> = {
    // Every SDK call is HTTPS; the SSL-only bucket, queue and topic policies look at this key.
    'aws:SecureTransport': 'true',
    'aws:RequestedRegion': 'eu-west-1',
    ...(principalAccount ? { 'aws:PrincipalAccount': principalAccount } : {}),
    ...authorization.context,
  };
  const resourcePolicy = request.resourcePolicy ?? resourcePolicyOf(model, authorization.resource);
  const response = await runSimulation(
    {
      request: {
        principal: request.principal,
        action: authorization.action,
        resource: { resource: authorization.resource, accountId: ownerOf(authorization.resource) },
        contextVariables: context,
      },
      identityPolicies: request.identityPolicies.map((p) => ({ name: p.name, policy: p.policy })),
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      ...(resourcePolicy ? { resourcePolicy } : {}),
    },
    { simulationMode: 'Strict' },
  );
  if (response.resultType === 'error') return { result: 'Error', grants: [], detail: JSON.stringify(response.errors) };
  const result = response.resultType === 'single' ? response.result : response.results[0];
  const analysis = result?.analysis;
  const grants = (analysis?.identityAnalysis?.allowStatements ?? []).map((s) => ({
    sid: s.explain.identifier,
    action: authorization.action,
    resources: asList(s.explain.resources)
      .filter((r) => r.matches)
      .map((r) => r.resource),
  }));
  const ignored = result?.ignoredContextKeys?.length ? ` (context keys ignored: ${result.ignoredContextKeys.join(', ')})` : '';
  return { result: response.overallResult, grants, detail: `${request.principal} ${authorization.action} ${authorization.resource}${ignored}` };
}
