/**
 * The sweep reads what is due, not what is enrolled (issue 19, item 4). One open round with OPEN
 * invitations, all sent and none yet due a reminder (their due index entries already at their reminder
 * time, as after the first pass that saw them); then 0, 100 and 10,000 of them made due. Each figure is
 * the DynamoDB items one pass reads (the ScannedCount of its queries, and Get/BatchGet items), counted by
 * a middleware on the client: the project listing, the rounds and the due entries. The pass before the
 * due index read every invitation of every open round on every pass: the reference figure counts that
 * read on the same table.
 */
import { pathToFileURL } from 'node:url';
import { generateProtectorKeys } from '../adapters/crypto/node-protector.js';
import { dueShard } from '../adapters/dynamodb/due-index.js';
import { invitationItem } from '../adapters/dynamodb/participants.js';
import { documentClient, ensureTable } from '../adapters/dynamodb/table.js';
import { JsonLogger } from '../adapters/logging/json-logger.js';
import type { Invitation } from '../core/model.js';
import type { DeliveryJob } from '../core/rounds/ports.js';
import { sweep } from '../core/rounds/sweep.js';
import { composeConversation } from '../functions/commons/compose.js';
import { startDynamoDbLocal } from '../local/dynamodb-local.js';
import { DEMO_PROJECT, DEMO_SURVEY, seedDemo } from '../local/seed.js';
import { batchWriteAll, countReads } from './dynamo-io.js';
import { formatTable, underBudget, type Figure } from './report.js';

/** Open invitations; `SWEEP_BENCH_INVITATIONS` scales it down on a slow machine (the figures say how many). */
const OPEN = Number(process.env.SWEEP_BENCH_INVITATIONS ?? 100_000);
const HOUR = 3600 * 1000;
const TABLE = 'bench-sweep';
/** Besides the due entries, a pass reads the project listing and each project's rounds: a handful here. */
const OVERHEAD = 20;

export async function sweepBench(): Promise<{ figures: Figure[] }> {
  const dynamo = await startDynamoDbLocal();
  try {
    await ensureTable(dynamo.client, TABLE);
    const deps = composeConversation({ dynamoDb: dynamo.client, tableName: TABLE, keys: generateProtectorKeys(), logger: new JsonLogger(() => {}) });
    const now = new Date();
    await seedDemo(deps.directory, now);
    const db = documentClient(dynamo.client);
    const project = { ...DEMO_PROJECT, projectId: 'bench', joinCode: 'BENCH' };
    await deps.directory.putProject(project);
    const round = {
      projectId: 'bench',
      roundId: 'open',
      label: 'open',
      surveyId: DEMO_SURVEY.id,
      surveyVersion: DEMO_SURVEY.version,
      opensAt: new Date(now.getTime() - 2 * 24 * HOUR).toISOString(),
      closesAt: new Date(now.getTime() + 12 * 24 * HOUR).toISOString(),
      reminderAfterHours: 48,
    };
    await deps.directory.putRound(round, { create: true });

    // Sent an hour ago: a reminder is due in 47 hours; the entry already says so.
    const sent = (i: number, invitedAt: Date): Record<string, unknown> => {
      const inv: Invitation = {
        projectId: 'bench',
        roundId: 'open',
        contactKey: `c${String(i).padStart(7, '0')}`,
        language: 'nl',
        channel: i % 3 === 0 ? 'whatsapp' : 'sms',
        status: 'invited',
        failure: null,
        invitedAt: invitedAt.toISOString(),
        remindedAt: null,
        progress: 'none',
      };
      return { ...invitationItem(inv), dueShard: dueShard(inv.contactKey), dueAt: new Date(invitedAt.getTime() + 48 * HOUR).toISOString() };
    };
    const write = (items: Array<Record<string, unknown>>): Promise<void> => batchWriteAll(db, TABLE, items);
    const loadStarted = performance.now();
    const invitedAt = new Date(now.getTime() - HOUR);
    await write(Array.from({ length: OPEN }, (_, i) => sent(i, invitedAt)));
    const loadSeconds = (performance.now() - loadStarted) / 1000;

    const reads = countReads(dynamo.client);
    const jobs: DeliveryJob[] = [];
    const pass = async (): Promise<{ read: number; reminders: number }> => {
      jobs.length = 0;
      reads.take();
      const counts = await sweep({
        projects: () => deps.directory.listProjects(),
        rounds: deps.directory,
        participants: deps.participants,
        queue: { enqueue: async (j) => void jobs.push(...j) },
        clock: { now: () => now },
      });
      return { read: reads.take().items, reminders: counts.reminders };
    };

    const figures: Figure[] = [];
    const open = `${OPEN.toLocaleString('en')} open invitations`;
    for (const due of [0, 100, 10_000]) {
      // Made due: sent 49 hours ago (the first `due` of them), their entries at their reminder time.
      if (due) await write(Array.from({ length: due }, (_, i) => sent(i, new Date(now.getTime() - 49 * HOUR))));
      const { read, reminders } = await pass();
      if (reminders !== due) throw new Error(`a pass with ${due} due reminded ${reminders}`);
      figures.push(
        underBudget({
          section: 'sweep',
          name: `items read per pass, ${due.toLocaleString('en')} due`,
          value: read,
          unit: 'items',
          budget: due + OVERHEAD,
          note: `${open} (written in ${loadSeconds.toFixed(0)} s); ${due} reminders enqueued; budget: the due entries + ${OVERHEAD} (project listing, rounds)`,
        }),
      );
    }
    // The read the pass made before the due index: every invitation of the open round.
    reads.take();
    for await (const page of deps.participants.invitations('bench', 'open')) void page;
    const full = reads.take().items;
    if (full < OPEN) throw new Error(`the read counter saw ${full} items of ${OPEN}: it is not on the client the adapters use`);
    figures.push(
      underBudget({
        section: 'sweep',
        name: 'items read per pass, before the due index (reference)',
        value: full,
        unit: 'items',
        budget: OPEN + OVERHEAD,
        note: `every invitation of every open round, whatever was due (${open}); not a budget, the old cost`,
      }),
    );
    return { figures };
  } finally {
    await dynamo.stop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.stdout.write(`${formatTable((await sweepBench()).figures)}\n`);
}
