import { awsSdk } from '../adapters/aws/sdk.js';
import { JsonLogger } from '../adapters/logging/json-logger.js';
import { SqsJobQueue } from '../adapters/sqs/sqs-job-queue.js';
import { SqsVoiceQueue } from '../adapters/sqs/sqs-voice-queue.js';
import { sweep } from '../core/rounds/sweep.js';
import * as z from '../kernel/zod.js';
import { composeConversation } from './commons/compose.js';
import { loadSecrets, readEnv } from './commons/env.js';

const { DynamoDBClient } = awsSdk.dynamodb();
const { SQSClient } = awsSdk.sqs();

/**
 * The scheduler's pass (EventBridge Scheduler, every few minutes; the payload is ignored): invitations
 * of opened rounds and reminders onto the delivery queues, unfinished sessions of closed rounds expired
 * (their answers kept, counted incomplete), and every unfinished voice job back onto the
 * voice queue (retries, and polling Transcribe when its completion event did not come). Deadlines live
 * in the data, so a missed or doubled run loses nothing: the consumers' steps are guarded.
 */

const env = readEnv(
  z.object({
    TABLE_NAME: z.string().check(z.minLength(1)),
    /** JSON `{"sms": url, "whatsapp": url, "voice": url}`: one queue per channel, each paced by its consumer. */
    DELIVERY_QUEUE_URLS: z.pipe(z.pipe(z.string(), z.transform(parseJson)), z.object({ sms: z.url(), whatsapp: z.url(), voice: z.url() })),
    VOICE_QUEUE_URL: z.url(),
  }),
);

const logger = new JsonLogger(undefined, { fn: 'sweep' });
// Read once per cold start from Secrets Manager: the directory and participants need the keys.
const secrets = await loadSecrets();
const base = composeConversation({ dynamoDb: new DynamoDBClient({}), tableName: env.TABLE_NAME, keys: secrets.keys, logger });
const sqs = new SQSClient({});
const queue = new SqsJobQueue(sqs, env.DELIVERY_QUEUE_URLS);
const voiceQueue = new SqsVoiceQueue(sqs, env.VOICE_QUEUE_URL);

export interface SweepResult {
  invites: number;
  reminders: number;
  expired: number;
  voiceJobs: number;
}

/** Errors propagate: the invocation fails visibly and the next scheduled run picks everything up again. */
export async function handler(_event?: unknown): Promise<SweepResult> {
  const delivery = await sweep({
    projects: () => base.directory.listProjects(),
    rounds: base.directory,
    participants: base.participants,
    queue,
    clock: base.clock,
    feedback: base.feedback,
  });
  const voiceJobs = await requeueVoiceJobs();
  const result = { ...delivery, voiceJobs };
  logger.info('sweep.done', { ...result });
  return result;
}

/** Jobs waiting for a person stay out: only a person moves them on. */
async function requeueVoiceJobs(): Promise<number> {
  const jobIds = (await base.voiceJobs.unfinished()).filter((j) => j.status !== 'needs-human').map((j) => j.jobId);
  await voiceQueue.enqueue(jobIds);
  return jobIds.length;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
