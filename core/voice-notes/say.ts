import type { Askable } from '../../flows/answers.js';
import type { SurveyDefinition } from '../../flows/definition.js';
import { localized, renderQuestion, triadZoneLabels } from '../conversation/render.js';
import type { TextKey, Texts } from '../texts.js';

const numbered = (labels: readonly string[]): string => labels.map((label, i) => `${i + 1}. ${label}`).join('\n');

/**
 * What a question's voice note says, in `language` only: the question as the message words it (render.ts),
 * with what reads well but sounds wrong said instead — the faces of a scale and the "1 = …" of a dyad.
 * Unlike a call (spoken.ts) it never says "press": on WhatsApp the answer is typed or tapped. The same
 * text for everyone in that language and survey version, so one synthesis serves them all (its hash is
 * the cache key), and no re-prompt apology: a voice note is the question itself.
 */
export function voiceNoteText(q: Askable, language: string, survey: SurveyDefinition, texts: Texts): string {
  const chain = [language];
  const t = (key: TextKey, vars?: Record<string, string | number>) => texts.t(key, chain, vars);
  const text = localized(q.text, chain, survey);
  const parts: string[] = [text];
  switch (q.kind) {
    case 'consent':
      if (q.hearBack) parts.push(t('consent.hearBackNote'), numbered([t('answer.yesPlease'), t('answer.noThanks')]));
      else parts.push(t('consent.promise'), numbered([t('answer.yes'), t('answer.no')]));
      break;
    case 'statement':
      parts.push(numbered([t('answer.true'), t('answer.not_true'), t('answer.dont_know')]));
      break;
    case 'choice':
      parts.push(numbered(q.options.map((o) => localized(o.label, chain, survey))));
      break;
    case 'scale':
      parts.push(t('voiceNote.scale'));
      break;
    case 'number':
      parts.push(t('hint.number', { min: q.min, max: q.max }));
      break;
    case 'open':
    case 'story':
      parts.push(t('hint.open'));
      break;
    case 'dyad':
      parts.push(t('voiceNote.dyad', { left: localized(q.left, chain, survey), right: localized(q.right, chain, survey) }));
      break;
    case 'triad':
      parts.push(numbered(triadZoneLabels(q, chain, survey, texts)));
      break;
  }
  // A pause between the parts: each on a line of its own ends a sentence for every engine.
  return parts
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .join('\n');
}

/**
 * "Voice first": what follows the voice note in writing — the message without the question's own words
 * (render.ts with the question text left out), so the answer options and hints stay where they are read
 * and tapped, and any change to how a question is written applies here too.
 */
export function afterVoiceNote(q: Askable, again: boolean, chain: readonly string[], survey: SurveyDefinition, texts: Texts): string {
  const withoutWords = { ...q, text: {} } as Askable;
  return renderQuestion(withoutWords, again, chain, survey, texts, 'whatsapp')
    .split('\n\n')
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph !== '')
    .join('\n\n');
}
