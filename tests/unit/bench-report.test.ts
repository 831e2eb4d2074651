import { describe, expect, it } from 'vitest';
import { FUNCTIONS, readStackSource } from '../../bench/functions.js';
import {
  exitCode,
  formatNumber,
  formatTable,
  mergeResults,
  parseResults,
  percentile,
  results,
  resultsJson,
  underBudget,
  verdict,
  withinReference,
  type Figure,
  type RunContext,
} from '../../bench/report.js';

const context: RunContext = {
  date: '2026-11-23T10:00:00.000Z',
  node: 'v20.19.0',
  platform: 'linux-x64',
  cpu: { model: 'Test CPU', count: 2 },
  loadAverage: 0.5,
  commit: null,
  sections: ['engine', 'hot-path'],
};

const engine = underBudget({ section: 'engine', name: 'CPU per event', value: 40, unit: 'µs', budget: 1000, note: 'whole check-ins' });
const p50 = withinReference({
  section: 'hot-path',
  name: 'inbound p50',
  value: 18,
  unit: 'ms',
  budget: 2,
  reference: { name: 'raw store calls p50', value: 12, unit: 'ms' },
});
const slowInit = underBudget({ section: 'lambda', name: 'sweep init', value: 450, unit: 'ms', budget: 300 });

describe('bench figures: budgets', () => {
  it('holds an absolute figure to its budget: ratio is value ÷ budget, at most 1 passes', () => {
    expect(engine).toMatchObject({ ratio: 0.04, pass: true, budget: 1000, unit: 'µs' });
    expect(engine.reference).toBeUndefined();
    expect(slowInit).toMatchObject({ ratio: 1.5, pass: false });
    expect(underBudget({ section: 's', name: 'exactly at', value: 1, unit: '', budget: 1 }).pass).toBe(true);
  });

  it('holds a figure to a budget of 0 ("no synthesis at all"): only 0 passes, and the table and JSON say so', () => {
    const none = underBudget({ section: 'voice-notes', name: 'syntheses on a later request', value: 0, unit: '', budget: 0 });
    expect(none).toMatchObject({ ratio: 0, pass: true });
    const one = underBudget({ section: 'voice-notes', name: 'syntheses on a later request', value: 1, unit: '', budget: 0 });
    expect(one).toMatchObject({ ratio: Infinity, pass: false });
    expect(underBudget({ section: 's', name: 'unmeasured', value: NaN, unit: '', budget: 0 }).pass).toBe(false);
    expect(formatTable([one])).toMatch(/syntheses on a later request +1 +≤ 0 +Infinity +MISS/);
    const json = resultsJson(results({ ...context, sections: ['voice-notes'] }, [none, one], [], []));
    expect(parseResults(json).figures.map((f) => [f.ratio, f.pass])).toEqual([
      [0, true],
      [NaN, false],
    ]);
  });

  it('holds a relative figure to a multiple of the reference measured in the same run', () => {
    expect(p50).toMatchObject({ ratio: 1.5, pass: true, budget: 2, budgetUnit: '× raw store calls p50', reference: { value: 12, unit: 'ms' } });
    const slow = withinReference({
      section: 'hot-path',
      name: 'inbound p99',
      value: 80,
      unit: 'ms',
      budget: 3,
      reference: { name: 'raw p99', value: 25, unit: 'ms' },
    });
    expect(slow).toMatchObject({ ratio: 3.2, pass: false });
  });

  it('fails a figure that could not be measured, or a reference of zero', () => {
    expect(underBudget({ section: 's', name: 'n', value: NaN, unit: 'ms', budget: 300 }).pass).toBe(false);
    expect(withinReference({ section: 's', name: 'n', value: 5, unit: 'ms', budget: 2, reference: { name: 'r', value: 0, unit: 'ms' } }).pass).toBe(false);
    expect(withinReference({ section: 's', name: 'n', value: 0, unit: 'ms', budget: 2, reference: { name: 'r', value: 0, unit: 'ms' } }).pass).toBe(false);
  });

  it('takes percentiles by nearest rank', () => {
    const samples = Array.from({ length: 100 }, (_, i) => 100 - i); // 100 … 1, unsorted on purpose
    expect(percentile(samples, 50)).toBe(50);
    expect(percentile(samples, 99)).toBe(99);
    expect(percentile(samples, 100)).toBe(100);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([3, 1, 2], 50)).toBe(2);
    expect(percentile([], 50)).toBeNaN();
  });
});

describe('bench figures: the gate', () => {
  it('exits 0 only when every figure is within budget and no section failed', () => {
    expect(exitCode([engine, p50])).toBe(0);
    expect(exitCode([engine, slowInit, p50])).toBe(1);
    expect(exitCode([engine], [{ section: 'export', message: 'DynamoDB Local did not start' }])).toBe(1);
    expect(exitCode([])).toBe(1);
  });

  it('names what missed in the verdict', () => {
    expect(verdict([engine, p50])).toBe('2 figures, 2 within budget');
    expect(verdict([engine, slowInit], [{ section: 'export', message: 'x' }])).toBe(
      '2 figures, 1 within budget; 1 over: lambda · sweep init; 1 section(s) failed: export',
    );
  });
});

describe('bench figures: the table', () => {
  const figures: Figure[] = [engine, p50, slowInit];
  const table = formatTable(
    figures,
    [{ section: 'hot-path', name: 'raw GetItem p50', value: 3.7, unit: 'ms', note: 'p99 9.1 ms' }],
    [{ section: 'export', message: 'boom' }],
  );
  const lines = table.split('\n');
  const rows = lines.slice(2, 2 + figures.length);
  const width = (s: string) => [...s].length;

  it('shows every figure with its value, budget, ratio and verdict', () => {
    expect(lines[0]).toMatch(/^figure\s+value\s+budget\s+ratio\s+ok$/);
    expect(rows[0]).toMatch(/^engine · CPU per event\s+40 µs\s+≤ 1000 µs\s+0\.04\s+ok$/);
    expect(rows[1]).toMatch(/^hot-path · inbound p50\s+18 ms\s+≤ 2× raw store calls p50 \(12 ms\)\s+1\.50×\s+ok$/);
    expect(rows[2]).toMatch(/^lambda · sweep init\s+450 ms\s+≤ 300 ms\s+1\.50\s+MISS$/);
  });

  it('aligns the columns: each starts at the same place on every row (µ, × and ≤ count as one)', () => {
    const header = lines[0] ?? '';
    // Values and ratios are right-aligned: they end where their header ends.
    const valueEnd = header.indexOf('value') + 'value'.length;
    const budgetStart = header.indexOf('budget');
    const ratioEnd = header.indexOf('ratio') + 'ratio'.length;
    for (const row of rows) {
      const cells = row.split(/ {2,}/);
      const at = (cell: string) => [...row.slice(0, row.indexOf(cell))].length;
      expect(at(cells[1] ?? '') + width(cells[1] ?? ''), row).toBe(valueEnd);
      expect(at(cells[2] ?? ''), row).toBe(budgetStart);
      expect(at(cells[3] ?? '') + width(cells[3] ?? ''), row).toBe(ratioEnd);
    }
    expect(width(lines[1] ?? '')).toBe(Math.max(...rows.map(width)));
  });

  it('lists the references, the notes, the failed sections and the verdict below it', () => {
    expect(table).toContain('references measured in this run:\n  hot-path · raw GetItem p50: 3.70 ms — p99 9.1 ms');
    expect(table).toContain('notes:\n  engine · CPU per event: whole check-ins');
    expect(table).toContain('sections that failed:\n  export: boom');
    expect(lines.at(-1)).toBe('3 figures, 2 within budget; 1 over: lambda · sweep init; 1 section(s) failed: export');
  });

  it('writes numbers with three significant digits at most', () => {
    expect([0.0393, 0.5, 0.339, 3.7, 39.34, 474.4, 12345, 3].map(formatNumber)).toEqual(['0.0393', '0.5', '0.339', '3.70', '39.3', '474', '12345', '3']);
    expect(formatNumber(NaN)).toBe('NaN');
  });
});

describe('bench results.json', () => {
  it('holds the context, every figure as a record, the references, errors and the verdict', () => {
    const unmeasured = underBudget({ section: 'export', name: 'first byte', value: NaN, unit: 's', budget: 1 });
    const parsed = JSON.parse(resultsJson(results(context, [engine, p50, unmeasured], [], []))) as Record<string, unknown>;
    expect(parsed['context']).toEqual(context);
    expect(parsed['pass']).toBe(false);
    expect(parsed['figures']).toEqual([
      { section: 'engine', name: 'CPU per event', value: 40, unit: 'µs', budget: 1000, ratio: 0.04, pass: true, note: 'whole check-ins' },
      {
        section: 'hot-path',
        name: 'inbound p50',
        value: 18,
        unit: 'ms',
        budget: 2,
        budgetUnit: '× raw store calls p50',
        reference: { name: 'raw store calls p50', value: 12, unit: 'ms' },
        ratio: 1.5,
        pass: true,
        note: '',
      },
      // JSON has no NaN: written as null, and the figure fails.
      { section: 'export', name: 'first byte', value: null, unit: 's', budget: 1, ratio: null, pass: false, note: '' },
    ]);
    expect(parsed['references']).toEqual([]);
    expect(parsed['errors']).toEqual([]);
  });
});

describe('one section measured again (npm run bench -- redaction --write)', () => {
  const full = results(
    context,
    [engine, p50, underBudget({ section: 'hot-path', name: 'reads per message', value: 1, unit: '', budget: 1 })],
    [{ section: 'hot-path', name: 'raw store calls p50', value: 12, unit: 'ms', note: '' }],
    [],
  );
  const later = { ...context, date: '2026-11-24T09:00:00.000Z', commit: 'b'.repeat(40), sections: ['engine', 'redaction'] };
  const redaction = underBudget({ section: 'redaction', name: 'identifying missed, nl', value: 2, unit: '%', budget: 5 });
  const fasterEngine = underBudget({ section: 'engine', name: 'CPU per event', value: 30, unit: 'µs', budget: 1000 });

  it('reads results.json back, NaN included, and writes the same', () => {
    const withNaN = results(context, [engine, underBudget({ section: 'export', name: 'first byte', value: NaN, unit: 's', budget: 1 })], [], []);
    const text = resultsJson(withNaN);
    const back = parseResults(text);
    expect(back.figures[1]?.value).toBeNaN();
    expect(resultsJson(back)).toBe(text);
    expect(() => parseResults('{"figures": []}')).toThrow();
  });

  it('replaces the sections run again, keeps the others and their order, adds a new section at the end, and says when', () => {
    const merged = mergeResults(parseResults(resultsJson(full)), results(later, [fasterEngine, redaction], [], []));
    expect(merged.figures.map((f) => `${f.section} · ${f.name} · ${f.value}`)).toEqual([
      'engine · CPU per event · 30',
      'hot-path · inbound p50 · 18',
      'hot-path · reads per message · 1',
      'redaction · identifying missed, nl · 2',
    ]);
    expect(merged.references).toEqual(full.references);
    expect(merged.context).toEqual({ ...context, sections: ['engine', 'hot-path', 'redaction'] });
    expect(merged.remeasured).toEqual([{ sections: ['engine', 'redaction'], date: later.date, commit: later.commit }]);
    expect(merged.pass).toBe(true);
    // Measured again later: the newer record replaces the older one for the sections it covers.
    const again = mergeResults(
      merged,
      results({ ...later, date: '2026-11-25T09:00:00.000Z', sections: ['redaction'] }, [{ ...redaction, value: 9, ratio: 1.8, pass: false }], [], []),
    );
    expect(again.remeasured).toEqual([
      { sections: ['engine'], date: later.date, commit: later.commit },
      { sections: ['redaction'], date: '2026-11-25T09:00:00.000Z', commit: later.commit },
    ]);
    expect(again.pass).toBe(false);
  });
});

describe('bench Lambda list', () => {
  it('bundles exactly the functions the stack deploys', () => {
    const stack = readStackSource();
    const entries = new Set([...stack.matchAll(/entry: '([a-z-]+)\.ts'/g)].map((m) => m[1]));
    expect(entries.size).toBeGreaterThan(0);
    expect(new Set(Object.keys(FUNCTIONS))).toEqual(entries);
  });
});
