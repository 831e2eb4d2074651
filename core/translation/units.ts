import type { LocalizedText, Question, SurveyDefinition } from '../../flows/definition.js';

/**
 * One translatable text of a survey: an id that names it by question id and option value (not by
 * position, so reordering questions keeps a translator's work attached), and its text per language.
 * `about` is for staff (the dashboard's languages), the rest is what participants read or hear.
 */
export interface TextUnit {
  id: string;
  /** Where it sits in the definition (for zod-style error paths), e.g. ['questions', 2, 'probe', 'text']. */
  path: Array<string | number>;
  text: LocalizedText;
  /** Participants never see it: it is not held to the survey's languages or SMS budgets. */
  staffOnly: boolean;
}

/** Every text of one question, in the order a participant meets them. */
export function questionUnits(q: Question, at: number): TextUnit[] {
  const base = ['questions', at];
  const unit = (suffix: string, path: Array<string | number>, text: LocalizedText): TextUnit => ({
    id: `q.${q.id}.${suffix}`,
    path: [...base, ...path],
    text,
    staffOnly: false,
  });
  const list = [unit('text', ['text'], q.text)];
  if (q.kind === 'choice') q.options.forEach((o, j) => list.push(unit(`option.${o.value}`, ['options', j, 'label'], o.label)));
  if (q.kind === 'statement' && q.probe) list.push(unit('probe', ['probe', 'text'], q.probe.text));
  if (q.kind === 'dyad') list.push(unit('left', ['left'], q.left), unit('right', ['right'], q.right));
  if (q.kind === 'triad') q.corners.forEach((c, j) => list.push(unit(`corner.${j + 1}`, ['corners', j], c)));
  return list;
}

/** Every text of a survey: its title, its note for staff, then each question's. */
export function surveyUnits(def: Pick<SurveyDefinition, 'title' | 'about' | 'questions'>): TextUnit[] {
  return [
    { id: 'title', path: ['title'], text: def.title, staffOnly: false },
    ...(def.about ? [{ id: 'about', path: ['about'], text: def.about, staffOnly: true }] : []),
    ...def.questions.flatMap((q, i) => questionUnits(q, i)),
  ];
}
