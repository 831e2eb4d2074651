import js2xliff from 'xliff/js2xliff';
import xliff2js from 'xliff/xliff2js';
import * as z from '../../kernel/zod.js';
import { TranslationFileError, type TranslationBundle } from '../../core/translation/bundle.js';
import type { ReviewState } from '../../flows/definition.js';
import { duplicateIds, fileId, splitFileId, validBundle } from './shared.js';
import { XLIFF_STATE, reviewOfXliffState } from './review-words.js';

/**
 * XLIFF 2.0 (OASIS) through the `xliff` package: `srcLang`/`trgLang` on the root, one `<file>` named
 * `<kind>.<name>`, one `<unit id>` per text with its note for the translator, a `<target>` only where a
 * translation exists. The package writes no segment attributes, so the language's review state is set on
 * each `<segment>` here (XLIFF_STATE); `by` and `at` have no place in XLIFF core and are not written.
 *
 * Reading refuses a DOCTYPE or an entity declaration before any parser sees the text: XLIFF needs neither,
 * and they are how XML external entities (XXE) and "billion laughs" expansion get in.
 */

export function writeXliff(bundle: TranslationBundle): string {
  const units: Record<string, { source: string; target?: string; note?: string }> = {};
  for (const u of bundle.units) {
    units[u.id] = { source: u.source, ...(u.target !== null ? { target: u.target } : {}), ...(u.note !== undefined ? { note: u.note } : {}) };
  }
  let xml = '';
  js2xliff(
    { sourceLanguage: bundle.sourceLanguage, targetLanguage: bundle.targetLanguage, resources: { [fileId(bundle)]: units } },
    { indent: '  ' },
    (error, out) => {
      if (error) throw error;
      xml = out;
    },
  );
  // Text is escaped by the writer (`<` as `&lt;`), so a bare `<segment>` is always the element itself, one
  // per unit in the bundle's order. A segment without a target stays `initial`: nothing is translated yet.
  let at = 0;
  const stated = xml.replaceAll('<segment>', () => {
    const state = bundle.units[at++]?.target === null ? 'initial' : XLIFF_STATE[bundle.review.state];
    return `<segment state="${state}">`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n${stated}\n`;
}

const XliffUnit = z.object({
  source: z.string('plain text expected in <source> (no inline markup)'),
  target: z.optional(z.string('plain text expected in <target> (no inline markup)')),
  note: z.optional(z.union([z.string(), z.array(z.string())])),
});
const XliffJs = z.object({
  sourceLanguage: z.string('the <xliff> element needs srcLang'),
  targetLanguage: z.string('the <xliff> element needs trgLang'),
  resources: z.record(z.string(), z.record(z.string(), z.unknown())),
});

interface Scanned {
  /** Each `<unit>` in file order: its id, the line it starts on, how many segments it has. */
  units: Array<{ id: string; line: number; segments: number }>;
  /** The state of each segment that has a target (an untranslated one says nothing of the language). */
  states: ReviewState[];
}

const attribute = (attrs: string, name: string): string | undefined => new RegExp(`\\b${name}\\s*=\\s*(["'])(.*?)\\1`).exec(attrs)?.[2];

/**
 * What the package does not report: where each unit starts, segments per unit, each segment's state. One
 * pass over the tags (linear in the file: no pattern here looks ahead for a closing tag, so a file of
 * 100,000 empty units costs no more than its size).
 */
function scan(body: string): Scanned {
  const units: Scanned['units'] = [];
  const states: ReviewState[] = [];
  let line = 1;
  let last = 0;
  let unit: Scanned['units'][number] | null = null;
  let segment: { state: string | undefined; translated: boolean } | null = null;
  for (const m of body.matchAll(/<(\/?)(unit|segment|target)\b([^>]*)>/g)) {
    for (let i = last; i < m.index; i++) if (body.charCodeAt(i) === 10) line++;
    last = m.index;
    const [, closing, name, attrs = ''] = m;
    const empty = attrs.endsWith('/');
    if (name === 'unit') {
      unit = closing ? null : { id: attribute(attrs, 'id') ?? '', line, segments: 0 };
      if (unit) units.push(unit);
      if (empty) unit = null;
    } else if (name === 'segment' && !closing) {
      if (unit) unit.segments++;
      segment = empty ? null : { state: attribute(attrs, 'state'), translated: false };
    } else if (name === 'segment') {
      if (segment?.translated) states.push(reviewOfXliffState(segment.state));
      segment = null;
    } else if (!closing && segment) segment.translated = true;
  }
  return { units, states };
}

export function readXliff(body: string): TranslationBundle {
  if (/<!DOCTYPE|<!ENTITY/i.test(body)) {
    throw new TranslationFileError([{ at: '(file)', message: 'a DOCTYPE or entity declaration is not allowed in a translation file' }]);
  }
  if (!/<xliff\b[^>]*\bversion\s*=\s*["']2\.[0-2]["']/.test(body)) {
    throw new TranslationFileError([{ at: '(file)', message: 'not an XLIFF 2 file (<xliff version="2.0">)' }]);
  }
  let raw: unknown;
  let failure: Error | null = null;
  try {
    xliff2js(body, {}, (error, result) => {
      failure = error;
      raw = result;
    });
  } catch (error) {
    failure = error instanceof Error ? error : new Error(String(error));
  }
  if (failure !== null) {
    const message = (failure as Error).message.split('\n').slice(0, 2).join(' ');
    throw new TranslationFileError([{ at: '(file)', message: `not well-formed XML: ${message}` }]);
  }
  const doc = XliffJs.safeParse(raw);
  if (!doc.success) throw new TranslationFileError(doc.error.issues.map((i) => ({ at: '(file)', message: i.message })));
  const files = Object.entries(doc.data.resources);
  if (files.length !== 1) throw new TranslationFileError([{ at: '(file)', message: `expected one <file>, found ${files.length}` }]);
  const [id, entries] = files[0] ?? ['', {}];
  const scanned = scan(body);
  const lines = new Map(scanned.units.map((u) => [u.id, u.line]));
  const where = (unitId: string) => `line ${lines.get(unitId) ?? '?'} (unit ${unitId})`;
  const issues = duplicateIds(
    scanned.units.map((u) => u.id),
    where,
  );
  // The package keeps only the last segment of a unit: a tool that split a text in two would lose half.
  for (const u of scanned.units) {
    if (u.segments > 1) issues.push({ at: where(u.id), message: 'a text split into several segments: join them into one' });
  }
  if (issues.length > 0) throw new TranslationFileError(issues);
  const ids = Object.keys(entries);
  const units = Object.entries(entries).map(([unitId, value]) => {
    const unit = XliffUnit.safeParse(value);
    if (!unit.success) throw new TranslationFileError(unit.error.issues.map((i) => ({ at: where(unitId), message: i.message })));
    const { source, target, note } = unit.data;
    const joined = Array.isArray(note) ? note.join('\n') : note;
    return { id: unitId, source, target: target === undefined || target === '' ? null : target, ...(joined !== undefined ? { note: joined } : {}) };
  });
  // The language's state: the least advanced of its translated segments (one without a state is `initial`).
  const order = ['machine', 'draft', 'reviewed'] as const;
  const state =
    scanned.states.reduce<ReviewState | null>((least, s) => (least === null || order.indexOf(s) < order.indexOf(least) ? s : least), null) ?? 'draft';
  const { kind, name } = splitFileId(id);
  return validBundle({ kind, name, sourceLanguage: doc.data.sourceLanguage, targetLanguage: doc.data.targetLanguage, review: { state }, units }, (i) =>
    where(ids[i] ?? '?'),
  );
}
