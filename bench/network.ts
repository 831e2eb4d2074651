/**
 * A network-sized run (issue 19, item 5), on one DynamoDB Local: 200 organisations, 1,000 projects (five
 * each, the demo's languages and survey), 50,000 participants enrolled (50 per project) and a round launched
 * in every project; then 10,000 people (10 per project) join with their project's code and answer the whole
 * check-in through the signed messaging webhook (the Hono app of the Lambda, in process, every request
 * signed as Twilio signs it), 16 conversations at a time; then one sweep pass; then every round's CSV
 * through the staff API's export route, as a coordinator. Each figure is held against a budget set from
 * its floor: what the work cannot cost less than (items that must be read or written, requests a message
 * must make), times an allowance. `NETWORK_SCALE=0.1` runs a tenth of everything (the figures say so).
 */
import { ExceljsWorkbooks } from '../adapters/xlsx/exceljs-workbook.js';
import { Hono } from 'hono';
import { pathToFileURL } from 'node:url';
import { generateProtectorKeys, NodeCryptoProtector } from '../adapters/crypto/node-protector.js';
import { enrolmentItem } from '../adapters/dynamodb/participants.js';
import { documentClient, ensureTable } from '../adapters/dynamodb/table.js';
import { DynamoDbUsers } from '../adapters/dynamodb/users.js';
import { JsonLogger } from '../adapters/logging/json-logger.js';
import { twilioSignature } from '../adapters/twilio/signature.js';
import { launchRound } from '../core/rounds/launch-round.js';
import type { DeliveryJob } from '../core/rounds/ports.js';
import { sweep } from '../core/rounds/sweep.js';
import { composeConversation } from '../functions/commons/compose.js';
import { authenticate, onApiError, type ApiEnv } from '../http/api/context.js';
import { resultsRoutes } from '../http/api/results-routes.js';
import { MESSAGES_PATH, messagingRoutes } from '../http/messaging-routes.js';
import { startDynamoDbLocal } from '../local/dynamodb-local.js';
import { DEMO_PROJECT, seedDemo } from '../local/seed.js';
import { conversation } from './hot-path-mix.js';
import { batchWriteAll, countReads } from './dynamo-io.js';
import { formatTable, underBudget, type Figure } from './report.js';

const SCALE = Number(process.env.NETWORK_SCALE ?? 1);
const ORGANISATIONS = Math.max(1, Math.round(200 * SCALE));
const PROJECTS_PER_ORGANISATION = 5;
const ENROLLED_PER_PROJECT = 50;
const ANSWERING_PER_PROJECT = 10;
const IN_FLIGHT = 16;
const TABLE = 'bench-network';
const PUBLIC_URL = 'https://stem.example.be';
const TOKEN = 'bench-network-twilio-token-0123456789';
const SERVICE_NUMBER = '+3225550100';
/** The slowest a conversation may take in all before the run stops: bounded in time. */
const CONVERSATIONS_TIMEOUT_MS = 30 * 60 * 1000;

/** Run `tasks` with at most `limit` at once. */
async function pool<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) await task(items[next++] as T);
    }),
  );
}

const seconds = (t0: number) => (performance.now() - t0) / 1000;

export async function networkBench(): Promise<{ figures: Figure[] }> {
  const dynamo = await startDynamoDbLocal();
  try {
    await ensureTable(dynamo.client, TABLE);
    const reads = countReads(dynamo.client);
    const deps = composeConversation({ dynamoDb: dynamo.client, tableName: TABLE, keys: generateProtectorKeys(), logger: new JsonLogger(() => {}) });
    const db = documentClient(dynamo.client);
    const { round: demoRound } = await seedDemo(deps.directory, new Date());
    const projects = Array.from({ length: ORGANISATIONS * PROJECTS_PER_ORGANISATION }, (_, i) => ({
      ...DEMO_PROJECT,
      projectId: `net${i}`,
      organisationId: `org${Math.floor(i / PROJECTS_PER_ORGANISATION)}`,
      name: `Project ${i}`,
      joinCode: `NET${i}`,
      callNumber: null,
    }));
    for (const p of projects) await deps.directory.putProject(p);
    const enrolments = projects.flatMap((p, i) =>
      Array.from({ length: ENROLLED_PER_PROJECT }, (_, n) =>
        enrolmentItem({
          projectId: p.projectId,
          contactKey: deps.protector.contactKey(`+3247${String(i * ENROLLED_PER_PROJECT + n).padStart(7, '0')}`),
          language: ['nl', 'fr', 'en', 'ar'][n % 4] ?? 'nl',
          channel: n % 3 === 0 ? 'whatsapp' : 'sms',
          source: 'import',
          day: '2026-12-01',
        }),
      ),
    );
    await batchWriteAll(db, TABLE, enrolments, 8);

    // Launch: a round in every project, its invitations written and queued (the queue counts).
    const queued: DeliveryJob[] = [];
    const queue = { enqueue: async (jobs: readonly DeliveryJob[]) => void queued.push(...jobs) };
    const now = new Date();
    const spec = {
      label: 'start',
      surveyId: demoRound.surveyId,
      surveyVersion: demoRound.surveyVersion,
      opensAt: new Date(now.getTime() - 60_000).toISOString(),
      closesAt: new Date(now.getTime() + 14 * 86_400_000).toISOString(),
      reminderAfterHours: 48,
    };
    reads.take();
    let t0 = performance.now();
    const rounds = new Map<string, string>();
    await pool(projects, 8, async (p) => {
      const { round } = await launchRound({ rounds: deps.directory, participants: deps.participants, queue, clock: { now: () => now } }, p, spec);
      rounds.set(p.projectId, round.roundId);
    });
    const launchSeconds = seconds(t0);
    const launchRequests = reads.take().requests;
    if (queued.length !== enrolments.length) throw new Error(`launch queued ${queued.length} invitations, not ${enrolments.length}`);

    // 10 people per project join with its code and answer the whole check-in, through the signed webhook.
    const app = new Hono().route('/', messagingRoutes(deps, { publicUrl: PUBLIC_URL, twilioAuthToken: TOKEN, serviceNumbers: new Set([SERVICE_NUMBER]) }));
    const people = projects.flatMap((p, i) =>
      Array.from({ length: ANSWERING_PER_PROJECT }, (_, n) => {
        const c = conversation(i * ANSWERING_PER_PROJECT + n, '+3248');
        return { ...c, phone: `+3248${String(i * ANSWERING_PER_PROJECT + n).padStart(7, '0')}`, texts: [`JOIN ${p.joinCode}`, ...c.texts.slice(1)] };
      }),
    );
    let sid = 0;
    let messages = 0;
    let failures = 0;
    reads.take();
    t0 = performance.now();
    const deadline = Date.now() + CONVERSATIONS_TIMEOUT_MS;
    await pool(people, IN_FLIGHT, async (c) => {
      for (const text of c.texts) {
        if (Date.now() > deadline) throw new Error('the conversations took longer than their bound');
        const from = c.channel === 'whatsapp' ? `whatsapp:${c.phone}` : c.phone;
        const to = c.channel === 'whatsapp' ? `whatsapp:${SERVICE_NUMBER}` : SERVICE_NUMBER;
        const params = {
          MessageSid: `SM${(++sid).toString(16).padStart(32, '0')}`,
          AccountSid: `AC${'1'.repeat(32)}`,
          From: from,
          To: to,
          Body: text,
          NumMedia: '0',
        };
        const response = await app.request(MESSAGES_PATH, {
          method: 'POST',
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            'x-twilio-signature': twilioSignature(TOKEN, `${PUBLIC_URL}${MESSAGES_PATH}`, params),
          },
          body: new URLSearchParams(params).toString(),
        });
        messages++;
        if (response.status !== 200) failures++;
        await response.arrayBuffer();
      }
    });
    const conversationSeconds = seconds(t0);
    const conversationRequests = reads.take().requests;
    if (failures > 0) throw new Error(`${failures} of ${messages} webhook requests failed`);
    let completed = 0;
    for (const p of projects) {
      for await (const page of deps.answers.records(p.projectId, rounds.get(p.projectId) ?? '')) for (const r of page) if (!('questionId' in r)) completed++;
    }
    if (completed !== people.length) throw new Error(`${completed} surveys completed, not ${people.length}`);

    // One sweep pass: every invitation is still queued (no worker sent them here), so all are due.
    reads.take();
    t0 = performance.now();
    const swept = await sweep({
      projects: () => deps.directory.listProjects(),
      rounds: deps.directory,
      participants: deps.participants,
      queue,
      clock: { now: () => new Date() },
    });
    const sweepSeconds = seconds(t0);
    const sweepRead = reads.take().items;
    const sweepFloor = enrolments.length + projects.length + 1 + projects.length + 1; // due entries, projects and their rounds (the demo's too)

    // Every round's CSV, as a coordinator, through the staff API's route (releases made on the first read).
    const token = await new DynamoDbUsers(db, TABLE).issueToken({ role: 'coordinator', userId: 'bench' });
    const api = new Hono<ApiEnv>()
      .use('/api/*', authenticate(deps.users))
      .route('/', resultsRoutes({ ...deps, workbooks: new ExceljsWorkbooks(), protector: new NodeCryptoProtector(generateProtectorKeys()) }))
      .onError(onApiError(new JsonLogger(() => {})));
    let rows = 0;
    const exportAll = async () => {
      rows = 0;
      await pool(projects, 4, async (p) => {
        const response = await api.request(`/api/projects/${p.projectId}/rounds/${rounds.get(p.projectId) ?? ''}/results.csv`, {
          headers: { authorization: `Bearer ${token}` },
        });
        if (response.status !== 200) throw new Error(`export of ${p.projectId} answered ${response.status}`);
        rows += (await response.text()).split('\n').filter((l) => l.trim() !== '').length - 1;
      });
    };
    // The first export of each round makes its first release (core/results/releases.ts): a pass to find who
    // finished, a pass to tally them, the round's invitations for its progress; then the CSV's own pass.
    reads.take();
    t0 = performance.now();
    await exportAll();
    const firstExportSeconds = seconds(t0);
    const firstExportRead = reads.take().items;
    // Every later one reads the releases as they stand, and the round once.
    t0 = performance.now();
    await exportAll();
    const exportSeconds = seconds(t0);
    const exportRead = reads.take().items;

    const answerRecords = people.reduce((n, c) => n + c.answers, 0);
    const roundRecords = answerRecords + completed;
    const invitationItems = enrolments.length + people.length; // the imported, and the joiners' entries
    const scale = SCALE === 1 ? '' : ` (scale ${SCALE})`;
    const section = 'network';
    // Floors: a launch writes one invitation per person (25 per batch at best); a message makes 3 requests
    // (ledger, read, transaction: the hot path's floor); a pass reads what is due plus the listings; an
    // export reads each answer and completion once, and the first one, which makes the round's first
    // release, twice more (the release reads the round in two passes so as never to hold it in memory:
    // core/results/ports.ts) and the round's invitations once.
    const firstExportFloor = (3 * roundRecords + invitationItems) / roundRecords;
    const launchFloor = enrolments.length / 25 + projects.length;
    const perSurvey = conversationRequests / completed;
    const perSurveyFloor = (3 * messages) / completed;
    return {
      figures: [
        underBudget({
          section,
          name: `launch, ${projects.length} rounds${scale}`,
          value: launchSeconds,
          unit: 's',
          budget: (30 * enrolments.length) / 10_000,
          note: `${enrolments.length} invitations written and queued, 8 launches at a time, ${launchRequests} DynamoDB requests (floor ${launchFloor.toFixed(0)}: one batch of 25 per 25 invitations and one round per project); budget: DESIGN's 30 s per 10,000`,
        }),
        underBudget({
          section,
          name: `DynamoDB requests per completed survey${scale}`,
          value: perSurvey,
          unit: '',
          budget: perSurveyFloor * 1.25,
          note: `${completed} check-ins completed by ${messages} signed webhook requests in ${conversationSeconds.toFixed(0)} s (${(messages / conversationSeconds).toFixed(0)} messages/s, ${IN_FLIGHT} conversations at a time); floor ${perSurveyFloor.toFixed(1)} (3 per message), budget 1.25× it (join-code look-ups and the limiter's counters on top)`,
        }),
        underBudget({
          section,
          name: `sweep pass, items read${scale}`,
          value: sweepRead,
          unit: 'items',
          budget: sweepFloor * 1.1,
          note: `one pass in ${sweepSeconds.toFixed(1)} s with all ${enrolments.length} invitations due (no worker sent them here): ${swept.invites} invitations enqueued; floor ${sweepFloor} (the due entries, the project listing and each project's rounds)`,
        }),
        underBudget({
          section,
          name: `first export of every round (makes its release), items read per answer record${scale}`,
          value: firstExportRead / roundRecords,
          unit: '',
          budget: firstExportFloor * 1.1,
          note: `${projects.length} CSVs (${rows} rows) in ${firstExportSeconds.toFixed(1)} s, 4 at a time, as a coordinator; ${firstExportRead} items read for ${answerRecords} answers, ${completed} completions and ${invitationItems} invitations; floor ${firstExportFloor.toFixed(2)} (three passes over the round and its invitations once), budget 1.1× it (releases, surveys, projects)`,
        }),
        underBudget({
          section,
          name: `later export of every round, items read per answer record${scale}`,
          value: exportRead / roundRecords,
          unit: '',
          budget: 1.1,
          note: `the same ${projects.length} CSVs again in ${exportSeconds.toFixed(1)} s, the releases made: ${exportRead} items read; floor 1 (each answer and completion once), budget 1.1× it`,
        }),
      ],
    };
  } finally {
    await dynamo.stop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.stdout.write(`${formatTable((await networkBench()).figures)}\n`);
}
