/**
 * Launch budget of DESIGN.md: launching a round enqueues 10,000 invitations in under 30 s. Enrols
 * 10,000 participants in DynamoDB Local, then times `launchRound` (round saved, survey frozen, 10,000
 * invitation items written, jobs sent to SQS through the real adapter, here to a loopback stand-in).
 * Sending the invitations is paced per channel by design and is not part of the launch.
 */
import { SQSClient } from '@aws-sdk/client-sqs';
import { pathToFileURL } from 'node:url';
import { generateProtectorKeys } from '../adapters/crypto/node-protector.js';
import { enrolmentItem } from '../adapters/dynamodb/participants.js';
import { documentClient, ensureTable } from '../adapters/dynamodb/table.js';
import { JsonLogger } from '../adapters/logging/json-logger.js';
import { launchRound } from '../core/rounds/launch-round.js';
import { composeConversation } from '../functions/commons/compose.js';
import { startDynamoDbLocal } from '../local/dynamodb-local.js';
import { DEMO_PROJECT, DEMO_SURVEY, seedDemo } from '../local/seed.js';
import { SqsJobQueue } from '../adapters/sqs/sqs-job-queue.js';
import { startFakeSqs } from './fake-sqs.js';
import { batchWrite } from './dynamo-io.js';
import { formatTable, underBudget, type Figure } from './report.js';

const PARTICIPANTS = 10_000;
const BUDGET_S = 30;

export async function launchBench(): Promise<{ figures: Figure[] }> {
  const dynamo = await startDynamoDbLocal();
  const sqs = await startFakeSqs();
  try {
    await ensureTable(dynamo.client, 'bench-launch');
    const deps = composeConversation({ dynamoDb: dynamo.client, tableName: 'bench-launch', keys: generateProtectorKeys(), logger: new JsonLogger(() => {}) });
    await seedDemo(deps.directory, new Date());
    const db = documentClient(dynamo.client);
    const project = { ...DEMO_PROJECT, projectId: 'bench' };
    await deps.directory.putProject({ ...project, joinCode: 'BENCH' });
    for (let i = 0; i < PARTICIPANTS; i += 25) {
      const items = Array.from({ length: Math.min(25, PARTICIPANTS - i) }, (_, n) =>
        enrolmentItem({
          projectId: 'bench',
          contactKey: `c${i + n}`,
          language: ['nl', 'fr', 'ar', 'en'][(i + n) % 4] ?? 'nl',
          channel: (i + n) % 3 === 0 ? 'whatsapp' : 'sms',
          source: 'import',
          day: '2026-11-23',
        }),
      );
      await batchWrite(db, 'bench-launch', items);
    }
    const client = new SQSClient({ endpoint: sqs.queueUrl(''), region: 'eu-west-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    const queue = new SqsJobQueue(client, { sms: sqs.queueUrl('sms'), whatsapp: sqs.queueUrl('whatsapp'), voice: sqs.queueUrl('voice') });
    const now = new Date();
    const started = process.hrtime.bigint();
    const { invitations } = await launchRound({ rounds: deps.directory, participants: deps.participants, queue, clock: { now: () => now } }, project, {
      label: 'start',
      surveyId: DEMO_SURVEY.id,
      surveyVersion: DEMO_SURVEY.version,
      opensAt: now.toISOString(),
      closesAt: new Date(now.getTime() + 14 * 86_400_000).toISOString(),
      reminderAfterHours: 48,
    });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    client.destroy();
    const enqueued = [...sqs.received.values()].reduce((a, b) => a + b, 0);
    if (invitations !== PARTICIPANTS || enqueued !== PARTICIPANTS)
      throw new Error(`launch wrote ${invitations} invitations and enqueued ${enqueued}, not ${PARTICIPANTS}`);
    const note = `launchRound: round saved, survey frozen, ${invitations} invitation items written, ${enqueued} jobs sent in ${sqs.batches} SendMessageBatch calls (16 in flight) to a loopback stand-in for SQS (in AWS each is a network round trip, not counted here)`;
    return {
      figures: [underBudget({ section: 'launch', name: `${PARTICIPANTS / 1000}k invitations enqueued`, value: seconds, unit: 's', budget: BUDGET_S, note })],
    };
  } finally {
    await sqs.stop();
    await dynamo.stop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.stdout.write(`${formatTable((await launchBench()).figures)}\n`);
}
