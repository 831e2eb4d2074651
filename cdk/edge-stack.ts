import { Stack, type StackProps } from 'aws-cdk-lib';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import type { Construct } from 'constructs';

/** Paths Twilio calls or fetches: authenticated by signature or keyed URL in the functions. */
export const TWILIO_PATH_PREFIXES = ['/twilio/', '/media/'] as const;

/** Requests per 5 minutes from one address to the staff and simulator pages before WAF blocks it. */
export const RATE_LIMIT_PER_5_MINUTES = 2000;

/**
 * The web ACL in front of CloudFront. CloudFront takes only web ACLs of scope CLOUDFRONT, which exist in
 * us-east-1 alone, hence a stack of its own there; it holds no data (rules and metrics only, no logging:
 * WAF logs carry addresses). https://docs.aws.amazon.com/waf/latest/developerguide/cloudfront-features.html
 *
 * Twilio's requests are left out of the managed rule groups and the rate rule: their bodies are what
 * participants wrote (a "<script>" or a quote in an answer must not make WAF drop the answer — Twilio does
 * not retry a 403 for an SMS), their signatures are checked in the function, and all of Twilio's traffic
 * comes from a few addresses that a rate rule would block in the middle of a round.
 */
export class StemEdgeStack extends Stack {
  readonly webAclArn: string;

  constructor(scope: Construct, id: string, props: StackProps) {
    super(scope, id, props);
    const notTwilio: wafv2.CfnWebACL.StatementProperty = {
      notStatement: {
        statement: {
          orStatement: {
            statements: TWILIO_PATH_PREFIXES.map((prefix) => ({
              byteMatchStatement: {
                fieldToMatch: { uriPath: {} },
                positionalConstraint: 'STARTS_WITH',
                searchString: prefix,
                textTransformations: [{ priority: 0, type: 'NONE' }],
              },
            })),
          },
        },
      },
    };
    const visibility = (metricName: string): wafv2.CfnWebACL.VisibilityConfigProperty => ({
      cloudWatchMetricsEnabled: true,
      metricName,
      sampledRequestsEnabled: false,
    });
    const managed = (priority: number, name: string, overrides: string[] = []): wafv2.CfnWebACL.RuleProperty => ({
      name,
      priority,
      overrideAction: { none: {} },
      statement: {
        managedRuleGroupStatement: {
          vendorName: 'AWS',
          name,
          scopeDownStatement: notTwilio,
          // Counted, not blocked: the staff API takes CSV imports and recorded prompts larger than 8 KB.
          ...(overrides.length ? { ruleActionOverrides: overrides.map((rule) => ({ name: rule, actionToUse: { count: {} } })) } : {}),
        },
      },
      visibilityConfig: visibility(name),
    });
    const acl = new wafv2.CfnWebACL(this, 'WebAcl', {
      description: 'Stem - managed rules and a rate limit for staff pages and simulators. Twilio paths are checked by signature in the functions.',
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      visibilityConfig: visibility('stem-web-acl'),
      rules: [
        managed(0, 'AWSManagedRulesAmazonIpReputationList'),
        managed(1, 'AWSManagedRulesCommonRuleSet', ['SizeRestrictions_BODY']),
        managed(2, 'AWSManagedRulesKnownBadInputsRuleSet'),
        {
          name: 'RatePerAddress',
          priority: 3,
          action: { block: {} },
          statement: {
            rateBasedStatement: { limit: RATE_LIMIT_PER_5_MINUTES, aggregateKeyType: 'IP', evaluationWindowSec: 300, scopeDownStatement: notTwilio },
          },
          visibilityConfig: visibility('stem-rate-per-address'),
        },
      ],
    });
    this.webAclArn = acl.attrArn;
  }
}
