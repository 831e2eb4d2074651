import type { S3Client } from '@aws-sdk/client-s3';
import type { LanguageCode as TranscribeLanguageCode, StartTranscriptionJobCommandInput, TranscribeClient, TranscriptionJob } from '@aws-sdk/client-transcribe';
import { awsSdk } from '../aws/sdk.js';
import { fromTranscribeLanguage, identifyOptions, transcribeLanguage } from '../../core/voice/coverage.js';
import type { Transcriber, TranscriptionRequest, TranscriptionState } from '../../core/voice/ports.js';
import { audioObjectKey, isMissing } from '../s3/s3-audio-store.js';
import { mediaFormat } from './media-format.js';
import { parseTranscriptResult, transcriptText } from './transcript-result.js';

const { DeleteObjectCommand, GetObjectCommand } = awsSdk.s3();
const { ConflictException, GetTranscriptionJobCommand, LanguageCode, StartTranscriptionJobCommand } = awsSdk.transcribe();

export interface AwsTranscriberConfig {
  /** Where S3AudioStore keeps the voice notes. */
  audioBucket: string;
  /** Where Transcribe writes results (`transcripts/<jobName>.json`), deleted once read. */
  outputBucket: string;
  /** Encrypts the results Transcribe writes. */
  kmsKeyId: string;
  /** Below this IdentifiedLanguageScore the guess is not trusted and the note goes to a person. */
  minLanguageScore?: number;
}

/** Transcribe's own rule for job names; ours are derived from the job id and carry no personal data. */
const JOB_NAME = /^[0-9a-zA-Z._-]{1,200}$/;
const LANGUAGE_CODES: ReadonlySet<string> = new Set(Object.values(LanguageCode));

export class InvalidJobNameError extends Error {
  readonly code = 'INVALID_JOB_NAME';
  constructor() {
    super('transcription job name must be 1-200 characters of [0-9a-zA-Z._-]');
    this.name = 'InvalidJobNameError';
  }
}

/**
 * AWS Transcribe batch jobs. No ContentRedaction: Transcribe cannot redact Dutch or Arabic, nor with
 * language identification, so Stem redacts every transcript itself before storing it.
 */
export class AwsTranscriber implements Transcriber {
  readonly name = 'aws' as const;
  readonly synchronous = false;
  private readonly minLanguageScore: number;

  constructor(
    private readonly transcribe: TranscribeClient,
    private readonly s3: S3Client,
    private readonly config: AwsTranscriberConfig,
  ) {
    this.minLanguageScore = config.minLanguageScore ?? 0.5;
  }

  covers(language: string | null, candidates: readonly string[]): boolean {
    return language !== null ? transcribeLanguage(language) !== null : identifyOptions(candidates) !== null;
  }

  async start(request: TranscriptionRequest): Promise<TranscriptionState> {
    const jobName = checkedJobName(request.jobName);
    const format = mediaFormat(request.contentType);
    if (!format) return { status: 'failed', reason: 'media type not accepted by AWS Transcribe' };
    const language = chooseLanguage(request);
    if ('reason' in language) return { status: 'failed', reason: language.reason };
    const input: StartTranscriptionJobCommandInput = {
      TranscriptionJobName: jobName,
      Media: { MediaFileUri: `s3://${this.config.audioBucket}/${audioObjectKey(request.audioKey)}` },
      MediaFormat: format,
      ...language,
      OutputBucketName: this.config.outputBucket,
      OutputKey: outputKey(jobName),
      OutputEncryptionKMSKeyId: this.config.kmsKeyId,
    };
    try {
      await this.transcribe.send(new StartTranscriptionJobCommand(input));
    } catch (error) {
      // The job name exists: an earlier attempt started it (a retry after a lost response).
      if (!(error instanceof ConflictException || (error instanceof Error && error.name === 'ConflictException'))) throw error;
    }
    return { status: 'in-progress' };
  }

  async check(jobName: string): Promise<TranscriptionState> {
    const name = checkedJobName(jobName);
    let job: TranscriptionJob | undefined;
    try {
      job = (await this.transcribe.send(new GetTranscriptionJobCommand({ TranscriptionJobName: name }))).TranscriptionJob;
    } catch (error) {
      // Transcribe answers an unknown name with BadRequestException "The requested job couldn't be found…".
      if (error instanceof Error && error.name === 'BadRequestException' && /couldn.t be found/i.test(error.message)) {
        return { status: 'failed', reason: 'transcription job not found' };
      }
      throw error;
    }
    switch (job?.TranscriptionJobStatus) {
      case 'QUEUED':
      case 'IN_PROGRESS':
        return { status: 'in-progress' };
      case 'FAILED':
        return { status: 'failed', reason: failureReason(job.FailureReason) };
      case 'COMPLETED':
        return this.completed(name, job);
      default:
        return { status: 'failed', reason: 'transcription job without a status' };
    }
  }

  /** Read the result, then delete it: it holds unredacted text. */
  private async completed(jobName: string, job: TranscriptionJob): Promise<TranscriptionState> {
    const key = outputKey(jobName);
    let body: string;
    try {
      const out = await this.s3.send(new GetObjectCommand({ Bucket: this.config.outputBucket, Key: key }));
      body = out.Body ? await out.Body.transformToString('utf-8') : '';
    } catch (error) {
      // Already read and deleted by an earlier check (or expired): the audio is still ours, a person can do it.
      if (isMissing(error)) return { status: 'failed', reason: 'transcript no longer in the output bucket' };
      throw error;
    }
    await this.s3.send(new DeleteObjectCommand({ Bucket: this.config.outputBucket, Key: key }));
    const result = parseTranscriptResult(body);
    const score = job.IdentifiedLanguageScore;
    if (job.IdentifyLanguage && score !== undefined && score < this.minLanguageScore) {
      return { status: 'failed', reason: `language identification uncertain (score ${score.toFixed(2)})` };
    }
    const identified = job.LanguageCode ?? result.results.language_code;
    return { status: 'completed', text: transcriptText(result), language: identified ? fromTranscribeLanguage(identified) : null };
  }
}

function checkedJobName(jobName: string): string {
  if (!JOB_NAME.test(jobName)) throw new InvalidJobNameError();
  return jobName;
}

/** Where Transcribe writes results; the deployment grants access to this prefix only. */
export const TRANSCRIPTS_PREFIX = 'transcripts/';

export function outputKey(jobName: string): string {
  return `${TRANSCRIPTS_PREFIX}${jobName}.json`;
}

type LanguageChoice = { LanguageCode: TranscribeLanguageCode } | { IdentifyLanguage: true; LanguageOptions: TranscribeLanguageCode[] } | { reason: string };

function chooseLanguage(request: TranscriptionRequest): LanguageChoice {
  if (request.language !== null) {
    const code = transcribeLanguage(request.language);
    return code && isLanguageCode(code) ? { LanguageCode: code } : { reason: 'language not covered by AWS Transcribe' };
  }
  const options = identifyOptions(request.candidates)?.filter(isLanguageCode) ?? [];
  return options.length >= 2
    ? { IdentifyLanguage: true, LanguageOptions: options }
    : { reason: 'fewer than two candidate languages covered by AWS Transcribe' };
}

function isLanguageCode(code: string): code is TranscribeLanguageCode {
  return LANGUAGE_CODES.has(code);
}

/** Transcribe's reasons are about the media and settings; URIs are cut out all the same, and the length capped. */
function failureReason(reason: string | undefined): string {
  const text = (reason ?? 'no reason given').replace(/\b(?:s3|https?):\/\/\S+/g, '[uri]').slice(0, 300);
  return `AWS Transcribe: ${text}`;
}
