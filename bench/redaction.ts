/**
 * Redaction budget of DESIGN.md: at least 95 % of identifying cases fully removed and at most 5 % of
 * harmless cases changed, per category and per language, on the corpus in tests/unit/redaction-corpus/cases/
 * (one file per language; each case says what it is, whether it identifies someone and, if so, which
 * substrings must be gone). A harmless case passes only when it comes out byte-identical.
 *
 * The rates are figures of the code and the corpus, not of the machine: the same commit gives the same
 * numbers anywhere. The time per message is the one figure that depends on the machine.
 */
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { redactTranscript } from '../core/privacy/redact.js';
import * as z from '../kernel/zod.js';
import { underBudget, type Figure } from './report.js';

export const CORPUS_DIR = join(import.meta.dirname, '..', 'tests', 'unit', 'redaction-corpus', 'cases');
export const CORPUS_LANGUAGES = ['nl', 'fr', 'en', 'ar', 'fa', 'ti', 'uk', 'tr'] as const;
export const IDENTIFYING_CATEGORIES = ['name', 'phone', 'email', 'case-number', 'national-number', 'iban', 'date-of-birth', 'address'] as const;
export const HARMLESS_CATEGORIES = ['nationality', 'number', 'place', 'word'] as const;

/** Budgets in per cent: identifying cases missed (1 − recall), harmless cases changed. */
export const MISSED_BUDGET = 5;
export const CHANGED_BUDGET = 5;
/** Redaction runs on every typed open answer in the webhook, like the engine: held to the engine's budget. */
const TIME_BUDGET_US = 1000;
/**
 * Paid once per Lambda instance, on its first messages (V8 compiles each regular expression on first use):
 * it must stay far below the webhook's 10 s timeout and Twilio's 15 s. The redactor before issue 16 took
 * 350–510 ms in the same probe on the bench machine.
 */
const FIRST_MESSAGES_BUDGET_MS = 1000;

const Identifying = z.strictObject({
  id: z.string().check(z.minLength(1)),
  language: z.enum(CORPUS_LANGUAGES),
  category: z.enum(IDENTIFYING_CATEGORIES),
  identifies: z.literal(true),
  text: z.string().check(z.minLength(1)),
  /** Substrings of `text` that must not survive redaction. */
  remove: z.array(z.string().check(z.minLength(1))).check(z.minLength(1)),
});
const Harmless = z.strictObject({
  id: z.string().check(z.minLength(1)),
  language: z.enum(CORPUS_LANGUAGES),
  category: z.enum(HARMLESS_CATEGORIES),
  identifies: z.literal(false),
  text: z.string().check(z.minLength(1)),
});
const CorpusFile = z.array(z.union([Identifying, Harmless]));
export type RedactionCase = z.infer<typeof Identifying> | z.infer<typeof Harmless>;

/** Every case of every language file, checked: known fields, ids unique, `remove` really in the text. */
export function loadRedactionCorpus(dir: string = CORPUS_DIR): RedactionCase[] {
  const cases: RedactionCase[] = [];
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    const language = file.replace(/\.json$/, '');
    for (const c of CorpusFile.parse(JSON.parse(readFileSync(join(dir, file), 'utf8')))) {
      if (c.language !== language) throw new Error(`${file}: case ${c.id} says language ${c.language}`);
      if (c.identifies) {
        const absent = c.remove.find((s) => !c.text.includes(s));
        if (absent !== undefined) throw new Error(`${file}: case ${c.id} removes "${absent}", which is not in its text`);
      }
      cases.push(c);
    }
  }
  const seen = new Set<string>();
  for (const c of cases) {
    if (seen.has(c.id)) throw new Error(`redaction corpus: id ${c.id} twice`);
    seen.add(c.id);
  }
  return cases;
}

export interface Outcome {
  readonly case: RedactionCase;
  readonly output: string;
  /** Identifying: every `remove` substring is gone. Harmless: the text is unchanged. */
  readonly pass: boolean;
}

export type Redact = (text: string, language: string) => string;
const redact: Redact = (text, language) => redactTranscript(text, language).text;

export function judge(c: RedactionCase, output: string): boolean {
  return c.identifies ? c.remove.every((s) => !output.includes(s)) : output === c.text;
}

export function replay(cases: readonly RedactionCase[], redactWith: Redact = redact): Outcome[] {
  return cases.map((c) => {
    const output = redactWith(c.text, c.language);
    return { case: c, output, pass: judge(c, output) };
  });
}

/** Identifying cases missed, or harmless cases changed, in one group (a category or a language). */
export interface Rate {
  readonly group: string;
  readonly total: number;
  readonly failed: readonly Outcome[];
  /** Failed ÷ total, in per cent. */
  readonly percent: number;
}

function rate(group: string, outcomes: readonly Outcome[]): Rate {
  const failed = outcomes.filter((o) => !o.pass);
  return { group, total: outcomes.length, failed, percent: outcomes.length ? (100 * failed.length) / outcomes.length : NaN };
}

export interface Scores {
  readonly missedByCategory: readonly Rate[];
  readonly missedByLanguage: readonly Rate[];
  readonly changedByCategory: readonly Rate[];
  readonly changedByLanguage: readonly Rate[];
  readonly missed: Rate;
  readonly changed: Rate;
}

export function score(outcomes: readonly Outcome[]): Scores {
  const identifying = outcomes.filter((o) => o.case.identifies);
  const harmless = outcomes.filter((o) => !o.case.identifies);
  const by = (list: readonly Outcome[], groups: readonly string[], key: (c: RedactionCase) => string): Rate[] =>
    groups.map((g) =>
      rate(
        g,
        list.filter((o) => key(o.case) === g),
      ),
    );
  return {
    missedByCategory: by(identifying, IDENTIFYING_CATEGORIES, (c) => c.category),
    missedByLanguage: by(identifying, CORPUS_LANGUAGES, (c) => c.language),
    changedByCategory: by(harmless, HARMLESS_CATEGORIES, (c) => c.category),
    changedByLanguage: by(harmless, CORPUS_LANGUAGES, (c) => c.language),
    missed: rate('all', identifying),
    changed: rate('all', harmless),
  };
}

/** The failed cases by id, the first ten of them. */
const ids = (r: Rate): string =>
  r.failed.length
    ? `: ${r.failed
        .slice(0, 10)
        .map((o) => o.case.id)
        .join(', ')}${r.failed.length > 10 ? ', …' : ''}`
    : '';

/** Module load and first messages in a fresh process (bench/redaction-probe.ts), the median of three. */
async function firstMessages(): Promise<Figure> {
  const probe = join(import.meta.dirname, 'redaction-probe.ts');
  const Probe = z.strictObject({ loadMs: z.number(), firstMessagesMs: z.number(), messages: z.number() });
  const runs: Array<z.infer<typeof Probe>> = [];
  for (let i = 0; i < 3; i++) {
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', probe], { cwd: join(import.meta.dirname, '..') });
    runs.push(Probe.parse(JSON.parse(stdout)));
  }
  runs.sort((a, b) => a.firstMessagesMs - b.firstMessagesMs);
  const median = runs[1] ?? runs[0];
  return underBudget({
    section: 'redaction',
    name: 'first messages in a new process',
    value: median?.firstMessagesMs ?? NaN,
    unit: 'ms',
    budget: FIRST_MESSAGES_BUDGET_MS,
    note: `${median?.messages ?? 0} messages right after loading the module (regular expressions compiled on first use; the given-name list decoded); module load ${median?.loadMs.toFixed(0) ?? '?'} ms under tsx; median of 3 processes`,
  });
}

export async function redactionBench(): Promise<{ figures: Figure[] }> {
  const cases = loadRedactionCorpus();
  const scores = score(replay(cases));
  const figure = (kind: 'missed' | 'changed', r: Rate): Figure =>
    underBudget({
      section: 'redaction',
      name: `${kind === 'missed' ? 'identifying missed' : 'harmless changed'}, ${r.group}`,
      value: r.percent,
      unit: '%',
      budget: kind === 'missed' ? MISSED_BUDGET : CHANGED_BUDGET,
      note: `${kind === 'missed' ? `recall ${(100 - r.percent).toFixed(1)} %` : 'changed'} (${r.failed.length} of ${r.total})${ids(r)}`,
    });

  // Time per message over the whole corpus, after a warm-up (the first call also builds the detectors).
  for (let i = 0; i < 5; i++) replay(cases);
  const rounds = 50;
  const cpu = process.cpuUsage();
  for (let i = 0; i < rounds; i++) replay(cases);
  const used = process.cpuUsage(cpu);
  const perMessageUs = (used.user + used.system) / (rounds * cases.length);
  const chars = cases.reduce((n, c) => n + c.text.length, 0) / cases.length;

  return {
    figures: [
      ...scores.missedByCategory.map((r) => figure('missed', r)),
      ...scores.missedByLanguage.map((r) => figure('missed', r)),
      ...scores.changedByCategory.map((r) => figure('changed', r)),
      ...scores.changedByLanguage.map((r) => figure('changed', r)),
      underBudget({
        section: 'redaction',
        name: 'CPU per message',
        value: perMessageUs,
        unit: 'µs',
        budget: TIME_BUDGET_US,
        note: `${cases.length} corpus cases (${chars.toFixed(0)} characters on average) × ${rounds}, after a warm-up (process CPU time)`,
      }),
      await firstMessages(),
    ],
  };
}
