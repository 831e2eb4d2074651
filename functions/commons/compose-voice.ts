import type { Clock, Logger } from '../../core/ports.js';
import type { Messenger } from '../../core/rounds/ports.js';
import type { Texts } from '../../core/texts.js';
import type { AudioDuration, AudioStore, MediaSource, Transcriber } from '../../core/voice/ports.js';
import type { VoiceDeps } from '../../core/voice/process-voice.js';

/** What the voice pipeline takes from the conversation's adapters (composeConversation gives all of it). */
export interface VoiceBase {
  voiceJobs: VoiceDeps['jobs'] & VoiceDeps['answers'];
  protector: VoiceDeps['protector'];
  clock: Clock;
  logger: Logger;
  /** For notices to participants: needed only with a messenger. */
  texts?: Texts;
}

/**
 * The voice pipeline's adapters around the shared store: media source, audio store, transcribers, and what
 * reads a recording's length (adapters/audio/audio-duration.ts where notes are fetched or audio uploaded).
 */
export function composeVoice(
  base: VoiceBase,
  parts: { media: MediaSource; audio: AudioStore; transcribers: readonly Transcriber[]; messenger: Messenger | null; audioDuration: AudioDuration },
): VoiceDeps {
  const { messenger, ...rest } = parts;
  return {
    jobs: base.voiceJobs,
    answers: base.voiceJobs,
    protector: base.protector,
    clock: base.clock,
    logger: base.logger,
    notices: messenger ? { messenger, texts: textsFor(base) } : null,
    ...rest,
  };
}

/** For a function that never fetches a participant's media from the provider (only the voice worker does): refused if ever asked. */
export function noProviderMedia(where: string): MediaSource {
  return {
    fetch: () => Promise.reject(new Error(`media fetch does not run in ${where}`)),
    remove: () => Promise.reject(new Error(`media removal does not run in ${where}`)),
  };
}

/** For a function that fetches no note and takes no upload (the voice queue): refused if ever asked, and no parser in its bundle. */
export function noAudioDuration(where: string): AudioDuration {
  return () => {
    throw new Error(`audio is not measured in ${where}`);
  };
}

function textsFor(base: VoiceBase): Texts {
  if (!base.texts) throw new Error('notices to participants need the participant texts');
  return base.texts;
}
