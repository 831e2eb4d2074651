import { randomUUID } from 'node:crypto';
import { serve, type Responder } from './recorder.js';

/**
 * In-process answers for the services that cannot run here, at the recorder's hook: S3 (objects kept in
 * memory), SQS (every message accepted), Transcribe (a job completes once asked twice), Polly (an Ogg
 * page's bytes for every SynthesizeSpeech, as its AudioStream), Secrets Manager (values by ARN). Shapes as the SDK returns them; only what Stem's adapters read. Any of them can be told
 * to refuse the next calls of an operation as throttled, so that a caller's retry path runs.
 */

const body = (bytes: Uint8Array) => ({
  transformToByteArray: () => Promise.resolve(bytes),
  transformToString: () => Promise.resolve(Buffer.from(bytes).toString('utf8')),
});

/** An error as the SDK throws a service's: its name is the service's error code. */
class ServiceError extends Error {
  constructor(name: string) {
    super(name);
    this.name = name;
  }
}

export interface FakeServices {
  objects: Map<string, { bytes: Uint8Array; contentType: string }>;
  transcripts: Map<string, string>;
  /** Jobs Transcribe reports FAILED. */
  failing: Set<string>;
  /** The next `times` calls of `service` `operation` are refused as throttled: a temporary failure the caller retries. */
  throttle(service: string, operation: string, times?: number): void;
}

/** How each service names a throttled request (its SDK's error name). */
const THROTTLED: Record<string, string> = {
  S3: 'SlowDown',
  Transcribe: 'LimitExceededException',
  Polly: 'ThrottlingException',
  SQS: 'RequestThrottled',
  'Secrets Manager': 'ThrottlingException',
};

export function serveFakeServices(secrets: Record<string, string>): FakeServices {
  const objects = new Map<string, { bytes: Uint8Array; contentType: string }>();
  const parts = new Map<string, Uint8Array[]>();
  const transcripts = new Map<string, string>();
  const failing = new Set<string>();
  const jobs = new Map<string, { input: Record<string, unknown>; checks: number }>();
  const at = (input: Record<string, unknown>) => `${String(input['Bucket'])}/${String(input['Key'])}`;
  const bytesOf = (value: unknown) => (typeof value === 'string' ? Buffer.from(value) : (value as Uint8Array));
  const throttled = new Map<string, number>();
  /** A responder that first refuses the calls `throttle` asked to refuse. */
  const serveThrottled = (service: string, responder: Responder) =>
    serve(service, (operation, input) => {
      const left = throttled.get(`${service} ${operation}`) ?? 0;
      if (left > 0) {
        throttled.set(`${service} ${operation}`, left - 1);
        throw new ServiceError(THROTTLED[service] ?? 'ThrottlingException');
      }
      return responder(operation, input);
    });

  serveThrottled('S3', (operation, input) => {
    switch (operation) {
      case 'PutObject':
        objects.set(at(input), { bytes: bytesOf(input['Body']), contentType: String(input['ContentType'] ?? 'application/octet-stream') });
        return { ETag: '"e"' };
      case 'GetObject': {
        const object = objects.get(at(input));
        if (!object) throw new ServiceError('NoSuchKey');
        return { Body: body(object.bytes), ContentType: object.contentType };
      }
      case 'DeleteObject':
        objects.delete(at(input));
        return {};
      case 'CreateMultipartUpload': {
        const id = randomUUID();
        parts.set(id, []);
        return { UploadId: id };
      }
      case 'UploadPart':
        parts.get(String(input['UploadId']))?.push(bytesOf(input['Body']));
        return { ETag: `"p${String(input['PartNumber'])}"` };
      case 'CompleteMultipartUpload':
        objects.set(at(input), { bytes: Buffer.concat(parts.get(String(input['UploadId'])) ?? []), contentType: 'text/csv' });
        return {};
      case 'AbortMultipartUpload':
        parts.delete(String(input['UploadId']));
        return {};
      default:
        throw new Error(`fake S3: ${operation}`);
    }
  });
  serveThrottled('SQS', (operation, input) => {
    if (operation === 'SendMessageBatch')
      return {
        Successful: ((input['Entries'] ?? []) as Array<{ Id: string }>).map((e) => ({ Id: e.Id, MessageId: randomUUID(), MD5OfMessageBody: 'x' })),
        Failed: [],
      };
    if (operation === 'SendMessage' || operation === 'ChangeMessageVisibility') return { MessageId: randomUUID() };
    throw new Error(`fake SQS: ${operation}`);
  });
  serveThrottled('Transcribe', (operation, input) => {
    const name = String(input['TranscriptionJobName']);
    if (operation === 'StartTranscriptionJob') {
      jobs.set(name, { input, checks: 0 });
      return { TranscriptionJob: { TranscriptionJobName: name, TranscriptionJobStatus: 'IN_PROGRESS' } };
    }
    if (operation === 'GetTranscriptionJob') {
      const job = jobs.get(name);
      if (!job) throw Object.assign(new Error("The requested job couldn't be found."), { name: 'BadRequestException' });
      if (failing.has(name))
        return { TranscriptionJob: { TranscriptionJobName: name, TranscriptionJobStatus: 'FAILED', FailureReason: 'The media file could not be decoded.' } };
      // The transcript lands where the job was told to write it, then the job reports COMPLETED.
      const outKey = `${String(job.input['OutputBucketName'])}/${String(job.input['OutputKey'])}`;
      objects.set(outKey, {
        bytes: Buffer.from(
          JSON.stringify({
            jobName: name,
            status: 'COMPLETED',
            results: { transcripts: [{ transcript: transcripts.get(name) ?? 'ik wacht al drie weken' }], language_code: 'nl-NL' },
          }),
        ),
        contentType: 'application/json',
      });
      return { TranscriptionJob: { TranscriptionJobName: name, TranscriptionJobStatus: 'COMPLETED', LanguageCode: 'nl-NL' } };
    }
    throw new Error(`fake Transcribe: ${operation}`);
  });
  serveThrottled('Polly', (operation) => {
    if (operation !== 'SynthesizeSpeech') throw new Error(`fake Polly: ${operation}`);
    // SynthesizeSpeechOutput: the audio as a stream, ContentType audio/ogg for ogg_opus (the SDK's reference).
    return { AudioStream: body(Buffer.from('OggS\0fake-opus')), ContentType: 'audio/ogg', RequestCharacters: 1 };
  });
  serveThrottled('Secrets Manager', (operation, input) => {
    const value = secrets[String(input['SecretId'])];
    if (operation !== 'GetSecretValue' || value === undefined) throw new ServiceError('ResourceNotFoundException');
    return { ARN: input['SecretId'], SecretString: value };
  });
  return { objects, transcripts, failing, throttle: (service, operation, times = 1) => void throttled.set(`${service} ${operation}`, times) };
}
