import type { SharingLevel } from '../access/sharing.js';
import type { RoundCodeCounts } from '../coding/round-counts.js';
import type { Code } from '../coding/code.js';
import type { Cell } from '../disclosure/cells.js';
import { agreementOf, ENERGY, type Agreement, type RoundPoint, type RoundRef } from './compare.js';
import type { ProjectSummary } from './project-results.js';
import type { RoundSummary } from './summary.js';

/**
 * Projects of the learning network side by side (issue 21, item 5): energy over the rounds, agreement per
 * statement, and the coded themes where the organisation shares them. Nothing is counted here: every
 * number is read from what a project's releases already published (core/results/project-results.ts) and
 * what its code counts published (core/coding/round-counts.ts), both through disclosure control. A value
 * hidden there stays hidden here; a project shows no more than its organisation shares (core/access/sharing.ts).
 */

export interface NetworkRound extends RoundRef {
  opensAt: string;
  /** The round's release number (0: fewer than k finished, nothing shown yet). */
  release: number;
}

export interface StatementAgreement {
  questionId: string;
  text: string;
  /** Every round of the project, oldest first; null where the round did not ask it. */
  points: Array<RoundPoint<Agreement>>;
}

export interface NetworkThemes {
  /** The newest round with a release: its code counts as published. */
  round: RoundRef;
  codes: Array<Pick<Code, 'id' | 'label'>>;
  questions: RoundCodeCounts['questions'];
}

export interface NetworkProject {
  projectId: string;
  name: string;
  organisationId: string;
  /** The organisation's name (its id when it has no record). */
  organisationName: string;
  /** What the organisation shares of the project; `nothing` never gets here. */
  sharing: Exclude<SharingLevel, 'nothing'>;
  k: number;
  rounds: NetworkRound[];
  /** The energy check-in's mean per round, as released; null where the round did not ask it. */
  energy: Array<RoundPoint<Cell>>;
  agreement: StatementAgreement[];
  /** Shared as `themes` or `rows` only; null otherwise (the reader is not told more than that). */
  themes: NetworkThemes | null;
}

const refOf = (s: RoundSummary): RoundRef => ({ roundId: s.roundId, label: s.label });

/** One project's side of the comparison, from its released summary and, when shared, its published code counts. */
export function networkProject(
  summary: ProjectSummary,
  owner: { organisationId: string; organisationName: string; sharing: Exclude<SharingLevel, 'nothing'> },
  themes: NetworkThemes | null,
): NetworkProject {
  const rounds = summary.rounds;
  const statements = new Map<string, string>();
  for (const r of rounds) for (const q of r.questions) if (q.kind === 'statement') statements.set(q.questionId, q.text);
  return {
    projectId: summary.projectId,
    name: summary.name,
    ...owner,
    k: summary.k,
    rounds: rounds.map((r) => ({ ...refOf(r), opensAt: r.opensAt, release: r.release.number })),
    energy: rounds.map((r) => ({ ...refOf(r), value: r.questions.find((q) => q.questionId === ENERGY && q.kind === 'scale')?.mean ?? null })),
    agreement: [...statements].map(([questionId, text]) => ({
      questionId,
      text,
      points: rounds.map((r) => {
        const q = r.questions.find((x) => x.questionId === questionId && x.kind === 'statement');
        return { ...refOf(r), value: q ? agreementOf(q) : null };
      }),
    })),
    themes: owner.sharing === 'summary' ? null : themes,
  };
}

/** The newest round of a summary with a release: the one whose code counts the comparison shows. */
export function newestReleased(summary: ProjectSummary): RoundSummary | null {
  return summary.rounds.findLast((r) => r.release.number > 0) ?? null;
}
