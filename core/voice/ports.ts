import type { OwnListening, VoiceJob, VoiceJobStatus, VoiceStatus } from './model.js';

/** The provider's copy of a voice note (Twilio media): fetched with credentials, deleted after copying. */
export interface MediaSource {
  fetch(url: string, maxBytes: number): Promise<{ bytes: Uint8Array; contentType: string } | { missing: true } | { tooLarge: true }>;
  /** Idempotent: a copy already gone is fine. */
  remove(url: string): Promise<void>;
}

/** Our encrypted copy, kept only until transcribed (S3 with KMS in the cloud, `.data/media/` locally). */
export interface AudioStore {
  put(key: string, bytes: Uint8Array, contentType: string): Promise<void>;
  get(key: string): Promise<{ bytes: Uint8Array; contentType: string } | null>;
  /** Idempotent. */
  remove(key: string): Promise<void>;
}

/**
 * How long a recording is, in seconds, read from its container (Ogg, WAV, AMR, MP4, WebM, MP3, AAC):
 * finite and not negative, or null when the format is not recognised or the file is malformed or cut off.
 * Reading only: what is too long is core's to decide (process-voice.ts, and the uploads of the staff API).
 */
export type AudioDuration = (bytes: Uint8Array, contentType: string) => number | null;

export interface TranscriptionRequest {
  /** Carries no personal data: derived from the job id. */
  jobName: string;
  audioKey: string;
  contentType: string;
  /** The participant's language; null: identify it among `candidates`. */
  language: string | null;
  candidates: string[];
}

export type TranscriptionState =
  | { status: 'in-progress' }
  | { status: 'completed'; text: string; language: string | null }
  | { status: 'failed'; reason: string };

/** A machine transcriber: AWS Transcribe in the cloud, whisper.cpp locally when a model file is given. */
export interface Transcriber {
  readonly name: 'aws' | 'whisper';
  /** True when `start` does the whole work (whisper.cpp here); false when a provider job runs on (AWS). */
  readonly synchronous: boolean;
  /** Can it transcribe this language, or identify the language among the candidates when it is unknown? */
  covers(language: string | null, candidates: readonly string[]): boolean;
  /** Start; a synchronous transcriber answers completed (or failed) at once. */
  start(request: TranscriptionRequest): Promise<TranscriptionState>;
  check(jobName: string): Promise<TranscriptionState>;
}

export interface VoiceJobStore {
  get(jobId: string): Promise<VoiceJob | null>;
  /** Apply `change` only while the job is in `expected` status: steps never run twice. */
  update(jobId: string, expected: VoiceJobStatus, change: Partial<VoiceJob>): Promise<boolean>;
  /** Claim a job waiting for a person, unless someone else holds an unexpired claim. */
  claim(jobId: string, userId: string, now: Date, until: Date): Promise<boolean>;
  /** Jobs waiting for a person to transcribe: of every organisation (the network pool), or of one. */
  needingHuman(organisationId?: string): Promise<VoiceJob[]>;
  /** Jobs not finished, for the sweep (retries, polling Transcribe when its event did not come). */
  unfinished(): Promise<VoiceJob[]>;
}

/** Where a voice answer's status and redacted transcript go: the answer record. */
export interface AnswerTranscripts {
  attach(answer: NonNullable<VoiceJob['answer']>, patch: { voice: VoiceStatus; transcript?: string; translation?: string }): Promise<void>;
}

export interface VoiceQueue {
  enqueue(jobIds: readonly string[]): Promise<void>;
}

/**
 * Makes a voice hard to recognise and keeps its words: pitch and formants shifted by `semitones`
 * (chosen by core/voice/disguise.ts from the voice's own pitch), the duration kept. ffmpeg locally, a
 * pure JS/wasm path in Lambda. Returns new audio, never the original bytes; throws `VoiceDisguiseError`
 * when it cannot (an unreadable or unsupported recording), so the original is never served instead.
 */
export interface VoiceDisguiser {
  disguise(audio: { bytes: Uint8Array; contentType: string }, variant: number): Promise<{ bytes: Uint8Array; contentType: string }>;
}

/** Whether an organisation lets its own staff and interpreters hear its participants' voices (off unless set). */
export interface OwnListeningSettings {
  ownListening(organisationId: string): Promise<OwnListening | null>;
  setOwnListening(organisationId: string, setting: OwnListening | null): Promise<void>;
}
