/**
 * Export budget of DESIGN.md: 100,000 answers stream out as CSV in under 10 s locally, in constant
 * memory. Writes a round of 100,000 answers to DynamoDB Local, then reads the round CSV through the real
 * route (authentication, DynamoDB Query pages, CSV, HTTP body stream) into a sink that only counts.
 * `npx tsx bench/export.ts` runs it alone; `bench/run.ts` may call `exportBench(report)`.
 */
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { Hono } from 'hono';
import { pathToFileURL } from 'node:url';
import { DynamoDbAnswerSource } from '../adapters/dynamodb/answer-source.js';
import { DynamoDbDirectory } from '../adapters/dynamodb/directory.js';
import { documentClient, ensureTable, keys } from '../adapters/dynamodb/table.js';
import { DynamoDbUsers } from '../adapters/dynamodb/users.js';
import { JsonLogger } from '../adapters/logging/json-logger.js';
import { Catalog } from '../core/conversation/catalog.js';
import type { Answer } from '../core/model.js';
import { authenticate, onApiError, type ApiEnv } from '../functions/http/api/context.js';
import { resultsRoutes } from '../functions/http/api/results-routes.js';
import { startDynamoDbLocal } from '../local/dynamodb-local.js';
import { seedDemo } from '../local/seed.js';

const ANSWERS = 100_000;
const BUDGET_S = 10;
const TABLE = 'bench-export';

/** The demo check-in as people answer it: every kind of value, quotes, commas, Arabic, a formula. */
function answerAt(i: number, round: { projectId: string; roundId: string; surveyId: string; surveyVersion: number }): Answer {
  const respondent = Math.floor(i / 7);
  const texts = ['Meer uren open, aub', 'Ze zeiden "wacht"', 'أحتاج إلى دروس اللغة', '=1+1', 'Plus de temps pour parler'];
  const byQuestion: Array<[string, Answer['value']]> = [
    ['consent', 'yes'],
    ['energy', (respondent % 5) + 1],
    ['respected', ['true', 'not_true', 'dont_know'][respondent % 3] ?? 'true'],
    ['respected.probe', texts[respondent % 5] ?? ''],
    ['understood', 'not_true'],
    ['understood.probe', texts[(respondent + 2) % 5] ?? ''],
    ['change', texts[(respondent + 4) % 5] ?? ''],
  ];
  const [questionId, value] = byQuestion[i % 7] ?? ['consent', 'yes'];
  return {
    projectId: round.projectId,
    roundId: round.roundId,
    respondentCode: `R${respondent.toString(32).toUpperCase().padStart(10, '0')}`,
    surveyId: round.surveyId,
    surveyVersion: round.surveyVersion,
    questionId,
    value,
    status: 'answered',
    language: ['nl', 'fr', 'en', 'ar'][respondent % 4] ?? 'nl',
    channel: respondent % 3 ? 'sms' : 'whatsapp',
    day: '2026-11-23',
    voice: null,
    transcript: null,
    translation: null,
  };
}

async function batchWrite(db: DynamoDBDocumentClient, items: Array<Record<string, unknown>>): Promise<void> {
  let pending = items.map((Item) => ({ PutRequest: { Item } }));
  while (pending.length > 0) {
    const out = await db.send(new BatchWriteCommand({ RequestItems: { [TABLE]: pending } }));
    pending = (out.UnprocessedItems?.[TABLE] ?? []).flatMap((r) => (r.PutRequest?.Item ? [{ PutRequest: { Item: r.PutRequest.Item } }] : []));
  }
}

export async function exportBench(report: (line: string) => void): Promise<void> {
  const dynamo = await startDynamoDbLocal();
  try {
    await ensureTable(dynamo.client, TABLE);
    const db = documentClient(dynamo.client);
    const directory = new DynamoDbDirectory(db, TABLE);
    const { round } = await seedDemo(directory, new Date());
    const users = new DynamoDbUsers(db, TABLE);
    const token = await users.issueToken({ role: 'coordinator', userId: 'bench' });

    const writeStart = performance.now();
    let next = 0;
    const writer = async () => {
      for (;;) {
        const at = next;
        next += 25;
        if (at >= ANSWERS) return;
        const items = Array.from({ length: Math.min(25, ANSWERS - at) }, (_, j) => {
          const a = answerAt(at + j, round);
          return { ...keys.answer(a.projectId, a.roundId, a.respondentCode, a.questionId), kind: 'answer', ...a };
        });
        await batchWrite(db, items);
      }
    };
    await Promise.all(Array.from({ length: 16 }, writer));
    const writeS = (performance.now() - writeStart) / 1000;

    const app = new Hono<ApiEnv>()
      .use('/api/*', authenticate(users))
      .route('/', resultsRoutes({ directory, catalog: new Catalog(directory, { now: () => new Date() }), answers: new DynamoDbAnswerSource(db, TABLE) }))
      .onError(onApiError(new JsonLogger(() => {})));

    const rssBefore = process.memoryUsage().rss;
    let rssPeak = rssBefore;
    const sample = () => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss));
    const timer = setInterval(sample, 20);
    const t = performance.now();
    const response = await app.request(`/api/projects/${round.projectId}/rounds/${round.roundId}/results.csv`, { headers: { authorization: `Bearer ${token}` } });
    if (response.status !== 200 || !response.body) throw new Error(`export answered ${response.status}`);
    let bytes = 0;
    let lines = 0;
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
      for (const byte of value) if (byte === 0x0a) lines++;
      sample();
    }
    const seconds = (performance.now() - t) / 1000;
    clearInterval(timer);
    // Rows with a line break inside a quoted answer would count twice; the bench data has none.
    if (lines !== ANSWERS + 1) throw new Error(`expected ${ANSWERS + 1} lines, got ${lines}`);
    const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
    report(
      `export: ${ANSWERS} answers in ${seconds.toFixed(2)} s = ${(seconds / BUDGET_S).toFixed(2)} of the ${BUDGET_S} s budget; peak RSS growth ${mb(rssPeak - rssBefore)} MB (CSV ${mb(bytes)} MB; writing the round took ${writeS.toFixed(1)} s)`,
    );
  } finally {
    await dynamo.stop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await exportBench((line) => process.stdout.write(`${line}\n`));
}
