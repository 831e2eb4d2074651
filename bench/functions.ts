/**
 * Every Lambda of the stack as cdk/stem-stack.ts and cdk/stack/ define it (tests/unit/bench-report.test.ts
 * checks the list against the stack's `entry:`s): the environment its module reads at init, with stand-in values of
 * the same shape, and what is bundled beside it. Optional settings are set, so that init builds everything
 * the deployed function builds (e.g. the webhook's prompt studio).
 */
import { OPUS_ASSET_DIR, OPUS_WASM_FILES } from '../adapters/audio/opus-wasm-files.js';
import { BUNDLED_ASSET_DIR, TRIAD_PICTURE_FILES } from '../adapters/images/packaged-files.js';
import { BUNDLED_TEMPLATE_DIR, TEMPLATE_FILES } from '../flows/templates/files.js';
import { readdirSync, readFileSync } from 'node:fs';
import { buildXlsxWriter, XLSX_WRITER_DIR } from '../cdk/xlsx-writer.js';
import { writeOpenApiFile } from '../cdk/openapi-file.js';
import { OPENAPI_DIR } from '../http/api/openapi-file.js';
import { writeDashboardScript } from '../cdk/dashboard-script.js';
import { DASHBOARD_SCRIPT_DIR } from '../web/dashboard/page/script.js';
import { dashboardTextFiles } from '../locales/dashboard.js';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/** The stack's source as text: cdk/stem-stack.ts, then the files of cdk/stack/ where its functions are made. */
export function readStackSource(): string {
  const dir = fileURLToPath(new URL('../cdk/stack/', import.meta.url));
  const parts = readdirSync(dir)
    .filter((f) => f.endsWith('.ts'))
    .sort()
    .map((f) => readFileSync(`${dir}${f}`, 'utf8'));
  return [readFileSync(fileURLToPath(new URL('../cdk/stem-stack.ts', import.meta.url)), 'utf8'), ...parts].join('\n');
}

export interface BenchFunction {
  /** The environment beyond TABLE_NAME and the secrets' ARNs. */
  env: Record<string, string>;
  /** esbuild aliases, as the stack sets them. */
  aliases?: Record<string, string>;
  /** Data files copied beside the bundle, as the stack's `files`. */
  files?: Array<{ dir: string; sources: string[] }>;
  /** `false` as in the stack: no table and no secrets (the dashboard only calls the API). */
  data?: false;
}

const queueUrl = (name: string) => `https://sqs.eu-west-1.amazonaws.com/123456789012/${name}`;
const DELIVERY_QUEUE_URLS = JSON.stringify({ sms: queueUrl('s'), whatsapp: queueUrl('w'), voice: queueUrl('v') });
const MEDIA = { AUDIO_BUCKET: 'stem-audio', TRANSCRIPT_BUCKET: 'stem-transcripts', MEDIA_KMS_KEY_ID: 'arn:aws:kms:eu-west-1:123456789012:key/k' };
const AUTH = {
  USER_POOL_ID: 'eu-west-1_AbC123xyz',
  USER_POOL_CLIENT_ID: '1example23456789abcdefghij',
  COGNITO_DOMAIN: 'https://stem-bench.auth.eu-west-1.amazoncognito.com',
};
const TWILIO_REST = { TWILIO_ACCOUNT_SID: `AC${'0'.repeat(32)}`, TWILIO_REGION: 'ie1', TWILIO_EDGE: 'dublin' };
const TWILIO = { ...TWILIO_REST, TWILIO_SMS_FROM: '+3225550100', TWILIO_WHATSAPP_FROM: 'whatsapp:+3225550100' };
const PUBLIC_URL = 'https://example.org';
const requireHere = createRequire(import.meta.url);

export const FUNCTIONS: Record<string, BenchFunction> = {
  'twilio-messages': { env: { PUBLIC_URL, VOICE_QUEUE_URL: queueUrl('voice'), SERVICE_NUMBERS: '+3225550100,whatsapp:+3225550100', ...MEDIA, ...TWILIO_REST } },
  pictures: {
    env: {},
    aliases: { brotli: fileURLToPath(new URL('../adapters/images/node-brotli', import.meta.url)) },
    files: [{ dir: BUNDLED_ASSET_DIR, sources: TRIAD_PICTURE_FILES.map((file) => requireHere.resolve(file)) }],
  },
  'voice-notes': {
    env: { ...MEDIA },
    files: [{ dir: OPUS_ASSET_DIR, sources: OPUS_WASM_FILES.map((file) => requireHere.resolve(file)) }],
  },
  api: {
    env: { ...AUTH, DELIVERY_QUEUE_URLS, ...MEDIA },
    files: [
      { dir: BUNDLED_TEMPLATE_DIR, sources: TEMPLATE_FILES.map((f) => fileURLToPath(new URL(`../flows/templates/${f}`, import.meta.url))) },
      // exceljs's XLSX writer, required on the first XLSX export, never at init (cdk/xlsx-writer.ts).
      {
        dir: XLSX_WRITER_DIR,
        sources: [
          buildXlsxWriter(fileURLToPath(new URL('../', import.meta.url)), fileURLToPath(new URL('../node_modules/.cache/stem-xlsx-writer/', import.meta.url)))
            .file,
        ],
      },
      // The OpenAPI document, written as at synth and read on the first request for it (cdk/openapi-file.ts).
      { dir: OPENAPI_DIR, sources: [writeOpenApiFile(fileURLToPath(new URL('../node_modules/.cache/stem-openapi/', import.meta.url)))] },
    ],
  },
  'voice-api': { env: { ...AUTH, ...MEDIA } },
  'authoring-api': {
    env: { ...AUTH },
    files: [{ dir: BUNDLED_TEMPLATE_DIR, sources: TEMPLATE_FILES.map((f) => fileURLToPath(new URL(`../flows/templates/${f}`, import.meta.url))) }],
  },
  dashboard: {
    env: { PUBLIC_URL, ...AUTH },
    data: false,
    // Its script, written as at synth and read on the first page (cdk/dashboard-script.ts).
    files: [
      { dir: DASHBOARD_SCRIPT_DIR, sources: [writeDashboardScript(fileURLToPath(new URL('../node_modules/.cache/stem-dashboard-script/', import.meta.url)))] },
      ...dashboardTextFiles(),
    ],
  },
  'delivery-worker': { env: { ...TWILIO, PUBLIC_URL, TWILIO_VOICE_FROM: '+3225550100' } },
  'voice-worker': { env: { ...TWILIO, ...MEDIA } },
  'transcribe-events': { env: { ...MEDIA } },
  sweep: { env: { DELIVERY_QUEUE_URLS, VOICE_QUEUE_URL: queueUrl('voice') } },
};
