import { Duration, type Stack } from 'aws-cdk-lib';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import { CHANNELS } from '../constructs/queues.js';
import { StemFunction } from '../constructs/stem-function.js';
import type { StackParts } from './parts.js';

export type DeliveryWorkers = Record<(typeof CHANNELS)[number], StemFunction>;

/** The queue consumers: a delivery worker per channel, the voice pipeline, and Transcribe's completion events. */
export function addWorkerFunctions(stack: Stack, parts: StackParts): { delivery: DeliveryWorkers; voiceWorker: StemFunction; transcribeEvents: StemFunction } {
  const { config, queues, media, common, publicUrl, twilio } = parts;

  // Delivery workers, one per channel.
  const delivery: Partial<DeliveryWorkers> = {};
  for (const channel of CHANNELS) {
    const worker = new StemFunction(stack, `Delivery-${channel}`, {
      ...common,
      entry: 'delivery-worker.ts',
      description: `Stem: sends ${channel} invitations and reminders`,
      // Reads the round and the participant, claims and marks the invitation.
      tableActions: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:UpdateItem'],
      timeout: Duration.seconds(60),
      environment: { ...twilio, PUBLIC_URL: publicUrl, TWILIO_VOICE_FROM: config.twilio.voiceFrom ?? config.twilio.smsFrom },
    });
    // Paced by the event source's maximum concurrency, not reserved concurrency: a reservation fails the
    // deploy in accounts whose quota is 10, and throttled batches would count as receives and reach the
    // dead-letter queue untried.
    // A mapping of its own rather than SqsEventSource, whose grant adds GetQueueUrl that nothing calls.
    worker.fn.addEventSourceMapping('Jobs', {
      eventSourceArn: queues.delivery[channel].queue.queueArn,
      batchSize: 10,
      reportBatchItemFailures: true,
      maxConcurrency: config.sending[channel],
    });
    queues.grantConsume(worker.role, queues.delivery[channel].queue);
    delivery[channel] = worker;
  }

  // The voice pipeline: fetch, store, transcribe (or queue for a person), redact, delete.
  const voiceWorker = new StemFunction(stack, 'VoiceWorker', {
    ...common,
    entry: 'voice-worker.ts',
    description: 'Stem: voice notes and call recordings to redacted transcripts',
    // Voice-job transitions (Update, Put/Delete of the queue listings) and the transcript on the answer.
    tableActions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
    memorySize: 1024,
    timeout: Duration.minutes(5),
    environment: { ...twilio, ...media.environment() },
  });
  voiceWorker.fn.addEventSourceMapping('Jobs', { eventSourceArn: queues.voice.queue.queueArn, batchSize: 1, reportBatchItemFailures: true });
  queues.grantConsume(voiceWorker.role, queues.voice.queue);
  // Stores the note (Transcribe reads it with this role), deletes it once transcribed.
  media.grantAudio(voiceWorker.role, { get: ['voice'], put: ['voice'], delete: ['voice'] });
  media.grantTranscribe(voiceWorker.role);
  media.grantStartTranscription(voiceWorker.role);

  const transcribeEvents = new StemFunction(stack, 'TranscribeEvents', {
    ...common,
    entry: 'transcribe-events.ts',
    description: 'Stem: AWS Transcribe job finished: attach the redacted transcript',
    // Voice-job transitions: done (Delete of the listing) or to a person (Put of the listing).
    tableActions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
    timeout: Duration.minutes(1),
    environment: media.environment(),
  });
  media.jobStateChanges.addTarget(new targets.LambdaFunction(transcribeEvents.fn, { retryAttempts: 4, deadLetterQueue: queues.targetFailures }));
  // The note, once transcribed.
  media.grantAudio(transcribeEvents.role, { delete: ['voice'] });
  media.grantTranscribe(transcribeEvents.role);

  return { delivery: delivery as DeliveryWorkers, voiceWorker, transcribeEvents };
}
