/**
 * CDK entry (`cdk.json`: `npx tsx cdk/app.ts`). Deploy through `npm run deploy -- <stage>`, which reads
 * `config/<stage>.json`; plain `cdk synth -c stage=<stage>` works too.
 */
import { ConfigError } from './config.js';
import { createStemApp } from './stem-app.js';

try {
  createStemApp();
} catch (error) {
  // A configuration problem is the operator's to fix: the message names the file and the fields, no stack trace.
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`\n${error.message}\n\n`);
  process.exit(1);
}
