import type { PromptStore } from '../../core/calls/prompts.js';
import type { Catalog } from '../../core/conversation/catalog.js';
import type { Clock, Protector } from '../../core/ports.js';
import type { Texts } from '../../core/texts.js';
import type { AudioStore } from '../../core/voice/ports.js';
import { VoiceNoteAvailability } from '../../core/voice-notes/availability.js';
import type { AudioTranscoder, SpeechSynthesizer } from '../../core/voice-notes/ports.js';
import { VoiceNotes } from '../../core/voice-notes/voice-note.js';

export interface VoiceNoteWiring {
  /** The audio store: recorded prompts are read from it, and made voice notes kept in it (keys `voice-note/…`). */
  audio: AudioStore;
  /** Polly in the cloud, espeak-ng locally; null: no voice (only recordings). */
  synthesizer: SpeechSynthesizer | null;
  /** ffmpeg locally, WebAssembly in Lambda; null: recordings are not sent as voice notes. */
  transcoder: AudioTranscoder | null;
}

/**
 * WhatsApp voice notes, one way for every runtime: the notes (made on Twilio's first fetch, then cached)
 * for the voice-note route, and what the messaging edge asks before it sends a note's URL.
 */
export function composeVoiceNotes(
  base: { catalog: Pick<Catalog, 'survey'>; texts: Texts; prompts: PromptStore; protector: Protector; clock: Clock },
  w: VoiceNoteWiring,
): { notes: VoiceNotes; availability: VoiceNoteAvailability } {
  return {
    notes: new VoiceNotes({
      surveys: base.catalog,
      texts: base.texts,
      prompts: base.prompts,
      recordings: w.audio,
      cache: w.audio,
      protector: base.protector,
      synthesizer: w.synthesizer,
      transcoder: w.transcoder,
    }),
    availability: new VoiceNoteAvailability({
      prompts: base.prompts,
      clock: base.clock,
      synthesizer: w.synthesizer !== null,
      transcoder: w.transcoder !== null,
    }),
  };
}
