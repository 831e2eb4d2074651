import type { ReviewerRole, SurveyDefinition } from '../../flows/definition.js';
import type { TranslationBundle, TranslationUnit } from './bundle.js';
import { checkBundle, type TranslationProblem } from './checks.js';
import { reviewOf, reviewsAfterEdit } from './review.js';
import { setUnitText } from './set-text.js';
import { surveySmsLength } from './sms-budget.js';
import { createTexts, type Texts } from '../texts.js';
import { surveyUnits, type TextUnit } from './units.js';

/**
 * A survey version's participant texts as a translation bundle, and a translated bundle applied back.
 *
 * `about` is left out: it is the note for staff, written in the dashboard's languages (nl/fr/en) and never
 * sent to a participant, so a translator into Tigrinya has nothing to do with it, and a language's review
 * state is about what participants read (reviewsAfterEdit ignores it as well).
 */

const NOTES: Record<string, string> = {
  title: 'The survey title, as staff and reports show it (the conversation itself does not send it).',
  text: 'A question, sent as a message (SMS, WhatsApp) and read out on calls.',
  option: 'An answer option, shown numbered under its question.',
  probe: 'A follow-up question, asked after the statement is answered.',
  left: 'The left pole of a scale between two ends.',
  right: 'The right pole of a scale between two ends.',
  corner: 'One of three qualities of a triangle (triad); also printed on its picture.',
};

function noteOf(unit: TextUnit): string {
  const part = unit.id === 'title' ? 'title' : (unit.id.split('.')[2] ?? 'text');
  return NOTES[part] ?? NOTES.text ?? '';
}

export const surveyBundleName = (def: Pick<SurveyDefinition, 'id' | 'version'>): string => `${def.id}-v${def.version}`;

/** The participant texts of a survey version from its main language into `target`. */
export function surveyBundle(def: SurveyDefinition, target: string): TranslationBundle {
  const source = def.languages[0] ?? target;
  const units: TranslationUnit[] = surveyUnits(def)
    .filter((u) => !u.staffOnly)
    .map((u) => ({ id: u.id, source: u.text[source] ?? '', target: u.text[target] ?? null, note: noteOf(u) }));
  return { kind: 'survey', name: surveyBundleName(def), sourceLanguage: source, targetLanguage: target, review: reviewOf(def, target), units };
}

export interface ApplyOptions {
  /** The person who imports says a speaker of the language checked every text. */
  reviewed: boolean;
  by: ReviewerRole;
  at: Date;
  /** The system texts the SMS check renders questions with; created once when not given. */
  texts?: Texts;
}

let shared: Texts | undefined;

/**
 * A checked bundle applied to a survey: the target language's texts replaced, and its review state set.
 * A file with any problem changes nothing (the definition comes back as it was). Reviewed (the importer
 * vouches for a speaker's check, and nothing is wrong): `reviewed` by that role, now. Otherwise the edit
 * semantics of reviewsAfterEdit: changed texts make the language a draft, unchanged texts keep its state.
 */
export function applySurveyBundle(
  def: SurveyDefinition,
  bundle: TranslationBundle,
  options: ApplyOptions,
): { definition: SurveyDefinition; problems: TranslationProblem[] } {
  if (!def.languages.includes(bundle.targetLanguage)) {
    const message = `the survey has no language "${bundle.targetLanguage}"`;
    return {
      definition: def,
      problems: [{ unit: null, check: 'language', message, values: { file: bundle.targetLanguage, expected: def.languages.join(', ') } }],
    };
  }
  const texts = options.texts ?? (shared ??= createTexts());
  const problems = checkBundle(surveyBundle(def, bundle.targetLanguage), bundle, { length: surveySmsLength(def, bundle.targetLanguage, texts) });
  if (problems.length > 0) return { definition: def, problems };
  const language = bundle.targetLanguage;
  const next = structuredClone(def);
  const byId = new Map(bundle.units.map((u) => [u.id, u]));
  for (const unit of surveyUnits(next).filter((u) => !u.staffOnly)) {
    const target = byId.get(unit.id)?.target;
    if (target !== null && target !== undefined) setUnitText(next, unit, language, target.trim()); // as the schema stores it
  }
  const after = reviewsAfterEdit(def, next, options.by, options.at);
  if (options.reviewed) after[language] = { state: 'reviewed', by: options.by, at: options.at.toISOString() };
  // Only what changed is written: an import that changes nothing leaves the definition as it was.
  const changed = Object.entries(after).filter(
    ([lng, review]) => (options.reviewed && lng === language) || JSON.stringify(review) !== JSON.stringify(reviewOf(def, lng)),
  );
  if (changed.length === 0) return { definition: def, problems: [] };
  return { definition: { ...next, reviews: { ...(def.reviews ?? {}), ...Object.fromEntries(changed) } }, problems: [] };
}
