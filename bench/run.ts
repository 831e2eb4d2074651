/**
 * `npm run bench`: the budgets of DESIGN.md, measured in one run on this machine (bench/README.md says
 * what each figure is). Every figure is printed in one table with its budget and written, with the run's
 * context, to bench/results.json; the exit code is 1 when a figure misses its budget or a section fails.
 * `npm run bench -- lambda export` runs only those sections (and writes no files); with `--write` their
 * figures replace the same sections' figures in bench/results.json, the rest kept as the last full run left it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runContext } from './context.js';
import { answersBench } from './answers.js';
import { costBench } from './cost.js';
import { engineBench } from './engine.js';
import { exportBench } from './export.js';
import { hotPathBench } from './hot-path.js';
import { lambdaBench } from './lambda.js';
import { launchBench } from './launch.js';
import { redactionBench } from './redaction.js';
import { sweepBench } from './sweep.js';
import { networkBench } from './network.js';
import { voiceNotesBench } from './voice-notes.js';
import { exitCode, formatTable, mergeResults, parseResults, results, resultsJson, type Figure, type Reference, type SectionError } from './report.js';

/** `summary`: a section's own table (e.g. cost by service), printed after the figures. */
type Section = () => Promise<{ figures: Figure[]; references?: Reference[]; summary?: string }>;
const SECTIONS: Record<string, Section> = {
  engine: async () => engineBench(),
  lambda: lambdaBench,
  'hot-path': hotPathBench,
  launch: launchBench,
  export: exportBench,
  answers: answersBench,
  redaction: redactionBench,
  cost: costBench,
  sweep: sweepBench,
  'voice-notes': voiceNotesBench,
  network: networkBench,
};
/** Run only when named (`npm run bench -- network`): at full size it takes tens of minutes. */
const ON_REQUEST = new Set(['network']);

const WRITE = '--write';
const args = process.argv.slice(2);
const write = args.includes(WRITE);
const asked = args.filter((a) => a !== WRITE);
const unknown = asked.filter((name) => !(name in SECTIONS));
if (unknown.length) throw new Error(`unknown bench section(s): ${unknown.join(', ')}; known: ${Object.keys(SECTIONS).join(', ')}`);
const chosen = Object.keys(SECTIONS).filter((name) => (asked.length ? asked.includes(name) : !ON_REQUEST.has(name)));
const context = runContext(chosen);
process.stdout.write(`bench ${chosen.join(', ')} — node ${context.node}, ${context.cpu.count}× ${context.cpu.model}, load ${context.loadAverage}\n`);

const figures: Figure[] = [];
const references: Reference[] = [];
const errors: SectionError[] = [];
const summaries: string[] = [];
for (const name of chosen) {
  const started = performance.now();
  process.stdout.write(`${name}…`);
  try {
    const out = await (SECTIONS[name] as Section)();
    figures.push(...out.figures);
    references.push(...(out.references ?? []));
    if (out.summary) summaries.push(out.summary);
    process.stdout.write(` ${out.figures.length} figure${out.figures.length === 1 ? '' : 's'} in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  } catch (error) {
    // The other sections still run and print: a gate should show everything it knows.
    const message = error instanceof Error ? error.message : String(error);
    errors.push({ section: name, message });
    process.stdout.write(` failed: ${message}\n`);
  }
}

const table = [formatTable(figures, references, errors), ...summaries].join('\n\n');
process.stdout.write(`\n${table}\n`);
if (!asked.length) {
  writeFileSync(join(import.meta.dirname, 'results.json'), resultsJson(results(context, figures, references, errors)));
  writeFileSync(
    join(import.meta.dirname, 'last-run.txt'),
    `${context.date} node ${context.node}, ${context.cpu.count}× ${context.cpu.model}, load ${context.loadAverage}\n\n${table}\n`,
  );
  process.stdout.write('written: bench/results.json, bench/last-run.txt\n');
} else if (write) {
  const file = join(import.meta.dirname, 'results.json');
  writeFileSync(file, resultsJson(mergeResults(parseResults(readFileSync(file, 'utf8')), results(context, figures, references, errors))));
  process.stdout.write(`written: ${chosen.join(', ')} in bench/results.json (other sections as the last full run left them)\n`);
}
process.exitCode = exitCode(figures, errors);
