import { fileURLToPath } from 'node:url';
import { App, type AppProps, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { loadStageConfig, type StemConfig } from './config.js';
import { StemEdgeStack } from './edge-stack.js';
import { StemStack } from './stem-stack.js';

export const CONFIG_DIR = fileURLToPath(new URL('../config/', import.meta.url));

/** `Stem-<stage>` (and `Stem-<stage>-Edge` in us-east-1): two stages never share a stack. */
export const stackName = (stage: string): string => `Stem-${stage}`;

export interface StemAppOptions extends AppProps {
  /** The stage's settings; default: `config/<stage>.json` for the `stage` context value (`-c stage=prod`). */
  readonly config?: StemConfig;
}

/**
 * The app as `cdk synth` builds it and as the tests build it: the edge stack (WAF, us-east-1), the stack in
 * the stage's EU region, and cdk-nag's AWS Solutions checks as a validation plugin, so any unacknowledged
 * finding fails synthesis.
 */
export function createStemApp(options: StemAppOptions = {}): { app: App; stack: StemStack; edge: StemEdgeStack; config: StemConfig } {
  const { config: given, ...props } = options;
  const app = new App(props);
  const stageContext: unknown = app.node.tryGetContext('stage');
  const config = given ?? loadStageConfig(CONFIG_DIR, typeof stageContext === 'string' ? stageContext : undefined);
  const name = stackName(config.stage);
  const edge = new StemEdgeStack(app, `${name}-Edge`, {
    description: `Stem (${config.stage}): WAF web ACL for CloudFront (us-east-1 holds CloudFront's web ACLs; no data)`,
    env: { account: config.account, region: 'us-east-1' },
    crossRegionReferences: true,
  });
  const stack = new StemStack(app, name, {
    description: `Stem (${config.stage}): anonymous surveys by SMS, WhatsApp and phone for welfare centres`,
    env: { account: config.account, region: config.region },
    // The web ACL's ARN arrives as CloudFormation's Fn::GetStackOutput (cdk.json: weak cross-stack references),
    // read from the edge stack's outputs at deploy time; no export, no custom resource.
    // https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference-getstackoutput.html
    crossRegionReferences: true,
    config,
    webAclArn: edge.webAclArn,
  });
  for (const s of [edge, stack]) Tags.of(s).add('stem:stage', config.stage);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack, edge, config };
}
