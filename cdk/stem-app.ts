import { App, type AppProps, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { readConfig } from './config.js';
import { StemStack } from './stem-stack.js';

export const STACK_NAME = 'Stem';

/**
 * The app as `cdk synth` builds it and as the tests build it: the stack plus cdk-nag's AWS Solutions
 * checks as a validation plugin, so any unacknowledged finding fails synthesis.
 */
export function createStemApp(props: AppProps = {}): { app: App; stack: StemStack } {
  const app = new App(props);
  const config = readConfig((key) => app.node.tryGetContext(key));
  const stack = new StemStack(app, STACK_NAME, {
    description: 'Stem: anonymous surveys by SMS, WhatsApp and phone for welfare centres',
    // Environment-agnostic unless the CLI knows the target; nothing here needs lookups.
    env: { account: process.env['CDK_DEFAULT_ACCOUNT'], region: process.env['CDK_DEFAULT_REGION'] },
    config,
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack };
}
