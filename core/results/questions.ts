import type { Askable } from '../../flows/answers.js';
import { allowedValues } from '../../flows/answers.js';
import type { CompiledSurvey } from '../../flows/compile.js';
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
  /** The fixed answers of consent, choice and statement questions; empty for the others. */
  values: readonly string[];
}


/** Every askable of a survey (probes included), in survey order. */
export function questionsOf(survey: CompiledSurvey): Map<string, QuestionInfo> {
  const main = survey.definition.languages[0] ?? '';
  const out = new Map<string, QuestionInfo>();
  for (const askable of survey.askables.values()) {
    out.set(askable.id, { id: askable.id, kind: askable.kind, text: askable.text[main] ?? '', position: out.size, values: allowedValues(askable) });
  }
  return out;
}

/** Oldest first (by opening time), so start, midway and end come in that order. */
export function oldestFirst(rounds: readonly Round[]): Round[] {
  return [...rounds].sort((a, b) => a.opensAt.localeCompare(b.opensAt) || a.roundId.localeCompare(b.roundId));
}
