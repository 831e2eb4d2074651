/**
 * `npm run deploy -- <stage>` / `synth` / `diff` / `destroy` / `bootstrap` (each `-- <stage>`):
 * checks `config/<stage>.json` first (a clear list of what is missing, before any AWS call), then runs the
 * pinned CDK CLI for that stage's two stacks with the stage's account and region.
 */
import { spawnSync } from 'node:child_process';
import { ConfigError, loadStageConfig } from '../cdk/config.js';
import { CONFIG_DIR, stackName } from '../cdk/stem-app.js';

const [command, stage, ...rest] = process.argv.slice(2);
if (!command || !['synth', 'deploy', 'diff', 'destroy', 'bootstrap'].includes(command)) {
  process.stderr.write('usage: tsx scripts/cdk.ts synth|deploy|diff|destroy|bootstrap <stage> [cdk options]\n');
  process.exit(2);
}
let config;
try {
  config = loadStageConfig(CONFIG_DIR, stage);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`\n${error.message}\n\n`);
  process.exit(1);
}
const name = stackName(config.stage);
// Bootstrap both regions the stage uses: its own and us-east-1 (the web ACL's edge stack).
const targets =
  command === 'bootstrap'
    ? [`aws://${config.account}/${config.region}`, `aws://${config.account}/us-east-1`]
    : command === 'synth'
      ? []
      : [`${name}-Edge`, name];
const args = [command, '--no-notices', '-c', `stage=${config.stage}`, ...targets, ...rest];
const run = spawnSync('cdk', args, { stdio: 'inherit', env: { ...process.env, CDK_DEFAULT_ACCOUNT: config.account, CDK_DEFAULT_REGION: config.region } });
process.exit(run.status ?? 1);
