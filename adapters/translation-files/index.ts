import type { TranslationBundle, TranslationFormat } from '../../core/translation/bundle.js';
import { readCsv, writeCsv } from './csv.js';
import { readPo, writePo } from './po.js';
import { guardBody } from './shared.js';
import { readXliff, writeXliff } from './xliff.js';

/**
 * A translation bundle as a file for translators and back (adapters: core imports no format library).
 * Reading throws TranslationFileError, whose issues name the line or the unit, for a file that is not a
 * well-formed file of its format; whether its texts fit the survey is core's (core/translation/checks.ts).
 */

export interface TranslationFile {
  body: string;
  contentType: string;
  extension: string;
}

export function writeTranslationFile(bundle: TranslationBundle, format: TranslationFormat): TranslationFile {
  switch (format) {
    case 'xliff':
      return { body: writeXliff(bundle), contentType: 'application/xliff+xml; charset=utf-8', extension: 'xlf' };
    case 'po':
      return { body: writePo(bundle), contentType: 'text/x-gettext-translation; charset=utf-8', extension: 'po' };
    case 'csv':
      return { body: writeCsv(bundle), contentType: 'text/csv; charset=utf-8', extension: 'csv' };
  }
}

export function readTranslationFile(body: string, format: TranslationFormat): TranslationBundle {
  guardBody(body);
  const text = body.replace(/^\uFEFF/, ''); // a byte order mark, as Windows editors save UTF-8
  switch (format) {
    case 'xliff':
      return readXliff(text);
    case 'po':
      return readPo(text);
    case 'csv':
      return readCsv(text);
  }
}
