import type { CompiledSurvey } from '../../flows/compile.js';
import { promptId, type PromptStore } from '../calls/prompts.js';
import { spoken } from '../calls/voices.js';
import type { Protector } from '../ports.js';
import type { Texts } from '../texts.js';
import type { AudioStore } from '../voice/ports.js';
import type { AudioTranscoder, SpeechSynthesizer } from './ports.js';
import { unusableRecording, type TranscodeError } from './transcode-error.js';
import { voiceNoteText } from './say.js';
import type { SpeechRef } from './speech.js';

export interface VoiceNoteDeps {
  surveys: { survey(surveyId: string, version: number): Promise<CompiledSurvey | null> };
  texts: Texts;
  prompts: PromptStore;
  /** Where the recorded prompts' audio is (the audio store of the calls). */
  recordings: Pick<AudioStore, 'get'>;
  /** Where voice notes once made are kept: S3 in the cloud, encrypted files locally. */
  cache: Pick<AudioStore, 'get' | 'put'>;
  /** Its keyed hash names a note by what it says: the second request for the same words costs no synthesis. */
  protector: Pick<Protector, 'ledgerKey'>;
  /** Null where this runtime has none: then only recordings are sent. */
  synthesizer: SpeechSynthesizer | null;
  /** Null where this runtime has none: then only voices are sent. */
  transcoder: AudioTranscoder | null;
}

export type VoiceNoteSource = 'voice' | 'recording';

export interface VoiceNote {
  bytes: Uint8Array;
  source: VoiceNoteSource;
  /** Served from the cache: nothing was synthesized or transcoded for this request. */
  cached: boolean;
}

export const VOICE_NOTE_TYPE = 'audio/ogg';

/** How a note would be made, and its cache key (`voice-note.<survey>.<version>.<language>.<hash of its content>`). */
interface Recipe {
  key: string;
  source: VoiceNoteSource;
  make: () => Promise<Uint8Array>;
}

/**
 * A question's voice note, made on first request and kept: said by the language's voice (as in the calls)
 * where Polly has one, else played from the recording staff made of that question; null when neither can
 * say it (no such question, no voice and no recording, or this runtime lacks the engine). Requests for the
 * same note at the same moment share one synthesis.
 */
export class VoiceNotes {
  private readonly making = new Map<string, Promise<Uint8Array>>();
  /** Recordings found unusable (their format, length or damage): asking again would fail again, at a transcode's cost each time. */
  private readonly unusable = new Map<string, TranscodeError>();

  constructor(private readonly deps: VoiceNoteDeps) {}

  async get(ref: SpeechRef): Promise<VoiceNote | null> {
    const recipe = await this.recipe(ref);
    if (!recipe) return null;
    const known = this.unusable.get(recipe.key);
    if (known) throw known;
    // The note being made here is joined before the cache is read, and again after: a request whose read
    // began before the maker's write ended finds it in one place or the other, so never makes it twice.
    const making = this.making.get(recipe.key);
    if (making) return { bytes: await making, source: recipe.source, cached: false };
    const kept = await this.deps.cache.get(recipe.key);
    if (kept) return { bytes: kept.bytes, source: recipe.source, cached: true };
    let made = this.making.get(recipe.key);
    if (!made) {
      made = recipe.make().then(
        async (bytes) => {
          await this.deps.cache.put(recipe.key, bytes, VOICE_NOTE_TYPE);
          return bytes;
        },
        (error: unknown) => {
          // A new recording has a new key: this one stays unusable, and is not made again in this process.
          if (unusableRecording(error)) this.unusable.set(recipe.key, error);
          throw error;
        },
      );
      this.making.set(recipe.key, made);
      void made.then(
        () => this.making.delete(recipe.key),
        () => this.making.delete(recipe.key),
      );
    }
    return { bytes: await made, source: recipe.source, cached: false };
  }

  private async recipe(ref: SpeechRef): Promise<Recipe | null> {
    const survey = await this.deps.surveys.survey(ref.surveyId, ref.surveyVersion);
    const question = survey?.askables.get(ref.questionId);
    if (!survey || !question || !question.text[ref.language]) return null;
    // Dots, not slashes: audio keys are one path segment (adapters/s3/s3-audio-store.ts); ids and the hash are URL-safe.
    const where = ['voice-note', ref.surveyId, String(ref.surveyVersion), ref.language].join('.');
    const say = spoken(ref.language).say;
    if (say) {
      const synthesizer = this.deps.synthesizer;
      if (!synthesizer) return null;
      const text = voiceNoteText(question, ref.language, survey.definition, this.deps.texts);
      const hash = this.deps.protector.ledgerKey(JSON.stringify(['voice', synthesizer.id, say.voice, say.language, text]));
      return { key: `${where}.${hash}`, source: 'voice', make: () => synthesizer.synthesize(text, say) };
    }
    const transcoder = this.deps.transcoder;
    if (!transcoder) return null;
    const scope = { organisationId: ref.organisationId, surveyId: ref.surveyId, surveyVersion: ref.surveyVersion };
    const id = promptId({ kind: 'question', questionId: ref.questionId });
    const recorded = (await this.deps.prompts.list(scope, ref.language)).find((p) => p.promptId === id);
    if (!recorded) return null;
    // A new recording has a new audio key, so a new note; the old one is simply no longer asked for.
    const hash = this.deps.protector.ledgerKey(JSON.stringify(['recording', transcoder.id, recorded.audioKey]));
    const recordings = this.deps.recordings;
    return {
      key: `${where}.${hash}`,
      source: 'recording',
      make: async () => {
        const audio = await recordings.get(recorded.audioKey);
        if (!audio) throw new Error('the recorded prompt is listed but its audio is gone');
        return transcoder.toOggOpus(audio);
      },
    };
  }
}
