import { awsSdk } from '../../adapters/aws/sdk.js';
import { S3AudioStore } from '../../adapters/s3/s3-audio-store.js';
import { AwsTranscriber } from '../../adapters/transcribe/aws-transcriber.js';
import * as z from '../../kernel/zod.js';

const { S3Client } = awsSdk.s3();
const { TranscribeClient } = awsSdk.transcribe();

/** Where the media lives in AWS, as cdk/constructs/media.ts sets it: spread into a function's env schema. */
export const MEDIA_ENV = {
  AUDIO_BUCKET: z.string().check(z.minLength(1)),
  TRANSCRIPT_BUCKET: z.string().check(z.minLength(1)),
  MEDIA_KMS_KEY_ID: z.string().check(z.minLength(1)),
};

/** Our encrypted audio in S3 and AWS Transcribe reading it: the voice pipeline's AWS side. */
export function awsVoiceMedia(env: { AUDIO_BUCKET: string; TRANSCRIPT_BUCKET: string; MEDIA_KMS_KEY_ID: string }): {
  audio: S3AudioStore;
  transcribers: AwsTranscriber[];
} {
  const s3 = new S3Client({});
  return {
    audio: new S3AudioStore(s3, env.AUDIO_BUCKET, env.MEDIA_KMS_KEY_ID),
    transcribers: [
      new AwsTranscriber(new TranscribeClient({}), s3, { audioBucket: env.AUDIO_BUCKET, outputBucket: env.TRANSCRIPT_BUCKET, kmsKeyId: env.MEDIA_KMS_KEY_ID }),
    ],
  };
}
