import { promptId, type PromptStore } from '../calls/prompts.js';
import { canSay } from '../calls/voices.js';
import type { Reply } from '../model.js';
import type { Clock } from '../ports.js';
import type { SpeechRef } from './speech.js';

export interface AvailabilityDeps {
  prompts: PromptStore;
  clock: Clock;
  /** This runtime can synthesize (Polly, espeak-ng) and transcode recordings (ffmpeg, or WebAssembly in Lambda): see VoiceNotes. */
  synthesizer: boolean;
  transcoder: boolean;
}

/**
 * Can a voice note be made for this question in this language: a voice speaks the language, or staff
 * recorded the question. The edge asks before it sends a note's URL, so that a language with neither
 * gets its question in writing rather than a voice note that fails (or, voice first, no question at all).
 * Voiced languages cost nothing; for the others the recordings of a survey version and language are
 * read once and kept for a minute per process (a recording added shows within that minute).
 */
export class VoiceNoteAvailability {
  private readonly recorded = new Map<string, { at: number; ids: Promise<ReadonlySet<string>> }>();

  constructor(
    private readonly deps: AvailabilityDeps,
    private readonly ttlMs = 60_000,
  ) {}

  async canMake(ref: SpeechRef): Promise<boolean> {
    if (canSay(ref.language)) return this.deps.synthesizer;
    if (!this.deps.transcoder) return false;
    return (await this.recordedIds(ref)).has(promptId({ kind: 'question', questionId: ref.questionId }));
  }

  private recordedIds(ref: SpeechRef): Promise<ReadonlySet<string>> {
    const key = [ref.organisationId, ref.surveyId, ref.surveyVersion, ref.language].join('|');
    const now = this.deps.clock.now().getTime();
    const hit = this.recorded.get(key);
    if (hit && now - hit.at < this.ttlMs) return hit.ids;
    if (this.recorded.size >= 1_000) this.recorded.clear();
    const scope = { organisationId: ref.organisationId, surveyId: ref.surveyId, surveyVersion: ref.surveyVersion };
    const ids = this.deps.prompts.list(scope, ref.language).then((list) => new Set(list.map((p) => p.promptId)));
    this.recorded.set(key, { at: now, ids });
    ids.catch(() => this.recorded.delete(key)); // a failure is not kept
    return ids;
  }
}

/**
 * The replies as they can go: each voice note that cannot be made is dropped, and its question goes as
 * written (all of it, also where the project puts the voice first). Without availability (a runtime
 * with no voice notes) every one is dropped.
 */
export async function keepSpeakable(replies: readonly Reply[], availability: VoiceNoteAvailability | null): Promise<Reply[]> {
  return Promise.all(
    replies.map(async (reply) => {
      if (!reply.speech) return reply;
      if (availability && (await availability.canMake(reply.speech))) return reply;
      const { speech: _speech, afterSpeech: _after, ...written } = reply;
      return written;
    }),
  );
}
