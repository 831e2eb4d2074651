import type { Askable } from '../../flows/answers.js';
import type { SurveyDefinition } from '../../flows/definition.js';
import { renderQuestion } from '../conversation/render.js';
import { smsSegments } from '../sms-segments.js';
import type { Texts } from '../texts.js';
import type { TranslationProblem } from './checks.js';
import { setUnitText } from './set-text.js';
import { surveyUnits } from './units.js';

/**
 * How long a translated question may be, as the SMS a participant gets: the question first asked, with its
 * numbered options and hint, rendered by the conversation's own renderer (core/conversation/render.ts) and
 * counted as carriers count parts (core/sms-segments.ts). Each question may take
 *
 *   the larger of  its budget — 2 parts in a language written in GSM-7 (nl, fr, en), 3 in one that is sent
 *                  as UCS-2 (70 characters a part, not 160), one more for a triad, whose seven places are
 *                  spelled out — the caps tests/unit/sms-parts.test.ts holds the built-in templates to;
 *  and              the parts of the same message in the survey's main language, doubled where the
 *                  translation is UCS-2 and the source GSM-7 (a part then holds 67 characters instead of
 *                  153, while Arabic, Tigrinya or Ukrainian say the same in fewer characters than Dutch).
 *
 * The second term keeps a survey translatable whose author knowingly wrote a long question: a translation
 * may be as long as its source, never run away from it. More parts cost money on every message, and every
 * part that arrives out of order makes a question harder for someone who reads little.
 */

const GSM_LANGUAGES = new Set(['nl', 'fr', 'en']);

export function smsBudget(language: string, q: Pick<Askable, 'kind'>): number {
  return (GSM_LANGUAGES.has(language) ? 2 : 3) + (q.kind === 'triad' ? 1 : 0);
}

/** A survey's askables as the conversation has them: each question, and a statement's probe as an open question. */
function askables(def: SurveyDefinition): Array<{ unit: string; q: Askable }> {
  return def.questions.flatMap((q) => [
    { unit: `q.${q.id}.text`, q },
    ...(q.kind === 'statement' && q.probe
      ? [{ unit: `q.${q.id}.probe`, q: { kind: 'open' as const, id: `${q.id}_probe`, text: q.probe.text, optional: true as const, probeOf: q.id } }]
      : []),
  ]);
}

const parts = (q: Askable, language: string, def: SurveyDefinition, texts: Texts) => smsSegments(renderQuestion(q, false, [language], def, texts, 'sms'));

/** The SMS length check of one survey language, for checkBundle's `length` option. */
export function surveySmsLength(def: SurveyDefinition, language: string, texts: Texts): (targets: ReadonlyMap<string, string>) => TranslationProblem[] {
  return (targets) => {
    const source = def.languages[0] ?? language;
    const translated = structuredClone(def);
    for (const unit of surveyUnits(translated)) {
      const target = targets.get(unit.id);
      if (target === undefined) continue;
      setUnitText(translated, unit, language, target);
    }
    const before = new Map(askables(def).map((a) => [a.unit, a.q]));
    return askables(translated).flatMap(({ unit, q }) => {
      const was = before.get(unit);
      if (!was) return [];
      const mine = parts(q, language, translated, texts);
      const theirs = parts(was, source, def, texts);
      const factor = mine.encoding === 'UCS-2' && theirs.encoding === 'GSM-7' ? 2 : 1;
      const max = Math.max(smsBudget(language, q), theirs.segments * factor);
      if (mine.segments <= max) return [];
      return [
        {
          unit,
          check: 'sms-length' as const,
          message: `this question's SMS takes ${mine.segments} parts (${mine.encoding}), at most ${max} in "${language}": shorten the question or its options`,
          values: { parts: mine.segments, max, encoding: mine.encoding },
        },
      ];
    });
  };
}
