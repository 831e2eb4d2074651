import type { S3Client } from '@aws-sdk/client-s3';
import { clientOf, type ClientSource } from '../aws/lazy-client.js';
import { awsSdk } from '../aws/sdk.js';
import type { AudioStore } from '../../core/voice/ports.js';

/** Keys are our own job ids (a keyed hash): no personal data, and nothing that could escape the prefix. */
const KEY = /^[A-Za-z0-9._-]{1,200}$/;

export class InvalidAudioKeyError extends Error {
  readonly code = 'INVALID_AUDIO_KEY';
  constructor() {
    super('audio key must be 1-200 characters of [A-Za-z0-9._-]');
    this.name = 'InvalidAudioKeyError';
  }
}

/**
 * Staff recordings are kept: call prompts (`prompt-…` keys) and the recorded "you said, we did" messages
 * (`feedback-…`), which are played in calls days after they were made. Everything else is a participant's
 * voice, kept briefly (the bucket expires `voice/` within a day, cdk/constructs/media.ts).
 */
const STAFF_RECORDING = /^(prompt|feedback)-/;
export const PROMPTS_PREFIX = 'prompts/';
export const VOICE_PREFIX = 'voice/';

/**
 * The S3 object key of an audio key: `voice/<jobId>` (AwsTranscriber points Transcribe at the same
 * object; a lifecycle rule expires the prefix within a day), or `prompts/<key>` for staff recordings.
 */
export function audioObjectKey(key: string): string {
  if (!KEY.test(key)) throw new InvalidAudioKeyError();
  return STAFF_RECORDING.test(key) ? `${PROMPTS_PREFIX}${key}` : `${VOICE_PREFIX}${key}`;
}

/**
 * Voice notes in S3, encrypted with our KMS key, kept only until transcribed. The bucket should also
 * carry a lifecycle rule on `voice/` as a backstop for audio a failed pipeline never removed.
 */
export class S3AudioStore implements AudioStore {
  private readonly client: () => Promise<S3Client>;

  constructor(
    s3: ClientSource<S3Client>,
    private readonly bucket: string,
    private readonly kmsKeyId: string,
  ) {
    this.client = clientOf(s3);
  }

  async put(key: string, bytes: Uint8Array, contentType: string): Promise<void> {
    // The client and the SDK package come with the first use (aws/lazy-client.ts, aws/sdk.ts).
    const s3 = await this.client();
    const { PutObjectCommand } = awsSdk.s3();
    await s3.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: audioObjectKey(key),
        Body: bytes,
        ContentType: contentType,
        ServerSideEncryption: 'aws:kms',
        SSEKMSKeyId: this.kmsKeyId,
        BucketKeyEnabled: true,
      }),
    );
  }

  async get(key: string): Promise<{ bytes: Uint8Array; contentType: string } | null> {
    try {
      const s3 = await this.client();
      const { GetObjectCommand } = awsSdk.s3();
      const out = await s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: audioObjectKey(key) }));
      if (!out.Body) return null;
      return { bytes: await out.Body.transformToByteArray(), contentType: out.ContentType ?? 'application/octet-stream' };
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  }

  /** S3 answers 204 for a key already gone: idempotent as it is. */
  async remove(key: string): Promise<void> {
    const s3 = await this.client();
    const { DeleteObjectCommand } = awsSdk.s3();
    await s3.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: audioObjectKey(key) }));
  }
}

/** NoSuchKey needs s3:ListBucket on the bucket; without it S3 answers 403 for a missing key, which is rethrown. */
export function isMissing(error: unknown): boolean {
  return error instanceof Error && (error.name === 'NoSuchKey' || error.name === 'NotFound');
}
