/**
 * The bench's figures as records, and how they are judged and shown: pure functions, so that the table,
 * the JSON and the gate are unit-tested (tests/unit/bench-report.test.ts) without running the bench.
 */
import * as z from '../kernel/zod.js';

/** A measurement of this run that a relative budget is held against (e.g. a raw DynamoDB Local round trip). */
export interface Reference {
  section: string;
  name: string;
  value: number;
  unit: string;
  note: string;
}

/** One figure and its budget. */
export interface Figure {
  section: string;
  name: string;
  value: number;
  unit: string;
  /** An upper bound: in `unit`, or, where `reference` is set, a multiple of the reference. */
  budget: number;
  /** Set for relative budgets: `×` of what. */
  budgetUnit?: string;
  reference?: { name: string; value: number; unit: string };
  /** value ÷ budget (absolute: 1 is the budget), or value ÷ reference (relative: compared with the budget). */
  ratio: number;
  pass: boolean;
  note: string;
}

/** A section that failed to run: the figures it owes are missing, and the run fails. */
export interface SectionError {
  section: string;
  message: string;
}

export interface RunContext {
  date: string;
  node: string;
  platform: string;
  cpu: { model: string; count: number };
  /** Load average over the last minute when the run started: a busy machine makes noisy figures. */
  loadAverage: number;
  commit: string | null;
  sections: string[];
}

export interface Results {
  context: RunContext;
  figures: Figure[];
  references: Reference[];
  errors: SectionError[];
  pass: boolean;
  /** Sections measured again after the full run (`npm run bench -- NAME --write`): which, when, at which commit. */
  remeasured?: Remeasured[];
}

export interface Remeasured {
  sections: string[];
  date: string;
  commit: string | null;
}

interface FigureInput {
  section: string;
  name: string;
  value: number;
  unit: string;
  budget: number;
  note?: string;
}

/**
 * A figure held to an absolute upper bound ("under 300 ms"). A value that is not a number misses it. A
 * budget of 0 ("no synthesis at all") is met only by 0: its ratio is then 0, else Infinity (null in the JSON).
 */
export function underBudget(f: FigureInput): Figure {
  const ratio = f.budget !== 0 || Number.isNaN(f.value) ? f.value / f.budget : f.value <= 0 ? 0 : Infinity;
  return {
    section: f.section,
    name: f.name,
    value: f.value,
    unit: f.unit,
    budget: f.budget,
    ratio,
    pass: Number.isFinite(ratio) && ratio <= 1,
    note: f.note ?? '',
  };
}

/** A figure held to a multiple of a reference measured in the same run, so that the machine cancels out. */
export function withinReference(f: FigureInput & { reference: Pick<Reference, 'name' | 'value' | 'unit'> }): Figure {
  const ratio = f.value / f.reference.value;
  return {
    section: f.section,
    name: f.name,
    value: f.value,
    unit: f.unit,
    budget: f.budget,
    budgetUnit: `× ${f.reference.name}`,
    reference: { name: f.reference.name, value: f.reference.value, unit: f.reference.unit },
    ratio,
    pass: Number.isFinite(ratio) && f.reference.value > 0 && ratio <= f.budget,
    note: f.note ?? '',
  };
}

/** The p-th percentile (0–100) by the nearest-rank method; NaN for no samples. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] ?? NaN;
}

/** Three significant digits at most, no exponent: 0.0393, 0.1, 3.70, 39.3, 474, 12345. */
export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const abs = Math.abs(n);
  if (abs >= 100 || Number.isInteger(n)) return n.toFixed(0);
  if (abs >= 10) return n.toFixed(1);
  if (abs >= 1) return n.toFixed(2);
  return String(Number(n.toPrecision(3))); // 0.1, not 0.100
}

const withUnit = (value: number, unit: string) => (unit ? `${formatNumber(value)} ${unit}` : formatNumber(value));

export function formatBudget(f: Figure): string {
  if (f.reference) return `≤ ${formatNumber(f.budget)}${f.budgetUnit ?? '×'} (${withUnit(f.reference.value, f.reference.unit)})`;
  return `≤ ${withUnit(f.budget, f.unit)}`;
}

export function formatRatio(f: Figure): string {
  return f.reference ? `${f.ratio.toFixed(2)}×` : f.ratio.toFixed(2);
}

/** Pads by code points, so that µ, ×, ≤ and · count as one column each. */
const pad = (s: string, width: number) => s + ' '.repeat(Math.max(0, width - [...s].length));
const padStart = (s: string, width: number) => ' '.repeat(Math.max(0, width - [...s].length)) + s;

/** One aligned table of every figure (figure | value | budget | ratio | ok), then the notes, errors and a verdict. */
export function formatTable(figures: readonly Figure[], references: readonly Reference[] = [], errors: readonly SectionError[] = []): string {
  const rows = figures.map((f) => [`${f.section} · ${f.name}`, withUnit(f.value, f.unit), formatBudget(f), formatRatio(f), f.pass ? 'ok' : 'MISS']);
  const header = ['figure', 'value', 'budget', 'ratio', 'ok'];
  const widths = header.map((h, i) => Math.max([...h].length, ...rows.map((r) => [...(r[i] ?? '')].length)));
  // Numbers right-aligned, words left-aligned.
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === 1 || i === 3 ? padStart(c, widths[i] ?? 0) : pad(c, widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  const out = [line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)];
  if (references.length) {
    out.push('', 'references measured in this run:');
    for (const r of references) out.push(`  ${r.section} · ${r.name}: ${withUnit(r.value, r.unit)}${r.note ? ` — ${r.note}` : ''}`);
  }
  const notes = figures.filter((f) => f.note);
  if (notes.length) {
    out.push('', 'notes:');
    for (const f of notes) out.push(`  ${f.section} · ${f.name}: ${f.note}`);
  }
  if (errors.length) {
    out.push('', 'sections that failed:');
    for (const e of errors) out.push(`  ${e.section}: ${e.message}`);
  }
  out.push('', verdict(figures, errors));
  return out.join('\n');
}

export function verdict(figures: readonly Figure[], errors: readonly SectionError[] = []): string {
  const missed = figures.filter((f) => !f.pass);
  const parts = [`${figures.length} figure${figures.length === 1 ? '' : 's'}, ${figures.length - missed.length} within budget`];
  if (missed.length) parts.push(`${missed.length} over: ${missed.map((f) => `${f.section} · ${f.name}`).join(', ')}`);
  if (errors.length) parts.push(`${errors.length} section(s) failed: ${errors.map((e) => e.section).join(', ')}`);
  return parts.join('; ');
}

/** A run passes when it measured something, every figure is within budget and no section failed. */
export function passed(figures: readonly Figure[], errors: readonly SectionError[] = []): boolean {
  return figures.length > 0 && errors.length === 0 && figures.every((f) => f.pass);
}

export function exitCode(figures: readonly Figure[], errors: readonly SectionError[] = []): 0 | 1 {
  return passed(figures, errors) ? 0 : 1;
}

export function results(context: RunContext, figures: readonly Figure[], references: readonly Reference[], errors: readonly SectionError[]): Results {
  return { context, figures: [...figures], references: [...references], errors: [...errors], pass: passed(figures, errors) };
}

/** JSON has no NaN or Infinity: a figure that could not be measured is written as null. */
export function resultsJson(r: Results): string {
  return `${JSON.stringify(r, (_key, value: unknown) => (typeof value === 'number' && !Number.isFinite(value) ? null : value), 2)}\n`;
}

// ── results.json read back, and one section's figures merged into it ─────────────────────────────

/** JSON wrote NaN as null: read it back as NaN. */
const num = z.pipe(
  z.nullable(z.number()),
  z.transform((v: number | null) => v ?? NaN),
);
const ReferenceSchema = z.strictObject({ section: z.string(), name: z.string(), value: num, unit: z.string(), note: z.string() });
const FigureSchema = z.strictObject({
  section: z.string(),
  name: z.string(),
  value: num,
  unit: z.string(),
  budget: z.number(),
  budgetUnit: z.optional(z.string()),
  reference: z.optional(z.strictObject({ name: z.string(), value: num, unit: z.string() })),
  ratio: num,
  pass: z.boolean(),
  note: z.string(),
});
const RemeasuredSchema = z.strictObject({ sections: z.array(z.string()), date: z.string(), commit: z.nullable(z.string()) });
const ResultsSchema = z.strictObject({
  context: z.strictObject({
    date: z.string(),
    node: z.string(),
    platform: z.string(),
    cpu: z.strictObject({ model: z.string(), count: z.number() }),
    loadAverage: z.number(),
    commit: z.nullable(z.string()),
    sections: z.array(z.string()),
  }),
  figures: z.array(FigureSchema),
  references: z.array(ReferenceSchema),
  errors: z.array(z.strictObject({ section: z.string(), message: z.string() })),
  pass: z.boolean(),
  remeasured: z.optional(z.array(RemeasuredSchema)),
});

export function parseResults(json: string): Results {
  const parsed = ResultsSchema.parse(JSON.parse(json));
  // In the order underBudget and withinReference write them, so that a merged file differs only where it changed.
  const figures: Figure[] = parsed.figures.map(({ section, name, value, unit, budget, budgetUnit, reference, ratio, pass, note }) => ({
    section,
    name,
    value,
    unit,
    budget,
    ...(budgetUnit === undefined ? {} : { budgetUnit }),
    ...(reference ? { reference } : {}),
    ratio,
    pass,
    note,
  }));
  const { remeasured, ...rest } = parsed;
  return { ...rest, figures, ...(remeasured ? { remeasured } : {}) };
}

/**
 * The figures of a partial run in place of the same sections' figures of the last full run; everything else
 * stays as the full run measured it, and `remeasured` says which sections were measured when. Figures keep
 * the order of the full run; a section it did not have goes at the end.
 */
export function mergeResults(previous: Results, run: Results): Results {
  const again = new Set(run.context.sections);
  const keep = <T extends { section: string }>(list: readonly T[]): T[] => list.filter((x) => !again.has(x.section));
  const order = [...previous.context.sections, ...run.context.sections.filter((s) => !previous.context.sections.includes(s))];
  const bySection = <T extends { section: string }>(list: readonly T[]): T[] => [...list].sort((a, b) => order.indexOf(a.section) - order.indexOf(b.section));
  const figures = bySection([...keep(previous.figures), ...run.figures]);
  const errors = [...keep(previous.errors), ...run.errors];
  return {
    context: { ...previous.context, sections: order },
    figures,
    references: bySection([...keep(previous.references), ...run.references]),
    errors,
    pass: passed(figures, errors),
    remeasured: [
      ...(previous.remeasured ?? []).map((r) => ({ ...r, sections: r.sections.filter((s) => !again.has(s)) })).filter((r) => r.sections.length > 0),
      { sections: run.context.sections, date: run.context.date, commit: run.context.commit },
    ],
  };
}
