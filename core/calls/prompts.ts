import type { CompiledSurvey } from '../../flows/compile.js';
import type { TextKey } from '../texts.js';
import { canSay } from './voices.js';

/**
 * Recorded prompts: for a language Polly cannot speak (Tigrinya, Persian, Ukrainian…), a call plays
 * recordings made by staff or an interpreter instead of <Say>. A prompt is either one of the call's
 * system texts (recorded once per organisation and language) or one question of a survey version as
 * it is said on the phone, options and keys included (recorded per survey version and language).
 */
export type PromptRef = { kind: 'text'; key: SpokenTextKey } | { kind: 'question'; questionId: string };

/** Every system text a call can say, in the order an interpreter meets them. */
export const SPOKEN_TEXT_KEYS = [
  'call.language',
  'join.welcome',
  'start.confirmed',
  'invalid.notUnderstood',
  'call.noInput',
  'invalid.passedOver',
  'call.received',
  'thanks.completed',
  'call.goodbye',
  'call.declined',
  'round.none',
  'round.closed',
  'round.alreadyCompleted',
  // DELETE by phone: the hint when a caller calls back, the question (1 erase, 2 keep) and its outcomes.
  'call.eraseHint',
  'call.eraseConfirm',
  'call.erased',
  'erase.kept',
  'erase.nothing',
  // "Call me later" (core/calls/call-back.ts): the hint, the question, one sentence per time, the outcomes.
  'callBack.hint',
  'callBack.choose',
  'callBack.thisEvening',
  'callBack.tomorrowMorning',
  'callBack.tomorrowEvening',
  'callBack.confirmed',
  'callBack.none',
] as const satisfies readonly TextKey[];
export type SpokenTextKey = (typeof SPOKEN_TEXT_KEYS)[number];

export const isSpokenTextKey = (key: string): key is SpokenTextKey => (SPOKEN_TEXT_KEYS as readonly string[]).includes(key);

/** `text.call.goodbye`, `question.energy`: how a prompt is named in URLs and storage. */
export const promptId = (ref: PromptRef): string => (ref.kind === 'text' ? `text.${ref.key}` : `question.${ref.questionId}`);

export function parsePromptId(id: string, survey: CompiledSurvey): PromptRef | null {
  if (id.startsWith('text.')) {
    const key = id.slice(5);
    return isSpokenTextKey(key) ? { kind: 'text', key } : null;
  }
  if (id.startsWith('question.')) {
    const questionId = id.slice(9);
    return survey.askables.has(questionId) ? { kind: 'question', questionId } : null;
  }
  return null;
}

/** Which organisation's and which survey version's recordings a call turn uses. */
export interface PromptScope {
  organisationId: string;
  surveyId: string;
  surveyVersion: number;
}

export interface RecordedPrompt {
  language: string;
  promptId: string;
  /** In the audio store (encrypted); MP3 or WAV, which Twilio's <Play> accepts. */
  audioKey: string;
  contentType: string;
  recordedAt: string;
  source: 'upload' | 'phone';
}

export interface PromptStore {
  /** The recordings of a scope (its organisation's text prompts and its survey version's questions) in one language. */
  list(scope: PromptScope, language: string): Promise<RecordedPrompt[]>;
  put(scope: PromptScope, prompt: RecordedPrompt): Promise<void>;
  remove(scope: PromptScope, language: string, promptId: string): Promise<RecordedPrompt | null>;
}

/**
 * Whose survey version a project's prompts are for: the round named, else the one open now, else the
 * latest (recording usually happens before a round opens).
 */
export function roundForPrompts<R extends { roundId: string; opensAt: string; closesAt: string }>(
  rounds: readonly R[],
  now: string,
  roundId?: string,
): R | undefined {
  const latestFirst = [...rounds].sort((a, b) => b.opensAt.localeCompare(a.opensAt));
  if (roundId) return latestFirst.find((r) => r.roundId === roundId);
  return latestFirst.find((r) => r.opensAt <= now && now < r.closesAt) ?? latestFirst[0];
}

/** What a call in this survey may need to say: every system text and every question (probes included). */
export function requiredPrompts(survey: CompiledSurvey): PromptRef[] {
  return [
    ...SPOKEN_TEXT_KEYS.map((key): PromptRef => ({ kind: 'text', key })),
    ...[...survey.askables.keys()].map((questionId): PromptRef => ({ kind: 'question', questionId })),
  ];
}

export interface LanguagePrompts {
  language: string;
  /** Spoken by a Polly voice: nothing to record. */
  voiced: boolean;
  required: PromptRef[];
  recorded: RecordedPrompt[];
  missing: PromptRef[];
}

/** Per language: spoken by a voice, or which recordings exist and which are missing. */
export async function promptCoverage(store: PromptStore, scope: PromptScope, survey: CompiledSurvey, languages: readonly string[]): Promise<LanguagePrompts[]> {
  const required = requiredPrompts(survey);
  return Promise.all(
    languages.map(async (language): Promise<LanguagePrompts> => {
      if (canSay(language)) return { language, voiced: true, required, recorded: [], missing: [] };
      const recorded = await store.list(scope, language);
      const have = new Set(recorded.map((r) => r.promptId));
      return { language, voiced: false, required, recorded, missing: required.filter((ref) => !have.has(promptId(ref))) };
    }),
  );
}

/** Can a call be held in this language: a voice, or every prompt recorded? */
export async function callableLanguage(store: PromptStore | undefined, scope: PromptScope, survey: CompiledSurvey, language: string): Promise<boolean> {
  if (canSay(language)) return true;
  if (!store) return false;
  const [coverage] = await promptCoverage(store, scope, survey, [language]);
  return coverage?.missing.length === 0;
}
