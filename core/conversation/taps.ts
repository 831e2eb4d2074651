import { STATEMENT_VALUES, type Askable } from '../../flows/answers.js';
import type { LocalizedText, SurveyDefinition } from '../../flows/definition.js';
import { SCALE_FACES } from '../../flows/normalize.js';
import { DYAD_POINTS } from '../../flows/triad.js';
import type { TapChoices } from '../model.js';
import type { LanguageChain, Texts } from '../texts.js';
import { zoneLabels } from './triad-zones.js';

/**
 * Closed questions over WhatsApp as answers to tap: consent, statement and choices of up to three as
 * buttons, scales, dyads and longer choices as a list (at most ten: WhatsApp's limits). What comes back is
 * the id set here, `t1:<surveyId>:<version>:<questionId>:<value>`: it names the survey version and the
 * question, so a tap on a question asked earlier (its buttons stay in the chat) is told apart from an
 * answer to the one waiting (plan/taps.ts). Ids hold no personal data; they are ours, never the person's.
 */

/** Which question of which survey version a tap answers. */
export interface TapRef {
  surveyId: string;
  surveyVersion: number;
  questionId: string;
}

/** The most a list may hold (WhatsApp list messages, Twilio's twilio/list-picker: 10 items). */
export const MAX_TAP_OPTIONS = 10;

// Survey, question (a probe is `<statementId>.probe`) and answer ids as flows/definition.ts allows them.
const TAP_ID = /^t1:([a-z][a-z0-9_]{0,39}):([1-9]\d{0,8}):([a-z][a-z0-9_]{0,39}(?:\.probe)?):([a-z0-9_]{1,40})$/;

export const tapId = (ref: TapRef, value: string | number): string => `t1:${ref.surveyId}:${ref.surveyVersion}:${ref.questionId}:${value}`;

/** A payload Stem set, read back; null for anything else (another sender's buttons, a template's, a forgery). */
export function readTapId(payload: string): (TapRef & { value: string }) | null {
  const m = TAP_ID.exec(payload.trim());
  if (!m) return null;
  const [, surveyId = '', version = '', questionId = '', value = ''] = m;
  return { surveyId, surveyVersion: Number(version), questionId, value };
}

/**
 * The answers of `q` to tap, in the order the text numbers them, or null for questions answered otherwise
 * (open, story, number) or with more options than a list holds. `localize` picks a survey text's
 * language as the question's text does (render.ts).
 */
export function tapChoices(
  q: Askable,
  chain: LanguageChain,
  survey: SurveyDefinition,
  texts: Texts,
  localize: (text: LocalizedText) => string,
): TapChoices | null {
  const t = (key: Parameters<Texts['t']>[0]) => texts.t(key, chain);
  let answers: Array<[string | number, string]>;
  switch (q.kind) {
    case 'consent':
      answers = q.hearBack
        ? [
            ['yes', t('answer.yesPlease')],
            ['no', t('answer.noThanks')],
          ]
        : [
            ['yes', t('answer.yes')],
            ['no', t('answer.no')],
          ];
      break;
    case 'statement':
      answers = STATEMENT_VALUES.map((v) => [v, t(`answer.${v}`)]);
      break;
    case 'choice':
      answers = q.options.map((o) => [o.value, localize(o.label)]);
      break;
    case 'scale':
      answers = SCALE_FACES.slice(0, q.points).map((face, i) => [i + 1, `${i + 1} ${face}`]);
      break;
    case 'dyad':
      // The poles at the ends, as the text says them ("1 = …, 5 = …"); the points between by number.
      answers = Array.from({ length: DYAD_POINTS }, (_, i) => [
        i + 1,
        i === 0 ? `1 ${localize(q.left)}` : i === DYAD_POINTS - 1 ? `${DYAD_POINTS} ${localize(q.right)}` : String(i + 1),
      ]);
      break;
    case 'triad':
      // The seven zones of the picture, numbered as on it: corners by their quality, the rest by what they lie between.
      answers = zoneLabels(q, chain, texts, localize).map((label, i) => [i + 1, `${i + 1} ${label}`]);
      break;
    default:
      return null;
  }
  if (answers.length === 0 || answers.length > MAX_TAP_OPTIONS) return null;
  const ref = { surveyId: survey.id, surveyVersion: survey.version, questionId: q.id };
  const language = [...chain, ...survey.languages].find((lng) => survey.languages.includes(lng)) ?? survey.languages[0] ?? 'en';
  return { language, options: answers.map(([value, title]) => ({ id: tapId(ref, value), title })), listButton: t('tap.choose') };
}

/** A language in the menu to tap: `l1:<code>`, set by Stem (languageChoices); null for anything else. */
const LANGUAGE_TAP = /^l1:([a-z]{2,3})$/;
export const readLanguageTap = (payload: string | null): string | null => (payload ? (LANGUAGE_TAP.exec(payload.trim())?.[1] ?? null) : null);

/**
 * The language menu as a list to tap (WhatsApp): each language named in its own script, as the written
 * menu names it, so someone who cannot read the hint still finds their own script; the list's button is
 * the globe the menu starts with, which needs no language. Null where a list cannot hold them all.
 */
export function languageChoices(offered: ReadonlyArray<{ code: string; name: string }>, language: string): TapChoices | null {
  if (offered.length === 0 || offered.length > MAX_TAP_OPTIONS) return null;
  return { language, options: offered.map(({ code, name }) => ({ id: `l1:${code}`, title: name })), listButton: '🌐' };
}
