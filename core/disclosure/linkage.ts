import { small } from './cells.js';

/**
 * Whether respondent codes may link a project's rounds. With linked codes, anyone holding two round
 * exports sees who came back, who left and who is new: each of those groups — people by the set of
 * released rounds they are in — must hold 0 or at least k, or the codes are given per round instead
 * (everyone in a round is then simply one of that round's respondents).
 */
export function linkingIsSafe(releasedByRound: ReadonlyArray<ReadonlySet<string>>, k: number): boolean {
  const pattern = new Map<string, string>();
  releasedByRound.forEach((codes, i) => {
    for (const code of codes) pattern.set(code, `${pattern.get(code) ?? ''}${i},`);
  });
  const classes = new Map<string, number>();
  for (const p of pattern.values()) classes.set(p, (classes.get(p) ?? 0) + 1);
  return [...classes.values()].every((n) => !small(n, k));
}
