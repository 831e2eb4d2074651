/** Voice notes: accepted at once as answers, transcribed later, the audio deleted once transcribed. */

/** What staff see for a voice answer. */
export type VoiceStatus = 'received' | 'transcribing' | 'transcribed' | 'needs-human' | 'unsupported' | 'failed';

/** Audio types accepted as voice answers (WhatsApp voice notes are audio/ogg with Opus). */
export const AUDIO_TYPES = [
  'audio/ogg',
  'audio/opus',
  'audio/amr',
  'audio/mp4',
  'audio/m4a',
  'audio/x-m4a',
  'audio/aac',
  'audio/mpeg',
  'audio/mp3',
  'audio/wav',
  'audio/x-wav',
  'audio/wave',
  'audio/webm',
] as const;

export function isAudio(contentType: string): boolean {
  const base = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  return (AUDIO_TYPES as readonly string[]).includes(base);
}

/** An attachment of an inbound message, as the provider reports it. The URL is never stored in clear. */
export interface MediaRef {
  url: string;
  contentType: string;
}

/** Where a refusal goes: the channel and number the voice note came from. */
export interface ReplyTo {
  channel: 'sms' | 'whatsapp';
  to: string;
}

export type VoiceJobStatus = 'queued' | 'stored' | 'transcribing' | 'needs-human' | 'done' | 'failed' | 'unsupported';

/**
 * One attachment's way from the provider to a redacted transcript. Identified by a keyed hash of the
 * provider's message id, so a retried webhook never creates a second job.
 */
export interface VoiceJob {
  jobId: string;
  /** Which answer the transcript attaches to (null for media that answered nothing: unsupported). */
  answer: { projectId: string; roundId: string; respondentCode: string; questionId: string } | null;
  organisationId: string;
  /** The participant's language, if known: decides the transcriber and its language. */
  language: string | null;
  /** Languages of the project, for language identification when the participant's is unknown. */
  projectLanguages: string[];
  contentType: string;
  /** Sealed provider URL, until the provider's copy is deleted. */
  sealedMediaUrl: string | null;
  /**
   * Sealed `ReplyTo`, so a note refused after the webhook (too long, too large, gone) can be explained to
   * the participant; cleared as soon as the audio is accepted or the refusal sent. The only time a job
   * can reach its sender, and only through the sealing key.
   */
  sealedReplyTo: string | null;
  /** A voice note sent as a message, or a call's recording (which Twilio may serve a little later). */
  origin: 'message' | 'call';
  /** Who is listening to transcribe it (a user id) and until when: one person at a time hears a voice. */
  claim: { userId: string; until: string } | null;
  /** Our encrypted copy, until transcribed. */
  stored: boolean;
  status: VoiceJobStatus;
  transcriber: 'aws' | 'whisper' | 'human' | null;
  providerJobName: string | null;
  attempts: number;
  failure: string | null;
  createdAt: string;
}

/**
 * An organisation's decision that its own staff and interpreters may hear its participants' voice
 * answers (by default only interpreters of the network do): why, who decided and when. Shown beside
 * the queue to everyone of the organisation who can hear them.
 */
export interface OwnListening {
  reason: string;
  by: string;
  since: string;
}
