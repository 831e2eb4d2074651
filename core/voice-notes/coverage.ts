import type { CompiledSurvey } from '../../flows/compile.js';
import { promptId, type PromptScope, type PromptStore } from '../calls/prompts.js';
import { spoken } from '../calls/voices.js';

/**
 * How a language's WhatsApp questions can be heard, for staff: `voice` (a voice says every question),
 * `recordings` (every question recorded), `some-recordings` (the recorded ones are heard, the others
 * written), `text` (none: written only until prompts are recorded).
 */
export type VoiceNoteCover = 'voice' | 'recordings' | 'some-recordings' | 'text';

export interface VoiceNoteLanguage {
  language: string;
  cover: VoiceNoteCover;
  /** The voice that speaks it (as in the calls), or null. */
  voice: string | null;
  /** Questions the survey words in this language (probes included), and how many of them are recorded. */
  questions: number;
  recorded: number;
}

export async function voiceNoteCoverage(
  prompts: PromptStore,
  scope: PromptScope,
  survey: CompiledSurvey,
  languages: readonly string[],
): Promise<VoiceNoteLanguage[]> {
  return Promise.all(
    languages.map(async (language): Promise<VoiceNoteLanguage> => {
      const worded = [...survey.askables.values()].filter((q) => q.text[language]);
      const voice = spoken(language).say?.voice ?? null;
      if (worded.length === 0) return { language, cover: 'text', voice, questions: 0, recorded: 0 };
      if (voice) return { language, cover: 'voice', voice, questions: worded.length, recorded: 0 };
      const have = new Set((await prompts.list(scope, language)).map((p) => p.promptId));
      const recorded = worded.filter((q) => have.has(promptId({ kind: 'question', questionId: q.id }))).length;
      const cover = recorded === worded.length ? 'recordings' : recorded > 0 ? 'some-recordings' : 'text';
      return { language, cover, voice: null, questions: worded.length, recorded };
    }),
  );
}
