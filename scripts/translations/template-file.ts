import { isDeepStrictEqual } from 'node:util';
import { surveyUnits } from '../../core/translation/units.js';
import { parseSurveyDefinition, type SurveyDefinition } from '../../flows/definition.js';

/**
 * A template file with an import's result written into it: only the texts of `language` and the review
 * states, each where it already is in the file, so the file keeps its keys, their order and its defaults
 * left out, and a pull request shows only the changed texts. Checked: the file read back is the definition
 * the import made.
 */
export function templateFileAfterImport(raw: Record<string, unknown>, after: SurveyDefinition, language: string): Record<string, unknown> {
  const next = structuredClone(raw);
  for (const unit of surveyUnits(after)) {
    const text = unit.text[language];
    if (text === undefined) continue;
    let node: unknown = next;
    for (const key of unit.path) node = (node as Record<string | number, unknown>)[key];
    (node as Record<string, string>)[language] = text;
  }
  if (after.reviews) next.reviews = { ...((next.reviews as Record<string, unknown> | undefined) ?? {}), ...after.reviews };
  if (!isDeepStrictEqual(parseSurveyDefinition(next), after)) {
    throw new Error(`the template file written for ${after.id} would not read back as the imported definition`);
  }
  return next;
}
