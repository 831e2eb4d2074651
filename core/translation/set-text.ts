import type { SurveyDefinition } from '../../flows/definition.js';
import type { TextUnit } from './units.js';

/** Sets one language's text of a unit in a definition (a copy the caller owns), by the unit's path. */
export function setUnitText(def: SurveyDefinition, unit: Pick<TextUnit, 'path'>, language: string, text: string): void {
  let node: unknown = def;
  for (const key of unit.path) node = (node as Record<string | number, unknown>)[key];
  (node as Record<string, string>)[language] = text;
}
