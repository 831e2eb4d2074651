import { describe, expect, it } from 'vitest';
import {
  attackFeedback,
  attackProgress,
  attackSummary,
  csvDifferencing,
  deriveSmall,
  linkedClasses,
  smallClasses,
  solveMean,
  solveShare,
  summaryDifferencing,
  type Cell,
  type Row,
} from '../support/curious-attacks.js';

/**
 * The curious reader's tools (tests/support/curious-attacks.ts) must catch the leaks issue 16 describes
 * and stay quiet on outputs that keep the promise — else the integration suite proves nothing either way.
 */

const K = 5;
const row = (code: string, language: string, extra: Partial<Row> = {}): Row => ({
  respondent_code: code,
  round: 'start',
  language,
  channel: 'sms',
  question_id: 'energy',
  answer: '3',
  status: 'answered',
  day: '2026-11-23',
  completed: 'yes',
  ...extra,
});
const crowd = (n: number, language: string, from = 0) => Array.from({ length: n }, (_, i) => row(`R${language}${from + i}`, language));

describe('filtering the CSV by quasi-identifiers', () => {
  it('finds three Arabic speakers and one Tigrinya speaker among twelve', () => {
    const found = smallClasses([...crowd(8, 'nl'), ...crowd(3, 'ar'), ...crowd(1, 'ti')], K).map((f) => f.detail);
    expect(found).toContain('round=start language=ar: 3 respondent(s)');
    expect(found).toContain('round=start language=ti: 1 respondent(s)');
    expect(found.some((d) => d.includes('language=nl'))).toBe(false);
  });

  it('finds a small group by a combination of columns that are each large alone', () => {
    const rows = [
      ...crowd(5, 'nl'),
      ...crowd(5, 'fr').map((r, i) => (i < 2 ? { ...r, channel: 'whatsapp' } : r)),
      ...crowd(3, 'nl', 9).map((r) => ({ ...r, channel: 'whatsapp' })),
    ];
    const found = smallClasses(rows, K).map((f) => f.detail);
    expect(found.some((d) => d.includes('language=fr channel=whatsapp') && d.endsWith(': 2 respondent(s)'))).toBe(true);
  });

  it('is quiet when every class holds five', () => {
    expect(smallClasses([...crowd(5, 'nl'), ...crowd(5, 'other')], K)).toEqual([]);
  });
});

describe('comparing two downloads of the CSV', () => {
  const before = [...crowd(5, 'nl'), ...crowd(5, 'fr')];
  it('identical downloads teach nothing', () => {
    expect(csvDifferencing(before, [...before].reverse(), K)).toEqual([]);
  });
  it("one new code is one known person's answers", () => {
    expect(csvDifferencing(before, [...before, row('Rnew', 'nl')], K).map((f) => f.detail)[0]).toContain('differ by 1 new respondent(s)');
  });
  it('five new codes with one Tigrinya speaker among them: the added class is one person', () => {
    const added = [...crowd(4, 'nl', 50), row('Rti', 'ti')];
    expect(csvDifferencing(before, [...before, ...added], K).map((f) => f.detail)).toContain('round=start language=ti: 1 respondent(s)');
  });
  it('someone published while answering: their rows grow', () => {
    const found = csvDifferencing(before, [...before, { ...row('Rnl0', 'nl'), question_id: 'listened', answer: 'true' }], K);
    expect(found.some((f) => f.detail.includes('changed their answers'))).toBe(true);
  });
  it('a value the first download showed and the second generalised is still known: the merged classes are small', () => {
    // First: five Dutch and five French speakers, days hidden. Then: languages hidden and days shown, five
    // new people on the 25th. Each download alone holds classes of five; what both say together does not.
    const early = [...crowd(5, 'nl'), ...crowd(5, 'fr')].map((r) => ({ ...r, day: '' }));
    const days = [23, 23, 23, 24, 24, 23, 23, 24, 24, 24].map((d) => `2026-11-${d}`);
    const late = [
      ...early.map((r, i) => ({ ...r, language: 'other', day: days[i] ?? '' })),
      ...crowd(5, 'other', 80).map((r) => ({ ...r, day: '2026-11-25' })),
    ];
    expect(smallClasses(early, K)).toEqual([]);
    expect(smallClasses(late, K)).toEqual([]);
    const found = csvDifferencing(early, late, K).map((f) => f.detail);
    expect(found).toContain('round=start language=nl day=2026-11-23: 3 respondent(s)');
    expect(found).toContain('round=start language=fr day=2026-11-23: 2 respondent(s)');
  });
  it('the same generalisation in both downloads teaches nothing more', () => {
    const early = [...crowd(5, 'nl'), ...crowd(5, 'fr')];
    const late = [...early, ...crowd(5, 'nl', 90)];
    expect(csvDifferencing(early, late, K)).toEqual([]);
  });
});

describe('adding and subtracting published counts', () => {
  it('the issue\'s follow-up: 8 answered the statement, 5 its "why", so 3 said "true"', () => {
    const summary = {
      k: 5,
      rounds: [
        {
          roundId: 'r1',
          respondents: 8,
          questions: [
            {
              questionId: 'listened',
              kind: 'statement',
              respondents: 8,
              values: { true: { suppressed: true }, not_true: { suppressed: true }, dont_know: { suppressed: true } },
            },
            { questionId: 'listened.probe', kind: 'open', respondents: 5 },
          ],
        },
      ],
    };
    const found = attackSummary(summary, K, { probes: { listened: ['not_true', 'dont_know'] } }).map((f) => f.detail);
    expect(found).toContain('summary[r1]: listened.respondents − (listened.probe.respondents) = 8 − 5 = 3');
  });

  it('a follow-up against the options it follows, once those are shown', () => {
    const cells: Cell[] = [
      { label: 'not_true', box: { q: ['not_true'] }, value: 5 },
      { label: 'dont_know', box: { q: ['dont_know'] }, value: 6 },
      { label: 'probe', box: { q: ['not_true', 'dont_know'], p: ['text', 'skipped'] }, value: 9 },
    ];
    expect(
      deriveSmall(cells, { q: ['true', 'not_true', 'dont_know', 'skipped', 'none'], p: ['text', 'skipped', 'none'] }, K, 'x').map((f) => f.detail),
    ).toEqual(['x: not_true + dont_know − (probe) = 11 − 9 = 2']);
  });

  it('a total minus the languages shown, completion minus respondents, a question minus the round', () => {
    const summary = {
      rounds: [
        {
          roundId: 'r1',
          respondents: 12,
          languages: { nl: 5, fr: 5, ar: { suppressed: true }, ti: { suppressed: true } },
          complete: 10,
          incomplete: { suppressed: true },
          declined: { suppressed: true },
          questions: [{ questionId: 'energy', kind: 'scale', respondents: 9, mean: 3 }],
        },
      ],
    };
    const found = attackSummary(summary, K).map((f) => f.detail);
    expect(found).toContain('summary[r1]: respondents − (languages.nl + languages.fr) = 12 − 10 = 2');
    expect(found).toContain('summary[r1]: respondents − (complete) = 12 − 10 = 2');
    expect(found).toContain('summary[r1]: respondents − (energy.respondents) = 12 − 9 = 3');
  });

  it('a mean that leaves only one way to answer', () => {
    const found = solveMean({ label: 'energy', respondents: 5, sum: 1.2 * 5, tolerance: 0.025, scale: [1, 2, 3, 4, 5], shown: new Map() }, K, 'x');
    expect(found.map((f) => f.detail)).toEqual(['x: energy forces exactly 4 answer(s) of 1', 'x: energy forces exactly 1 answer(s) of 2']);
    expect(solveMean({ label: 'energy', respondents: 12, sum: 3 * 12, tolerance: 0.06, scale: [1, 2, 3, 4, 5], shown: new Map() }, K, 'x')).toEqual([]);
  });

  it('a share is a count: 20 % of 10 agreed', () => {
    expect(solveShare('listened', 20, 10, K).map((f) => f.detail)).toEqual(['listened: 20 % of 10 = 2']);
    expect(solveShare('listened', 50, 10, K)).toEqual([]);
  });
});

describe('comparing two downloads of the summary', () => {
  const round = (respondents: number, mean: number) => ({
    roundId: 'r1',
    respondents,
    questions: [{ questionId: 'energy', kind: 'scale', respondents, mean }],
  });
  it("the issue's energy mean: 7 × 3.29 − 6 × 3.67 ≈ 1", () => {
    const found = summaryDifferencing({ rounds: [round(6, 3.67)] }, { rounds: [round(7, 3.29)] }, K).map((f) => f.detail);
    expect(found).toContain('summary[r1] between two downloads: changed, with 1 more respondent(s) (6 → 7)');
    expect(found.some((d) => d.includes('energy: 7×3.29 − 6×3.67') && d.endsWith('1.01'))).toBe(true);
  });
  it('a release that adds five, two of whom said "no"', () => {
    const r = (n: number, yes: number) => ({
      roundId: 'r1',
      release: { number: n === 5 ? 1 : 2, respondents: n },
      respondents: n,
      questions: [{ questionId: 'consent', kind: 'consent', respondents: n, values: { yes, no: { suppressed: true } } }],
    });
    const found = summaryDifferencing({ rounds: [r(5, 5)] }, { rounds: [r(10, 8)] }, K).map((f) => f.detail);
    expect(found.some((d) => d.includes('consent.values.yes went up by 3'))).toBe(true);
    expect(found.some((d) => d.includes('consent.respondents − (consent.values.yes) = 5 − 3 = 2'))).toBe(true);
  });
  it('the same summary twice teaches nothing', () => {
    expect(summaryDifferencing({ rounds: [round(6, 3.67)] }, { rounds: [round(6, 3.67)] }, K)).toEqual([]);
  });
});

describe('outputs that keep the promise', () => {
  it('a released summary with every cell 0 or ≥ k and nothing to solve', () => {
    const summary = {
      k: 5,
      rounds: [
        {
          roundId: 'r1',
          release: { number: 1, respondents: 10 },
          respondents: 10,
          languages: { nl: 5, other: 5 },
          channels: { sms: 10, whatsapp: 0 },
          complete: 10,
          incomplete: 0,
          declined: 0,
          questions: [
            { questionId: 'consent', kind: 'consent', respondents: 10, values: { yes: 10, no: 0 } },
            { questionId: 'energy', kind: 'scale', respondents: 10, mean: 3 },
            { questionId: 'listened', kind: 'statement', respondents: 10, values: { true: 5, not_true: 5, dont_know: 0 } },
            { questionId: 'listened.probe', kind: 'open', respondents: 5 },
          ],
        },
      ],
      lifecycle: { agreement: [{ questionId: 'listened', points: [{ label: 'r1', value: { percent: 50, respondents: 10 } }] }] },
    };
    expect(attackSummary(summary, K, { probes: { listened: ['not_true', 'dont_know'] } })).toEqual([]);
  });

  it('progress: live totals for staff, breakdowns only with cells of k; the same numbers for a coordinator are findings', () => {
    const progress = {
      total: { enrolled: 12, invited: 12, started: 3, completed: 2, declined: { suppressed: true }, hearBack: { suppressed: true } },
      byLanguage: {},
      byChannel: {},
    };
    expect(attackProgress(progress, K, 'staff', 'p')).toEqual([]);
    expect(attackProgress(progress, K, 'coordinator', 'p').map((f) => f.detail)).toEqual(['p.total.started = 3', 'p.total.completed = 2']);
    const leaky = { total: { enrolled: 12, declined: 6 }, byLanguage: { nl: { declined: 5 }, ti: { declined: { suppressed: true } } } };
    expect(attackProgress(leaky, K, 'staff', 'p').map((f) => f.detail)).toEqual(['p: total.declined − (byLanguage.nl.declined) = 6 − 5 = 1']);
  });

  it('feedback: an audience of nine in languages of 3, 2, 2, 2 is found out; suppressed it is not', () => {
    const found = attackFeedback({ audience: { recipients: 9, byLanguage: { nl: 3, fr: 2, en: 2, ar: 2 } } }, K, 'f').map((f) => f.detail);
    expect(found).toEqual(
      expect.arrayContaining([
        'f.audience.byLanguage.nl = 3',
        'f.audience.byLanguage.ar = 2',
        'f: recipients − (byLanguage.nl + byLanguage.fr + byLanguage.en) = 9 − 7 = 2',
      ]),
    );
    expect(attackFeedback({ audience: { recipients: 9, byLanguage: {} } }, K, 'f')).toEqual([]);
  });
});

describe('joining rounds of a project that links them', () => {
  it("a code seen in two rounds carries both rounds' days: a small group of people who came on the same two days", () => {
    const first = [...crowd(10, 'nl')];
    const second = first.map((r, i) => ({ ...r, round: 'end', day: i < 7 ? '2026-12-01' : '2026-12-02' }));
    expect(linkedClasses([...first, ...second], K).map((f) => f.detail)).toContain('round=end + start day=2026-12-02 | 2026-11-23: 3 respondent(s)');
  });
});
