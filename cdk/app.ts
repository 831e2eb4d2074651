/**
 * CDK entry (`cdk.json`: `npx tsx cdk/app.ts`).
 *
 *   npx cdk synth --no-notices                      # offline; fails on unacknowledged cdk-nag findings
 *   npx cdk deploy -c publicUrl=https://stem.example.be
 *   npx cdk deploy -c secretsRevision=2             # after changing a secret's value
 */
import { createStemApp } from './stem-app.js';

createStemApp();
