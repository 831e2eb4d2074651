import { describe, expect, it } from 'vitest';

import {
  CHANGED_BUDGET,
  CORPUS_LANGUAGES,
  HARMLESS_CATEGORIES,
  IDENTIFYING_CATEGORIES,
  MISSED_BUDGET,
  loadRedactionCorpus,
  replay,
  score,
  type Rate,
} from '../../bench/redaction.js';
import { REDACTION_KINDS, redactTranscript } from '../../core/privacy/redact.js';

/**
 * The recall corpus (tests/unit/redaction-corpus/cases/<language>.json) replayed whole: per category and
 * per language, at most 5 % of identifying cases may keep something that identifies, and at most 5 % of
 * harmless cases may change at all. A group over budget names every case it failed, with what came out.
 */

const cases = loadRedactionCorpus();
const outcomes = replay(cases);
const scores = score(outcomes);

function failures(r: Rate): string {
  return r.failed.map((o) => `\n  ${o.case.id}: ${JSON.stringify(o.case.text)} → ${JSON.stringify(o.output)}`).join('');
}

describe('recall corpus', () => {
  it('holds at least 300 cases, with every kind and every harmless look-alike in every language', () => {
    expect(cases.length).toBeGreaterThanOrEqual(300);
    for (const language of CORPUS_LANGUAGES) {
      const mine = cases.filter((c) => c.language === language);
      expect(mine.length, language).toBeGreaterThanOrEqual(40);
      for (const category of [...IDENTIFYING_CATEGORIES, ...HARMLESS_CATEGORIES]) {
        expect(
          mine.some((c) => c.category === category),
          `${language} ${category}`,
        ).toBe(true);
      }
    }
  });

  it('has about as many harmless look-alikes as identifying cases', () => {
    const harmless = cases.filter((c) => !c.identifies).length;
    expect(harmless / cases.length).toBeGreaterThan(0.4);
  });
});

describe('identifying cases fully removed (≥ 95 %)', () => {
  it.each([...scores.missedByCategory.map((r) => ['category', r.group, r] as const), ...scores.missedByLanguage.map((r) => ['language', r.group, r] as const)])(
    '%s %s',
    (_by, _group, r) => {
      expect(r.total).toBeGreaterThan(0);
      expect(r.percent, `${r.group}: ${r.failed.length} of ${r.total} missed${failures(r)}`).toBeLessThanOrEqual(MISSED_BUDGET);
    },
  );
});

describe('harmless cases unchanged (≤ 5 % changed)', () => {
  it.each([
    ...scores.changedByCategory.map((r) => ['category', r.group, r] as const),
    ...scores.changedByLanguage.map((r) => ['language', r.group, r] as const),
  ])('%s %s', (_by, _group, r) => {
    expect(r.total).toBeGreaterThan(0);
    expect(r.percent, `${r.group}: ${r.failed.length} of ${r.total} changed${failures(r)}`).toBeLessThanOrEqual(CHANGED_BUDGET);
  });
});

describe('every corpus case', () => {
  it('redacts to a text that redacts to itself, and counts what it replaced', () => {
    for (const { case: c, output } of outcomes) {
      expect(redactTranscript(output, c.language), c.id).toEqual({ text: output, redactions: [] });
      const result = redactTranscript(c.text, c.language);
      const tokens = (text: string): number => REDACTION_KINDS.reduce((n, kind) => n + text.split(`[${kind}]`).length - 1, 0);
      expect(
        result.redactions.reduce((n, r) => n + r.count, 0),
        c.id,
      ).toBe(tokens(output) - tokens(c.text));
    }
  });
});
