import type { Askable } from '../../flows/answers.js';
import { allowedValues } from '../../flows/answers.js';
import type { CompiledSurvey } from '../../flows/compile.js';
import { DYAD_POINTS, TRIAD_ZONES } from '../../flows/triad.js';
import type { Round } from '../model.js';

/** A round with the survey version it asked: exports and summaries read question texts and kinds from it. */
export interface RoundOfSurvey {
  round: Round;
  survey: CompiledSurvey;
}

export interface QuestionInfo {
  id: string;
  kind: Askable['kind'];
  /** In the survey's main language (the first of its languages), as exports show it. */
  text: string;
  /** Position in the survey, probes right after their statement. */
  position: number;
  /** The answers counted one by one: consent, choice and statement values, dyad points, triad zones; empty for the others. */
  values: readonly string[];
  /** Scale, dyad and number questions: the lowest and highest answer a person can give. */
  range?: readonly [number, number];
  /** Dyads: the two poles; triads: the three corners (main language), for charts. */
  poles?: readonly [string, string];
  corners?: readonly [string, string, string];
}

const DYAD_VALUES = Array.from({ length: DYAD_POINTS }, (_, i) => String(i + 1));
const TRIAD_VALUES = TRIAD_ZONES.map(String);

function countedValues(askable: Askable): readonly string[] {
  if (askable.kind === 'dyad') return DYAD_VALUES;
  if (askable.kind === 'triad') return TRIAD_VALUES;
  return allowedValues(askable);
}

/** Every askable of a survey (probes included), in survey order. */
export function questionsOf(survey: CompiledSurvey): Map<string, QuestionInfo> {
  const main = survey.definition.languages[0] ?? '';
  const out = new Map<string, QuestionInfo>();
  for (const askable of survey.askables.values()) {
    const inMain = (text: Askable['text']): string => text[main] ?? '';
    out.set(askable.id, {
      id: askable.id,
      kind: askable.kind,
      text: inMain(askable.text),
      position: out.size,
      values: countedValues(askable),
      ...(askable.kind === 'scale' ? { range: [1, askable.points] as const } : {}),
      ...(askable.kind === 'dyad' ? { range: [1, DYAD_POINTS] as const } : {}),
      ...(askable.kind === 'number' ? { range: [askable.min, askable.max] as const } : {}),
      ...(askable.kind === 'dyad' ? { poles: [inMain(askable.left), inMain(askable.right)] as const } : {}),
      ...(askable.kind === 'triad' ? { corners: [inMain(askable.corners[0]), inMain(askable.corners[1]), inMain(askable.corners[2])] as const } : {}),
    });
  }
  return out;
}

/** Oldest first (by opening time), so start, midway and end come in that order. */
export function oldestFirst(rounds: readonly Round[]): Round[] {
  return [...rounds].sort((a, b) => a.opensAt.localeCompare(b.opensAt) || a.roundId.localeCompare(b.roundId));
}
