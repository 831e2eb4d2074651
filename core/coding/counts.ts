import type { Family, Published, Table } from '../disclosure/audit.js';
import { SUPPRESSED, type Cell } from '../disclosure/cells.js';
import type { Answer } from '../model.js';
import type { QuestionInfo } from '../results/questions.js';
import { ids } from '../results/summary.js';
import { codable } from './codable.js';

/**
 * Code counts of a round: per question, how many released respondents' answers carry each code (by any
 * coder), through disclosure control (core/disclosure/audit.ts).
 *
 * Codes overlap — one answer can carry several — so a question's code counts are no partition of its
 * respondents. Each code splits the question's answered respondents (the summary's published count
 * `q/<id>/n`) in two: with the code, and without it (never published). Only these are published: one
 * count per code, no union, no "coded at all". Then the only groups anyone can derive are a code's
 * respondents and their complement: a sum a·n + Σ bᶜ·|code c| is a count of people only when it is one
 * code's or its complement's — with two codes or more, any other mix either counts someone twice or gives a
 * negative. (A union such as A∪B or "coded" would open A∪B − A = B∖A and A + B − A∪B = A∩B: that is why
 * none is published; whoever adds one must audit those groups too.) The audit hides a code count of 1..k−1,
 * one whose complement is 1..k−1, and — against what the round's code counts published before
 * (`earlier`) — one whose change since then is 1..k−1: a new release of ≥ k people, or tags added since,
 * cannot be read as "2 of the newcomers said this".
 */

export const codeCountIds = {
  answered: ids.answered,
  withCode: (questionId: string, code: string) => `c/${questionId}/${code}`,
  without: (questionId: string, code: string) => `c/${questionId}/${code}/without`,
};

export interface QuestionCodeCounts {
  questionId: string;
  text: string;
  /** Respondents whose answer carries the code, per code id; hidden where disclosure control says so. */
  codes: Record<string, Cell>;
}

/** The running code counts of one round's released respondents. Memory grows with questions and codes, not answers. */
export class CodeTally {
  private readonly answered = new Map<string, number>();
  private readonly withCode = new Map<string, Map<string, number>>();

  constructor(
    private readonly questions: ReadonlyMap<string, QuestionInfo>,
    /** The codes an answer carries (all coders together). */
    private readonly codesOf: (respondentCode: string, questionId: string) => ReadonlySet<string> | undefined,
  ) {}

  /** All answers of one released respondent. */
  add(respondentCode: string, answers: readonly Answer[]): void {
    const seen = new Set<string>();
    for (const a of answers) {
      if (seen.has(a.questionId) || !codable(a, this.questions.get(a.questionId))) continue;
      seen.add(a.questionId);
      this.answered.set(a.questionId, (this.answered.get(a.questionId) ?? 0) + 1);
      const codes = this.codesOf(respondentCode, a.questionId);
      if (!codes || codes.size === 0) continue;
      let perCode = this.withCode.get(a.questionId);
      if (!perCode) this.withCode.set(a.questionId, (perCode = new Map()));
      for (const code of codes) perCode.set(code, (perCode.get(code) ?? 0) + 1);
    }
  }

  /** Questions at least one of whose released answers carries a code, in survey order. */
  codedQuestions(): string[] {
    const position = (id: string) => this.questions.get(id)?.position ?? Number.MAX_SAFE_INTEGER;
    return [...this.withCode.keys()].sort((a, b) => position(a) - position(b) || a.localeCompare(b));
  }

  answeredCount(questionId: string): number {
    return this.answered.get(questionId) ?? 0;
  }

  /**
   * Every count as families for the audit. `totalKnown`: the summary published this question's answered
   * count as it stands now (then readers know it, and a code's complement is derivable from it).
   */
  table(codes: readonly string[], totalKnown: (questionId: string, answered: number) => boolean): Table {
    const counts = new Map<string, number>();
    const families: Family[] = [];
    const neverPublished = new Set<string>();
    for (const q of this.codedQuestions()) {
      const answered = this.answeredCount(q);
      const totalId = codeCountIds.answered(q);
      counts.set(totalId, answered);
      if (!totalKnown(q, answered)) neverPublished.add(totalId);
      for (const code of codes) {
        const n = this.withCode.get(q)?.get(code) ?? 0;
        const withId = codeCountIds.withCode(q, code);
        const withoutId = codeCountIds.without(q, code);
        counts.set(withId, n);
        counts.set(withoutId, answered - n);
        neverPublished.add(withoutId);
        families.push({ id: withId, totalId, cellIds: [withId, withoutId] });
      }
    }
    return { counts, families, neverPublished };
  }

  /** The counts as `published` lets them be shown: every code of every coded question, hidden or not. */
  render(codes: readonly string[], published: Published): QuestionCodeCounts[] {
    return this.codedQuestions().map((q) => ({
      questionId: q,
      text: this.questions.get(q)?.text ?? '',
      codes: Object.fromEntries(codes.map((code) => [code, published[codeCountIds.withCode(q, code)] ?? SUPPRESSED])),
    }));
  }
}
