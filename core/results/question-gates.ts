import type { CompiledSurvey } from '../../flows/compile.js';
import { holds } from '../../flows/compile.js';
import { END, type Condition } from '../../flows/definition.js';
import type { QuestionInfo } from './questions.js';

/**
 * Which earlier answers decide whether a question is asked at all. A follow-up asked only after "not
 * true" or "don't know" is answered by (about) as many people as gave those answers: its respondent count
 * is a sum of the earlier question's cells, and disclosure control must treat it as one (issue 16:
 * "complementary disclosure"). Only earlier questions whose answers are counted value by value matter:
 * a count derived from a mean-only question gives no cell away.
 */
export interface Gate {
  question: string;
  /** The earlier question's values (or `NO_ANSWER`) of the people it is asked of. */
  members: readonly string[];
}

/** Stands for "did not answer" among a question's values. */
export const NO_ANSWER = '\u2205';

const asAnswer = (value: string): string | number => (/^-?\d+$/.test(value) ? Number(value) : value);

/** The values (and no answer) of `source` for which `condition` holds. */
function matching(condition: Condition, source: QuestionInfo): string[] {
  const values = source.values.filter((v) => holds(condition, { [source.id]: asAnswer(v) }));
  return holds(condition, {}) ? [...values, NO_ANSWER] : values;
}

/** The gates of every question that can be passed over: probes, and questions a `next` rule can jump past. */
export function gatesOf(survey: CompiledSurvey, questions: ReadonlyMap<string, QuestionInfo>): Map<string, Gate[]> {
  const gates = new Map<string, Gate[]>();
  const add = (id: string, gate: Gate) => gates.set(id, [...(gates.get(id) ?? []), gate]);
  const probesOf = (id: string): string[] => [...survey.askables.values()].flatMap((a) => ('probeOf' in a && a.probeOf === id ? [a.id] : []));
  for (const q of survey.definition.questions) {
    const values = questions.get(q.id)?.values ?? [];
    if (q.kind !== 'statement' || !q.probe || values.length === 0) continue;
    for (const probe of probesOf(q.id)) add(probe, { question: q.id, members: q.probe.when ?? values });
  }
  const order = survey.definition.questions.map((q) => q.id);
  survey.definition.questions.forEach((q, i) => {
    for (const rule of q.next ?? []) {
      const source = questions.get(rule.if.question);
      if (!source || source.values.length === 0) continue;
      const target = rule.goto === END ? order.length : order.indexOf(rule.goto);
      // Jumped over when the condition holds: asked of those for whom it does not.
      const jumpers = matching(rule.if, source);
      const members = [...source.values, NO_ANSWER].filter((v) => !jumpers.includes(v));
      for (const id of order.slice(i + 1, target < 0 ? order.length : target)) {
        for (const asked of [id, ...probesOf(id)]) add(asked, { question: source.id, members });
      }
    }
  });
  return gates;
}
