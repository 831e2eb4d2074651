import { answerKey } from './codable.js';
import type { Tagging } from './ports.js';

/** A round's taggings regrouped: by answer, all coders together, or coder by coder. */

/** Answer (`respondentCode#questionId`) → the codes any coder gave it. */
export function unionOfCoders(taggings: readonly Tagging[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const t of taggings) {
    if (t.codes.length === 0) continue;
    const key = answerKey(t.respondentCode, t.questionId);
    let codes = out.get(key);
    if (!codes) out.set(key, (codes = new Set()));
    for (const c of t.codes) codes.add(c);
  }
  return out;
}

/** Answer → coder → the codes that coder gave it. */
export function byCoder(taggings: readonly Tagging[]): Map<string, Map<string, string[]>> {
  const out = new Map<string, Map<string, string[]>>();
  for (const t of taggings) {
    if (t.codes.length === 0) continue;
    const key = answerKey(t.respondentCode, t.questionId);
    let coders = out.get(key);
    if (!coders) out.set(key, (coders = new Map()));
    coders.set(t.coder, [...t.codes].sort());
  }
  return out;
}
