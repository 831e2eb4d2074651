import { SUPPORTED_LANGUAGES } from '../../locales/index.js';
import { serviceDay } from '../day.js';
import { FieldError } from '../errors.js';
import { inParallel } from '../in-parallel.js';
import { resolveLanguage } from '../languages.js';
import type { Channel, Project } from '../model.js';
import type { Clock, Protector } from '../ports.js';
import { toE164 } from './phone.js';
import type { CsvReader, ImportRow, ParticipantStore } from './ports.js';

export type RejectReason = 'invalid-number' | 'unknown-language' | 'unknown-channel' | 'duplicate' | 'missing-value';

export interface ImportReport {
  /** False when rows were rejected in all-or-nothing mode: then nothing at all was written. */
  imported: boolean;
  rows: number;
  enrolled: number;
  /** Rows for people already in the project: nothing to do (a re-upload of the same file is safe). */
  alreadyEnrolled: number;
  rejected: Array<{ line: number; column: string; reason: RejectReason; detail: string }>;
}

export class ImportFormatError extends FieldError {
  readonly code = 'IMPORT_FORMAT';
}

export const MAX_IMPORT_ROWS = 20_000;

/** Header names staff may use, in en / nl / fr. */
const HEADERS: Record<'phone' | 'language' | 'channel', readonly string[]> = {
  phone: ['phone', 'phone number', 'telefoon', 'telefoonnummer', 'gsm', 'telephone', 'téléphone', 'numero', 'numéro', 'mobile'],
  language: ['language', 'taal', 'langue', 'lang'],
  channel: ['channel', 'kanaal', 'canal'],
};
const CHANNELS: Record<string, Channel> = {
  sms: 'sms',
  whatsapp: 'whatsapp',
  wa: 'whatsapp',
  voice: 'voice',
  phone: 'voice',
  call: 'voice',
  bellen: 'voice',
  appel: 'voice',
};

function columnIndex(header: string[], names: readonly string[]): number {
  return header.findIndex((h) => names.includes(h.trim().toLowerCase()));
}

/**
 * Import a participant list (CSV with phone, language, channel). Every row is checked first; in
 * all-or-nothing mode a single rejected row means nothing is written, and the report says which rows
 * to fix and why. Each written row is one transaction: a row is never half-imported.
 */
export async function importParticipants(
  deps: { participants: ParticipantStore; protector: Protector; clock: Clock; readCsv: CsvReader },
  project: Project,
  csv: string,
  mode: 'all-or-nothing' | 'valid-only',
): Promise<ImportReport> {
  const [header = [], ...lines] = deps.readCsv(csv);
  const col = {
    phone: columnIndex(header, HEADERS.phone),
    language: columnIndex(header, HEADERS.language),
    channel: columnIndex(header, HEADERS.channel),
  };
  for (const [name, index] of Object.entries(col)) {
    if (index < 0) throw new ImportFormatError(name, `the first line must name the columns phone, language and channel; "${name}" is missing`);
  }
  if (lines.length > MAX_IMPORT_ROWS) throw new ImportFormatError('file', `at most ${MAX_IMPORT_ROWS} rows per import`);

  const day = serviceDay(deps.clock.now());
  const offered = project.languages.length ? project.languages : [...SUPPORTED_LANGUAGES];
  const rejected: ImportReport['rejected'] = [];
  const rows: ImportRow[] = [];
  const seen = new Map<string, number>();

  for (const [i, fields] of lines.entries()) {
    const line = i + 2; // 1-based, after the header
    const cell = (index: number) => (fields[index] ?? '').trim();
    const reject = (column: string, reason: RejectReason, detail: string) => rejected.push({ line, column, reason, detail });
    const rawPhone = cell(col.phone);
    const phone = toE164(rawPhone);
    const language = resolveLanguage(cell(col.language), []);
    const channel = CHANNELS[cell(col.channel).toLowerCase()];
    if (!rawPhone) reject('phone', 'missing-value', 'no phone number');
    else if (!phone) reject('phone', 'invalid-number', 'not a phone number (e.g. 0470 12 34 56 or +32 470 12 34 56)');
    if (!cell(col.language)) reject('language', 'missing-value', 'no language');
    else if (!language || !offered.includes(language))
      reject('language', 'unknown-language', `"${cell(col.language)}" is not one of this project's languages: ${offered.join(', ')}`);
    if (!cell(col.channel)) reject('channel', 'missing-value', 'no channel');
    else if (!channel) reject('channel', 'unknown-channel', `"${cell(col.channel)}" is not sms, whatsapp or voice`);
    if (rejected.some((r) => r.line === line) || !phone || !language || !channel) continue;

    const first = seen.get(phone);
    if (first !== undefined) {
      reject('phone', 'duplicate', `the same number as line ${first}`);
      continue;
    }
    seen.set(phone, line);
    rows.push({ projectId: project.projectId, contactKey: deps.protector.contactKey(phone), phoneSealed: deps.protector.seal(phone), language, channel, day });
  }

  if (mode === 'all-or-nothing' && rejected.length > 0) return { imported: false, rows: lines.length, enrolled: 0, alreadyEnrolled: 0, rejected };
  // Rows are independent, each one transaction: written several at a time, retried on a conflict.
  const outcomes = await inParallel(rows, CONCURRENCY, (row) => withRetry(() => deps.participants.enrol(row)));
  const enrolled = outcomes.filter((o) => o === 'enrolled').length;
  return { imported: true, rows: lines.length, enrolled, alreadyEnrolled: outcomes.length - enrolled, rejected };
}

const CONCURRENCY = 16;

async function withRetry<R>(work: () => Promise<R>, attempts = 4): Promise<R> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= attempts) throw error;
    }
  }
}
