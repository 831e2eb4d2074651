import { takesOwnWords, type Askable } from '../../flows/answers.js';
import type { SurveyDefinition } from '../../flows/definition.js';
import { localeMeta, isSupportedLanguage } from '../../locales/index.js';
import type { Reply } from '../model.js';
import type { LanguageChain, TextKey, Texts } from '../texts.js';
import { isSpokenTextKey } from '../calls/prompts.js';
import { localized, triadZoneLabels } from './render.js';
import { questionChain } from './question-language.js';

/**
 * The survey said aloud: the same questions as the messages of render.ts, with "press 1" instead of a
 * numbered list. Every part carries its language, so the call speaks it with the right voice.
 */
export function spokenQuestion(
  q: Askable,
  again: false | 'unclear' | 'silence',
  personChain: LanguageChain,
  survey: SurveyDefinition,
  texts: Texts,
  /** Languages the call has every prompt recorded in: the recordings are the question in that language. */
  recorded: readonly string[] = [],
): Reply[] {
  // One language for the whole question, and the voice (or the recordings) that speak it (question-language.ts).
  const chain = questionChain(personChain, [...survey.languages, ...recorded]);
  const lang = chain[0] ?? survey.languages[0] ?? 'en';
  const t = (key: TextKey, vars?: Record<string, string | number>) => texts.t(key, chain, vars);
  const press = (labels: string[]) => labels.map((option, i) => t('call.press', { option, key: i + 1 })).join(' ');
  const text = localized(q.text, chain, survey);
  // The apology is a prompt of its own, so a recorded question is the same recording every time.
  const before: Reply[] =
    again === 'unclear' ? [spokenText('invalid.notUnderstood', chain, texts)] : again === 'silence' ? [spokenText('call.noInput', chain, texts)] : [];
  const parts: string[] = [];
  switch (q.kind) {
    case 'consent':
      // As in messages: the same promise (with "hang up" for "send STOP"); hearing back says what the number
      // is kept for, and answers "yes please / no thanks".
      // All of it is the question's one recorded prompt, so a recording says the same as the voice.
      if (q.hearBack) parts.push(text, t('consent.hearBackNote'), press([t('answer.yesPlease'), t('answer.noThanks')]));
      else parts.push(text, t('consent.promise'), t('call.stop'), press([t('answer.yes'), t('answer.no')]));
      break;
    case 'statement':
      parts.push(text, press([t('answer.true'), t('answer.not_true'), t('answer.dont_know')]));
      break;
    case 'choice':
      parts.push(text, press(q.options.map((o) => localized(o.label, chain, survey))));
      break;
    case 'scale':
      parts.push(text, t('call.scale'));
      break;
    case 'number':
      parts.push(text, t('call.number', { min: q.min, max: q.max }));
      break;
    case 'open':
    case 'story':
      parts.push(text, t('call.record'));
      break;
    case 'dyad':
      parts.push(text, t('call.dyad', { left: localized(q.left, chain, survey), right: localized(q.right, chain, survey) }));
      break;
    case 'triad':
      parts.push(text, press(triadZoneLabels(q, chain, survey, texts)));
      break;
  }
  // A recording ends on # or silence: there "skip" is silence, and no key to announce.
  if (q.optional && !takesOwnWords(q)) parts.push(t('call.skip'));
  return [...before, { text: parts.join(' '), lang, prompt: { kind: 'question', questionId: q.id } }];
}

/** A system text said in a call, marked with its prompt where one can be recorded for it. */
export function spokenText(key: TextKey, chain: LanguageChain, texts: Texts, vars?: Record<string, string | number>): Reply {
  return { text: texts.t(key, chain, vars), lang: chain[0], ...(isSpokenTextKey(key) ? { prompt: { kind: 'text' as const, key } } : {}) };
}

/**
 * "Voor Nederlands, druk 1." in Dutch, "En français, tapez 2." in French…: each option in its own
 * language. Keys follow `numbering` (the project's languages), so a language left out keeps the others' keys.
 */
export function spokenLanguageMenu(offered: readonly string[], numbering: readonly string[], texts: Texts): Reply[] {
  return offered.map((code) =>
    spokenText('call.language', [code], texts, { language: isSupportedLanguage(code) ? localeMeta[code].name : code, key: numbering.indexOf(code) + 1 }),
  );
}

export function spokenProjectMenu(names: readonly string[], chain: LanguageChain, texts: Texts): Reply[] {
  const lang = chain[0] ?? 'en';
  const options = names.map((option, i) => texts.t('call.press', chain, { option, key: i + 1 }));
  return [{ text: [texts.t('call.projectChoose', chain), ...options].join(' '), lang }];
}

/** Languages a stranger is greeted in, before any project says which ones are spoken. */
export const GREETING_LANGUAGES = ['nl', 'fr', 'en', 'ar'] as const;

/** To a caller Stem cannot place (unknown, or a withheld number): how to take part, in each greeting language. */
export const spokenNotEnrolled = (texts: Texts): Reply[] => GREETING_LANGUAGES.map((lang) => spokenText('call.notEnrolled', [lang], texts));

/** Messages that read differently aloud: what a call says instead, or after. */
export const SPOKEN_INSTEAD: Partial<Record<TextKey, readonly TextKey[]>> = {
  'consent.declined': ['call.declined'],
  'voice.received': ['call.received'],
  'intro.notEnrolled': ['call.notEnrolled'],
  'thanks.completed': ['thanks.completed', 'call.goodbye'],
  'round.none': ['round.none', 'call.goodbye'],
  'round.closed': ['round.closed', 'call.goodbye'],
  'round.alreadyCompleted': ['round.alreadyCompleted', 'call.goodbye'],
  'erase.confirm': ['call.eraseConfirm'],
  'erase.done': ['call.erased', 'call.goodbye'],
};
