/**
 * `npm run bench`: the budgets of DESIGN.md, measured in one run on this machine and reported as ratios
 * where a machine-independent comparison exists.
 *   - hot path: store calls per inbound message, and handler time ÷ one raw DynamoDB round trip
 *   - engine: CPU per event (budget < 1 ms)
 *   - Lambda: minified bundle size (budget < 500 KB) and module init time (budget < 300 ms)
 *   - launch: 10,000 invitations enqueued (budget < 30 s); export: 100,000 answers as CSV (budget < 10 s)
 */
import { GetItemCommand, PutItemCommand, QueryCommand, TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import { build, type BuildOptions } from 'esbuild';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateProtectorKeys } from '../adapters/crypto/node-protector.js';
import { ensureTable } from '../adapters/dynamodb/table.js';
import { handleInbound, handleTurn } from '../core/conversation/handle-inbound.js';
import type { ConversationStore } from '../core/ports.js';
import { compileSurvey } from '../flows/compile.js';
import { resumeFlow, startFlow } from '../flows/engine.js';
import { composeConversation } from '../functions/commons/compose.js';
import { JsonLogger } from '../adapters/logging/json-logger.js';
import { startDynamoDbLocal } from '../local/dynamodb-local.js';
import { DEMO_SURVEY, seedDemo } from '../local/seed.js';
import { startFakeSecretsManager } from '../tests/support/fake-secrets-manager.js';
import { exportBench } from './export.js';

const execFileAsync = promisify(execFile);
// This machine runs Node 20; Lambda runs Node 22. The SDK's notice about Node 20 would only clutter the figures.
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';
import { launchBench } from './launch.js';

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const ms = (ns: bigint): number => Number(ns) / 1e6;
const lines: string[] = [];
const report = (line: string) => {
  lines.push(line);
  process.stdout.write(`${line}\n`);
};

async function hotPath(): Promise<void> {
  const dynamo = await startDynamoDbLocal();
  try {
    await ensureTable(dynamo.client, 'bench');
    const deps = composeConversation({ dynamoDb: dynamo.client, tableName: 'bench', keys: generateProtectorKeys(), logger: new JsonLogger(() => {}) });
    await seedDemo(deps.directory, new Date());

    const calls = { claim: 0, load: 0, commit: 0 };
    const counting: ConversationStore = {
      claimInbound: (r) => (calls.claim++, deps.store.claimInbound(r)),
      loadParticipant: (k) => (calls.load++, deps.store.loadParticipant(k)),
      commit: (c) => (calls.commit++, deps.store.commit(c)),
    };
    const d = { ...deps, store: counting };
    let sid = 0;
    const message = (from: string, text: string) => ({ channel: 'sms' as const, from, text, buttonPayload: null, media: [], providerId: `SM${String(++sid).padStart(32, '0')}` });

    // Warm up: JIT, connections, catalog cache.
    for (let i = 0; i < 20; i++) await handleInbound(d, message(`+3247000${String(i).padStart(4, '0')}`, 'JOIN DEMO'));

    const roundTrips: number[] = [];
    for (let i = 0; i < 200; i++) {
      const t = process.hrtime.bigint();
      await dynamo.client.send(new GetItemCommand({ TableName: 'bench', Key: { pk: { S: 'P#demo' }, sk: { S: 'P' } } }));
      roundTrips.push(ms(process.hrtime.bigint() - t));
    }

    // The same three store calls done raw with the SDK: a conditional put, a Query, a 4-item transaction.
    const floor: number[] = [];
    for (let i = 0; i < 200; i++) {
      const pk = { S: `RAW#${i}` };
      const t = process.hrtime.bigint();
      await dynamo.client.send(new PutItemCommand({ TableName: 'bench', Item: { pk, sk: { S: 'IN' }, v: { S: 'x'.repeat(200) } }, ConditionExpression: 'attribute_not_exists(pk)' }));
      await dynamo.client.send(new QueryCommand({ TableName: 'bench', KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk } }));
      await dynamo.client.send(
        new TransactWriteItemsCommand({
          TransactItems: ['IN', 'C', 'S', 'A'].map((sk) => ({ Put: { TableName: 'bench', Item: { pk, sk: { S: sk }, v: { S: 'x'.repeat(300) } } } })),
        }),
      );
      floor.push(ms(process.hrtime.bigint() - t));
    }

    // Each measured message answers a question of an ongoing survey (the common case).
    const handler: number[] = [];
    const N = 200;
    calls.claim = calls.load = calls.commit = 0;
    for (let i = 0; i < N; i++) {
      const phone = `+3248000${String(i).padStart(4, '0')}`;
      await handleInbound(d, message(phone, 'JOIN DEMO'));
      await handleInbound(d, message(phone, '3'));
      await handleInbound(d, message(phone, 'yes'));
      const t = process.hrtime.bigint();
      await handleInbound(d, message(phone, '4'));
      handler.push(ms(process.hrtime.bigint() - t));
    }
    const perMessage = (n: number) => (n / (N * 4)).toFixed(2);
    report(`hot path: store calls per message — ledger put ${perMessage(calls.claim)}, reads ${perMessage(calls.load)}, transactions ${perMessage(calls.commit)} (budget: 1 + 1 + 1)`);
    const rt = median(roundTrips);
    const h = median(handler);
    const f = median(floor);
    report(`hot path: handler ${h.toFixed(2)} ms ÷ raw GetItem ${rt.toFixed(2)} ms = ${(h / rt).toFixed(1)}×`);
    report(`hot path: handler ÷ the same three calls done raw (put + query + 4-item transaction, ${f.toFixed(2)} ms) = ${(h / f).toFixed(2)}× (overhead of everything else: ${((h / f - 1) * 100).toFixed(0)}%)`);

    // A phone call's turn: the same path, plus what the call waits for next (from cached configuration).
    const turn = (from: string, text: string, event: 'start' | 'input') =>
      handleTurn(d, { channel: 'voice', from, text, buttonPayload: null, media: [], providerId: `CA${String(++sid).padStart(32, '0')}#0`, call: { event, entryProjectId: 'demo' } });
    const callTurns: number[] = [];
    calls.claim = calls.load = calls.commit = 0;
    for (let i = 0; i < N; i++) {
      const phone = `+3249000${String(i).padStart(4, '0')}`;
      await turn(phone, '', 'start');
      await turn(phone, '1', 'input');
      await turn(phone, '1', 'input');
      const t = process.hrtime.bigint();
      await turn(phone, '4', 'input');
      callTurns.push(ms(process.hrtime.bigint() - t));
    }
    const c = median(callTurns);
    report(`call turn: store calls per turn — ledger put ${perMessage(calls.claim)}, reads ${perMessage(calls.load)}, transactions ${perMessage(calls.commit)}; handler ${c.toFixed(2)} ms ÷ the same three calls raw = ${(c / f).toFixed(2)}×`);
  } finally {
    await dynamo.stop();
  }
}

function engine(): void {
  const survey = compileSurvey(DEMO_SURVEY);
  const inputs = ['yes', '4', 'xx', '1', 'because they listen', '2', 'letters', 'more time'];
  const N = 5000;
  const t = process.hrtime.bigint();
  let events = 0;
  for (let i = 0; i < N; i++) {
    let state = startFlow(survey).state;
    for (const text of inputs) {
      state = resumeFlow(survey, state, { text }).state;
      events++;
    }
  }
  const perEvent = ms(process.hrtime.bigint() - t) / events;
  report(`engine: ${(perEvent * 1000).toFixed(1)} µs per event = ${(perEvent / 1).toFixed(3)} of the 1 ms budget`);
}

/** Every Lambda of the stack (cdk/stem-stack.ts), with the environment its module reads at init. */
const FUNCTIONS: Record<string, Record<string, string>> = {
  'twilio-messages': { PUBLIC_URL: 'https://example.org' },
  api: {
    USER_POOL_ID: 'eu-west-1_AbC123xyz',
    USER_POOL_CLIENT_ID: '1example23456789abcdefghij',
    DELIVERY_QUEUE_URLS: JSON.stringify({ sms: 'https://sqs.eu-west-1.amazonaws.com/1/s', whatsapp: 'https://sqs.eu-west-1.amazonaws.com/1/w', voice: 'https://sqs.eu-west-1.amazonaws.com/1/v' }),
    AUDIO_BUCKET: 'audio',
    MEDIA_KMS_KEY_ID: 'arn:aws:kms:eu-west-1:1:key/k',
  },
  dashboard: { PUBLIC_URL: 'https://example.org', USER_POOL_CLIENT_ID: '1example23456789abcdefghij', COGNITO_DOMAIN: 'https://stem-bench.auth.eu-west-1.amazoncognito.com' },
  pictures: { PUBLIC_URL: 'https://example.org' },
  'delivery-worker': { TWILIO_ACCOUNT_SID: `AC${'0'.repeat(32)}`, TWILIO_SMS_FROM: '+3225550100', TWILIO_WHATSAPP_FROM: 'whatsapp:+3225550100' },
  'voice-worker': {
    TWILIO_ACCOUNT_SID: `AC${'0'.repeat(32)}`,
    TWILIO_SMS_FROM: '+3225550100',
    TWILIO_WHATSAPP_FROM: 'whatsapp:+3225550100',
    AUDIO_BUCKET: 'audio',
    TRANSCRIPT_BUCKET: 'out',
    MEDIA_KMS_KEY_ID: 'arn:aws:kms:eu-west-1:1:key/k',
  },
  'transcribe-events': { AUDIO_BUCKET: 'audio', TRANSCRIPT_BUCKET: 'out', MEDIA_KMS_KEY_ID: 'arn:aws:kms:eu-west-1:1:key/k' },
  sweep: { DELIVERY_QUEUE_URLS: JSON.stringify({ sms: 'https://sqs.eu-west-1.amazonaws.com/1/s', whatsapp: 'https://sqs.eu-west-1.amazonaws.com/1/w', voice: 'https://sqs.eu-west-1.amazonaws.com/1/v' }), VOICE_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/1/vj' },
};

/** As cdk/stem-stack.ts bundles them: fontkit's JavaScript Brotli decoder swapped for Node's own. */
const ALIASES: Record<string, Record<string, string>> = { pictures: { brotli: join(import.meta.dirname, '../adapters/images/node-brotli') } };

async function lambdaBundle(): Promise<void> {
  // Inside the project so that the external AWS SDK resolves from node_modules, as the runtime provides it.
  const dir = join(import.meta.dirname, '../node_modules/.cache/stem-bench');
  mkdirSync(dir, { recursive: true });
  const options: BuildOptions = {
    bundle: true,
    minify: true,
    platform: 'node',
    target: 'node22',
    format: 'esm',
    charset: 'utf8', // as cdk/constructs/stem-function.ts bundles
    banner: { js: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);" },
  };
  // Init includes reading the three secrets (from a local server speaking Secrets Manager's protocol: a
  // loopback round trip, so this measures our code, not the network to AWS).
  const secrets = await startFakeSecretsManager({ twilioAuthToken: 'x', ...generateProtectorKeys() });
  try {
    for (const [name, extra] of Object.entries(FUNCTIONS)) {
      const outfile = join(dir, `${name}.mjs`);
      // As CDK's NodejsFunction bundles for nodejs22.x: the runtime's AWS SDK v3 is not bundled.
      await build({ ...options, entryPoints: [join(import.meta.dirname, `../functions/${name}.ts`)], outfile, external: ['@aws-sdk/*'], alias: ALIASES[name] ?? {} });
      const size = statSync(outfile).size;
      const probe = join(dir, `init-${name}.mjs`);
      writeFileSync(probe, `const t = performance.now(); await import(${JSON.stringify(outfile)}); process.stdout.write(String(performance.now() - t));`);
      const env = { ...process.env, ...secrets.env, TABLE_NAME: 'bench', ...extra, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };
      const runs: number[] = [];
      for (let i = 0; i < 5; i++) runs.push(Number((await execFileAsync(process.execPath, [probe], { env })).stdout));
      const init = median(runs);
      report(
        `lambda ${name}: bundle ${(size / 1024).toFixed(0)} KB minified = ${(size / (500 * 1024)).toFixed(2)} of the 500 KB budget; module init ${init.toFixed(0)} ms (secrets read included, median of 5 cold processes) = ${(init / 300).toFixed(2)} of the 300 ms budget`,
      );
    }
  } finally {
    await secrets.stop();
  }
}

// `npm run bench -- lambda export` runs only those sections; a full run also keeps its figures in last-run.txt.
const SECTIONS = { engine: async () => engine(), lambda: lambdaBundle, 'hot-path': hotPath, launch: () => launchBench(report), export: () => exportBench(report) };
const asked = process.argv.slice(2);
const unknown = asked.filter((name) => !(name in SECTIONS));
if (unknown.length) throw new Error(`unknown bench section(s): ${unknown.join(', ')}; known: ${Object.keys(SECTIONS).join(', ')}`);
for (const [name, run] of Object.entries(SECTIONS)) if (!asked.length || asked.includes(name)) await run();
if (!asked.length) writeFileSync(join(import.meta.dirname, 'last-run.txt'), `${new Date().toISOString()} node ${process.version}\n${lines.join('\n')}\n`);
