import PO from 'pofile';
import { TranslationFileError, type TranslationBundle } from '../../core/translation/bundle.js';
import { duplicateIds, validBundle } from './shared.js';
import { parseReviewLine, reviewLine } from './review-words.js';

/**
 * gettext PO through `pofile`: `msgctxt` is the unit id (two units may share a source text, and the id
 * keeps a translation attached when questions move), `msgid` the source text, `msgstr` the translation
 * (empty: not translated, as gettext has it), `#.` the note for the translator. A translation not
 * reviewed is flagged `#, fuzzy`, as Poedit and Weblate show it. The header names the target `Language`,
 * and in `X-Stem-*` fields what the file belongs to and the language's review state.
 */

const KIND = 'X-Stem-Kind';
const NAME = 'X-Stem-Name';
const SOURCE = 'X-Stem-Source-Language';
const REVIEW = 'X-Stem-Review';

export function writePo(bundle: TranslationBundle): string {
  const po = new PO();
  po.headers = {
    'Project-Id-Version': bundle.name,
    Language: bundle.targetLanguage,
    'Content-Type': 'text/plain; charset=UTF-8',
    'Content-Transfer-Encoding': '8bit',
    [KIND]: bundle.kind,
    [NAME]: bundle.name,
    [SOURCE]: bundle.sourceLanguage,
    [REVIEW]: reviewLine(bundle.review),
  };
  for (const unit of bundle.units) {
    const item = new PO.Item();
    item.msgctxt = unit.id;
    item.msgid = unit.source;
    item.msgstr = [unit.target ?? ''];
    if (unit.note !== undefined) item.extractedComments = unit.note.split('\n');
    if (unit.target !== null && bundle.review.state !== 'reviewed') item.flags = { fuzzy: true };
    po.items.push(item);
  }
  return `${po.toString()}\n`;
}

/** The line each entry's `msgid` is on (the header's first), for issues a person can find. */
function entryLines(body: string): number[] {
  const lines: number[] = [];
  body.split('\n').forEach((line, i) => {
    if (/^msgid\s/.test(line)) lines.push(i + 1);
  });
  return lines;
}

export function readPo(body: string): TranslationBundle {
  let po: PO;
  try {
    po = PO.parse(body);
  } catch (error) {
    throw new TranslationFileError([{ at: '(file)', message: `not a PO file: ${error instanceof Error ? error.message : String(error)}` }]);
  }
  const lines = entryLines(body);
  const offset = lines.length > po.items.filter((i) => !i.obsolete).length ? 1 : 0; // the header entry comes first
  const line = (i: number) => `line ${lines[i + offset] ?? '?'}`;
  const items = po.items.filter((item) => !item.obsolete);
  const issues = items.flatMap((item, i) => {
    if ((item.msgctxt ?? '') === '') return [{ at: line(i), message: 'an entry without msgctxt (the unit id it translates)' }];
    if ((item.msgid_plural ?? '') !== '') return [{ at: `${line(i)} (unit ${item.msgctxt})`, message: 'plural forms are not used in survey texts' }];
    return [];
  });
  issues.push(
    ...duplicateIds(
      items.map((item) => item.msgctxt ?? ''),
      (id) => `unit ${id}`,
    ),
  );
  if (issues.length > 0) throw new TranslationFileError(issues);
  const review = parseReviewLine(po.headers[REVIEW] ?? '') ?? { state: 'draft' as const };
  return validBundle(
    {
      kind: po.headers[KIND] ?? 'survey',
      name: po.headers[NAME] ?? po.headers['Project-Id-Version'] ?? '',
      sourceLanguage: po.headers[SOURCE] ?? '',
      targetLanguage: po.headers.Language ?? '',
      review,
      units: items.map((item) => ({
        id: item.msgctxt ?? '',
        source: item.msgid,
        target: (item.msgstr[0] ?? '') === '' ? null : item.msgstr[0],
        ...(item.extractedComments.length > 0 ? { note: item.extractedComments.join('\n') } : {}),
      })),
    },
    (i) => `${line(i)} (unit ${items[i]?.msgctxt ?? '?'})`,
  );
}
