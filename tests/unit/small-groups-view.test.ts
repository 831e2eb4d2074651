import { describe, expect, it } from 'vitest';
import { ProjectSummary } from '../../web/dashboard/api/results-shapes.js';
import { uiFor } from '../../web/dashboard/page/context.js';
import type { Html } from '../../web/dashboard/page/markup.js';
import { smallGroupsOf } from '../../web/dashboard/results/small-groups-view.js';

import { releasesOf, type Given } from '../support/small-groups-fixture.js';

/** What every question's card shows of small groups, one after another, as the summary page places them. */
const smallGroupsSection = (u: ReturnType<typeof uiFor>, s: ProjectSummary): string =>
  [...new Set(s.rounds.flatMap((r) => r.questions.map((q) => q.questionId)))].map((id): Html | '' => smallGroupsOf(u, s, id)).join('');

/** The section as staff read it: merged groups per round and the whole project, from a summary the API would give. */

const person = (i: number, given: Given): [string, Given] => [`P${String(i).padStart(3, '0')}`, given];
const ui = (lang: 'nl' | 'fr' | 'en') => uiFor(lang, new URL('http://localhost/dashboard'), 'Europe/Brussels');

function summaryOf(pooled: unknown[] = [], heard = (i: number): string => (i < 6 ? 'true' : 'not_true')) {
  const paces = [1, 1, 2, 2, 2, 4, 4, 4, 5, 5, 5, 5];
  const [r] = releasesOf('r1', [paces.map((p, i) => person(i, { pace: p, heard: heard(i) }))]);
  return ProjectSummary.parse({
    projectId: 'p1',
    name: 'Project',
    k: 5,
    rounds: [{ ...r?.summary, reminderAfterHours: null }],
    comparison: [],
    pooled,
  });
}

describe('small groups on the summary page', () => {
  it('a 12-person dyad whose every point is hidden: its thirds per round, hidden cells in words, with a bar', () => {
    const text = String(smallGroupsSection(ui('en'), summaryOf()));
    expect(text).toContain('Small groups: what can be shown');
    expect(text).toContain('data-question-id="pace"');
    // left 5 · middle 0 · right 7 — of 12
    expect(text).toMatch(/1–2<\/th>.*middle<\/th>.*4–5<\/th>/s);
    expect(text).toMatch(/<td class="num">5<\/td><td class="num">0<\/td><td class="num">7<\/td><td class="num">12<\/td>/);
    expect(text).toContain('<svg class="small-bar"');
    expect(text).toContain('aria-label="r1: 1–2 5 · middle 0 · 4–5 7"');
    // The statement's values all show (6 and 6): no merged view of its own, so no table for it.
    expect(text).not.toContain('data-question-id="heard"');
  });

  it('the whole project beside the round, in Dutch and French', () => {
    const pooled = [
      {
        questionId: 'heard',
        kind: 'statement',
        text: 'I was heard.',
        rounds: [
          { roundId: 'r1', label: 'r1' },
          { roundId: 'r2', label: 'r2' },
        ],
        answers: 14,
        merged: {
          level: 'agree',
          groups: [
            { key: 'agree', values: ['true'], count: 9 },
            { key: 'notAgree', values: ['not_true', 'dont_know'], count: 5 },
          ],
        },
      },
    ];
    // The round hides "not true" 2 and "don't know" 3: its own groups (7 · 5), then the whole project.
    const hiding = (i: number) => (i < 7 ? 'true' : i < 9 ? 'not_true' : 'dont_know');
    const nl = String(smallGroupsSection(ui('nl'), summaryOf(pooled, hiding)));
    expect(nl).toContain('hele project (2 rondes)');
    expect(nl).toMatch(/eens<\/th>.*niet eens<\/th>/s);
    expect(nl).toMatch(/<td class="num">7<\/td><td class="num">5<\/td><td class="num">12<\/td>/);
    expect(nl).toMatch(/<td class="num">9<\/td><td class="num">5<\/td><td class="num">14<\/td>/);
    expect(String(smallGroupsSection(ui('fr'), summaryOf(pooled, hiding)))).toContain('projet entier (2 tours)');
    // Where the round hides nothing (6 · 6), the whole project adds nothing to the page: the question is left out.
    expect(String(smallGroupsSection(ui('nl'), summaryOf(pooled)))).not.toContain('data-question-id="heard"');
  });

  it('nothing merged and nothing pooled: nothing in any card', () => {
    const s = summaryOf();
    const plain = { ...s, rounds: s.rounds.map((r) => ({ ...r, questions: r.questions.map(({ merged: _m, ...q }) => q) })) };
    expect(smallGroupsSection(ui('en'), plain)).toBe('');
  });
});
