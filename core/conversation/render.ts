import type { Askable } from '../../flows/answers.js';
import type { LocalizedText, SurveyDefinition } from '../../flows/definition.js';
import { SCALE_FACES } from '../../flows/normalize.js';
import type { Channel, PictureRef, Reply } from '../model.js';
import type { LanguageChain, Texts } from '../texts.js';
import { questionChain } from './question-language.js';
import { hasRtlLetter, isRtlChain, rtlLines } from './bidi.js';
import { tapChoices } from './taps.js';
import { zoneLabels } from './triad-zones.js';

/** Survey text in the first language of the chain the survey has, else the survey's main language. */
export function localized(text: LocalizedText, chain: LanguageChain, survey: SurveyDefinition): string {
  for (const lng of [...chain, ...survey.languages]) {
    const value = text[lng];
    if (value) return value;
  }
  return Object.values(text)[0] ?? '';
}

const numberedList = (labels: string[]): string => labels.map((label, i) => `${i + 1}. ${label}`).join('\n');

/**
/**
 * The consent's promise, a short message of its own sent just before the consent question is first asked
 * (two short messages read more easily than one long one, and each stays within two SMS parts); null for
 * any other question, for the question asked again, and for hearing back, whose note is in the question.
 * A call says the same promise (spoken.ts), with "hang up" for "send STOP".
 */
export function consentPromise(q: Askable, again: boolean | 'kept', chain: LanguageChain, texts: Texts): string | null {
  if (q.kind !== 'consent' || q.hearBack || again) return null;
  return `${texts.t('consent.promise', chain)} ${texts.t('consent.stop', chain)}`;
}

/**
 * One question as a message: the question, its answer options, and a hint. Asked again (`again`), it starts
 * with an apology, or with "we keep what you wrote" when the message was kept as a comment (`'kept'`).
 * All in one language: the first of the person's chain the survey has (question-language.ts).
 * An open question invites a voice message where one can be sent: on WhatsApp, not by SMS (Twilio takes
 * no MMS in Belgium, error 30011); a call records the answer anyway.
 */
export function renderQuestion(
  q: Askable,
  again: boolean | 'kept',
  personChain: LanguageChain,
  survey: SurveyDefinition,
  texts: Texts,
  channel: Channel = 'sms',
): string {
  const chain = questionChain(personChain, survey.languages);
  const plain = composeQuestion(q, again, chain, survey, texts, channel, (block) => block);
  // Direction marks on the lines of numbers and faces in a right-to-left language (bidi.ts): over SMS only
  // where the message is UCS-2 already; on WhatsApp (no parts to count) also where no letter sets the
  // direction — a voice-first scale is its line of faces alone (core/voice-notes/say.ts afterVoiceNote).
  const marked = isRtlChain(chain) && (channel === 'whatsapp' || hasRtlLetter(plain));
  return marked ? composeQuestion(q, again, chain, survey, texts, channel, rtlLines) : plain;
}

/** The parts of a question's message; `lines` marks the blocks built of numbers, faces and labels. */
function composeQuestion(
  q: Askable,
  again: boolean | 'kept',
  chain: LanguageChain,
  survey: SurveyDefinition,
  texts: Texts,
  channel: Channel,
  lines: (block: string) => string,
): string {
  const t = (key: Parameters<Texts['t']>[0], vars?: Record<string, string | number>) => texts.t(key, chain, vars);
  const numbered = (labels: string[]): string => lines(numberedList(labels));
  const text = localized(q.text, chain, survey);
  const parts: string[] = again === 'kept' ? [t('invalid.keptAsComment')] : again ? [t('invalid.notUnderstood')] : [];
  switch (q.kind) {
    case 'consent':
      // Hearing back needs the number kept: say what it is kept for, and that it stays apart from the answers.
      if (q.hearBack) parts.push(text, t('consent.hearBackNote'), numbered([t('answer.yesPlease'), t('answer.noThanks')]));
      else parts.push(`${text}\n${numbered([t('answer.yes'), t('answer.no')])}`); // the promise went just before (consentPromise)
      break;
    case 'statement':
      parts.push(`${text}\n${numbered([t('answer.true'), t('answer.not_true'), t('answer.dont_know')])}`);
      break;
    case 'choice':
      parts.push(`${text}\n${numbered(q.options.map((o) => localized(o.label, chain, survey)))}`, ...(again ? [t('hint.choice')] : []));
      break;
    case 'scale':
      parts.push(`${text}\n${lines(SCALE_FACES.map((face, i) => `${i + 1} ${face}`).join('   '))}`, ...(again ? [t('hint.scale')] : []));
      break;
    case 'number':
      parts.push(text, t('hint.number', { min: q.min, max: q.max }));
      break;
    case 'open':
    case 'story':
      parts.push(text, t(channel === 'whatsapp' ? 'hint.openVoice' : 'hint.open'));
      break;
    case 'dyad':
      parts.push(
        `${text}\n${lines(t('dyad.poles', { left: localized(q.left, chain, survey), right: localized(q.right, chain, survey) }))}`,
        ...(again ? [t('hint.dyad')] : []),
      );
      break;
    case 'triad':
      parts.push(`${text}\n${numbered(triadZoneLabels(q, chain, survey, texts))}`, ...(again ? [t('hint.triad')] : []));
      break;
  }
  if (again && q.optional) parts.push(t('hint.skip'));
  return parts.join('\n\n');
}

type TriadQuestion = Extract<Askable, { kind: 'triad' }>;

/**
 * One question as the reply that asks it. Over WhatsApp a triad comes with its picture (the numbered
 * triangle, corners in the participant's language); the numbered text list stays in the text, so the
 * question can be answered when the picture does not load. SMS has no pictures; calls read the zones out.
 */
export function questionReply(
  q: Askable,
  again: boolean | 'kept',
  personChain: LanguageChain,
  survey: SurveyDefinition,
  texts: Texts,
  channel: Channel,
): Reply {
  const chain = questionChain(personChain, survey.languages);
  const text = renderQuestion(q, again, chain, survey, texts, channel);
  if (channel !== 'whatsapp') return { text };
  // Closed answers to tap as well (taps.ts); the numbered text stays for those who type, and as the fallback.
  const choices = tapChoices(q, chain, survey, texts, (label) => localized(label, chain, survey));
  const picture = q.kind === 'triad' ? triadPicture(q, chain, survey) : undefined;
  return { text, ...(picture ? { picture } : {}), ...(choices ? { choices } : {}) };
}

/** The picture of a triad for this chain: its corners in the first language of the chain that has all three. */
export function triadPicture(q: TriadQuestion, chain: LanguageChain, survey: SurveyDefinition): PictureRef {
  const language = [...chain, ...survey.languages].find((lng) => triadCornersIn(q, lng) !== null) ?? survey.languages[0] ?? '';
  return { kind: 'triad', surveyId: survey.id, surveyVersion: survey.version, questionId: q.id, language };
}

/** A triad's three qualities in one language (what its picture is labelled with); null if one is missing. */
export function triadCornersIn(q: TriadQuestion, language: string): [string, string, string] | null {
  const [a, b, c] = q.corners.map((corner) => corner[language]);
  return a && b && c ? [a, b, c] : null;
}

/** The seven zones of a triad in words, in zone order: the three qualities, "between A and B"… and "all three equally". */
export function triadZoneLabels(q: TriadQuestion, chain: LanguageChain, survey: SurveyDefinition, texts: Texts): string[] {
  return zoneLabels(q, chain, texts, (c) => localized(c, chain, survey));
}
