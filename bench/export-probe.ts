/**
 * One export in a process of its own (started by bench/export.ts), so that its peak memory is the
 * export's, as in a fresh Lambda: reads a round's CSV or XLSX (BENCH_FILE: `results.csv`, the default, or
 * `results.xlsx`) through the staff API's route from DynamoDB Local into a sink that only counts, and
 * prints its timings, the DynamoDB items it read and the process's peak resident set as JSON.
 */
import { Hono } from 'hono';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { DynamoDbAnswerSource } from '../adapters/dynamodb/answer-source.js';
import { DynamoDbCoding } from '../adapters/dynamodb/coding-store.js';
import { DynamoDbDirectory } from '../adapters/dynamodb/directory.js';
import { DynamoDbParticipants } from '../adapters/dynamodb/participants.js';
import { DynamoDbReleases } from '../adapters/dynamodb/releases.js';
import { generateProtectorKeys, NodeCryptoProtector } from '../adapters/crypto/node-protector.js';
import { documentClient } from '../adapters/dynamodb/table.js';
import { DynamoDbUsers } from '../adapters/dynamodb/users.js';
import { JsonLogger } from '../adapters/logging/json-logger.js';
import { ExceljsWorkbooks } from '../adapters/xlsx/exceljs-workbook.js';
import { Catalog } from '../core/conversation/catalog.js';
import { authenticate, onApiError, type ApiEnv } from '../http/api/context.js';
import { resultsRoutes } from '../http/api/results-routes.js';
import { localDynamoDbClient } from '../local/dynamodb-local.js';
import { countReads } from './dynamo-io.js';

export interface ExportProbeResult {
  /** The first read of results (the summary), which makes the round's releases. */
  releaseSeconds: number;
  seconds: number;
  firstByteSeconds: number;
  bytes: number;
  lines: number;
  chunks: number;
  /** Resident set once everything is loaded and collected, just before the timed export, bytes. */
  rssBefore: number;
  /** The process's peak resident set over the timed export (the kernel's high-water mark), bytes. */
  rssPeak: number;
  /** Second pass: the most live memory (heap and external, right after a full collection) above what was live before the first, bytes. */
  liveGrowth: number;
  liveSamples: number;
  /** DynamoDB items the timed export read (ScannedCount of its queries, Get items), and its requests. */
  itemsRead: number;
  requests: number;
}

const arg = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`export probe: ${name} is not set`);
  return value;
};

/** A full collection, so that what is measured is live memory only (the flag can be set at run time). */
function collector(): () => void {
  setFlagsFromString('--expose-gc');
  const gc: unknown = runInNewContext('gc');
  if (typeof gc !== 'function') throw new Error('export probe: no access to the garbage collector');
  return () => void gc();
}
const collect = collector();
const live = () => {
  const m = process.memoryUsage();
  return m.heapUsed + m.external;
};

const table = arg('BENCH_TABLE');
const raw = localDynamoDbClient(arg('BENCH_DYNAMODB_ENDPOINT'));
const reads = countReads(raw);
const db = documentClient(raw);
const directory = new DynamoDbDirectory(db, table);
const clock = { now: () => new Date() };
const app = new Hono<ApiEnv>()
  .use('/api/*', authenticate(new DynamoDbUsers(db, table)))
  .route(
    '/',
    resultsRoutes({
      directory,
      catalog: new Catalog(directory, clock),
      answers: new DynamoDbAnswerSource(db, table),
      coding: new DynamoDbCoding(db, table),
      releases: new DynamoDbReleases(db, table),
      participants: new DynamoDbParticipants(db, table),
      protector: new NodeCryptoProtector(generateProtectorKeys()),
      clock,
      workbooks: new ExceljsWorkbooks(),
    }),
  )
  .onError(onApiError(new JsonLogger(() => {})));
const path = `/api/projects/${arg('BENCH_PROJECT')}/rounds/${arg('BENCH_ROUND')}/${process.env['BENCH_FILE'] ?? 'results.csv'}`;
const headers = { authorization: `Bearer ${arg('BENCH_TOKEN')}` };

async function exportOnce(): Promise<{ seconds: number; firstByteSeconds: number; bytes: number; lines: number; chunks: number }> {
  const t = performance.now();
  let firstByte = NaN;
  let bytes = 0;
  let lines = 0;
  let chunks = 0;
  const response = await app.request(path, { headers });
  if (response.status !== 200 || !response.body) throw new Error(`export answered ${response.status}`);
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (chunks++ === 0) firstByte = performance.now() - t;
    bytes += value.byteLength;
    for (const byte of value) if (byte === 0x0a) lines++;
  }
  return { seconds: (performance.now() - t) / 1000, firstByteSeconds: firstByte / 1000, bytes, lines, chunks };
}

// Warm the code paths and the connection on a missing round, not on the measured one.
await app.request(path.replace(/rounds\/[^/]+/, 'rounds/none'), { headers });
// The first read of results makes the releases (disclosure control): timed on its own.
const releaseStart = performance.now();
const summary = await app.request(`/api/projects/${arg('BENCH_PROJECT')}/summary`, { headers });
if (summary.status !== 200) throw new Error(`summary answered ${summary.status}`);
await summary.arrayBuffer();
const releaseSeconds = (performance.now() - releaseStart) / 1000;
collect();
const rssBefore = process.memoryUsage().rss;
// What is live before any export: what the exports keep afterwards (caches, connections) counts as theirs.
const baseline = live();
// First pass, timed, left alone: its time, its reads, and the resident set V8 lets it grow to (garbage included).
reads.take();
const timed = await exportOnce();
const { items: itemsRead, requests } = reads.take();
const rssPeak = process.resourceUsage().maxRSS * 1024;

// Second pass: live memory, collected and sampled every 200 ms (on a timer, so that an export that
// buffers before its first byte is sampled too).
let liveGrowth = 0;
let liveSamples = 0;
const sample = () => {
  collect();
  liveGrowth = Math.max(liveGrowth, live() - baseline);
  liveSamples++;
};
const timer = setInterval(sample, 200);
try {
  await exportOnce();
} finally {
  clearInterval(timer);
}

const result: ExportProbeResult = { ...timed, releaseSeconds, rssBefore, rssPeak, liveGrowth, liveSamples, itemsRead, requests };
process.stdout.write(`${JSON.stringify(result)}\n`);
