import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { AttributeValue, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { rawItems } from '../../support/scan-table.js';

/**
 * The privacy audit's tools (DESIGN.md, "Privacy by construction"): every place data may rest or leave —
 * table items, files, log lines, exports, pages — as plain text "haystacks", and the personal data that
 * went in as "needles". A finding names the needle's label and where it was, never the surrounding text.
 */

export interface Needle {
  /** What it is, e.g. "phone of Amina (national)"; printed instead of the surrounding data. */
  label: string;
  value: string;
  /**
   * Names are matched in any case, as whole words: five letters in any case turn up by chance in a few
   * hundred kilobytes of base64 ciphertext, a whole word very rarely. Numbers and ids match exactly, anywhere.
   */
  anyCase?: boolean;
}

export interface Haystack {
  where: string;
  text: string;
}

/** A number in every form it may be written: E.164, digits only, 00…, whatsapp:+…, national 04…, spaced or not. */
export function phoneNeedles(label: string, e164: string): Needle[] {
  const digits = e164.slice(1); // 32476120301
  const national = `0${digits.slice(2)}`; // 0476120301
  const spaced = `${national.slice(0, 4)} ${national.slice(4, 6)} ${national.slice(6, 8)} ${national.slice(8)}`; // 0476 12 03 01
  const forms: Array<[string, string]> = [
    ['E.164', e164],
    ['digits', digits],
    ['00', `00${digits}`],
    ['whatsapp', `whatsapp:${e164}`],
    ['national', national],
    ['without 0', national.slice(1)],
    ['spaced', spaced],
    ['international spaced', `+32 ${spaced.slice(1)}`],
  ];
  return forms.map(([form, value]) => ({ label: `${label} (${form})`, value }));
}

/** A name, and each of its words long enough to be telling ("Zerhouni", not "El"). */
export function nameNeedles(label: string, name: string): Needle[] {
  const words = name.split(/\s+/).filter((w) => w.length >= 5);
  return [{ label, value: name, anyCase: true }, ...words.map((w) => ({ label: `${label} (“${w}”)`, value: w, anyCase: true }))];
}

/** Which needles are in which haystacks: "label in where", once per pair. */
export function findings(haystacks: Iterable<Haystack>, needles: readonly Needle[]): string[] {
  const found = new Set<string>();
  const words = new Map(needles.filter((n) => n.anyCase).map((n) => [n, new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(n.value)}(?![\\p{L}\\p{N}])`, 'iu')]));
  for (const { where, text } of haystacks) {
    for (const n of needles) {
      const word = words.get(n);
      if (word ? word.test(text) : text.includes(n.value)) found.add(`${n.label} in ${where}`);
    }
  }
  return [...found];
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Base64 (or base64url) runs inside a value, decoded: a number merely encoded, not sealed, is found too. */
function decodedRuns(text: string): string[] {
  return [...text.matchAll(/[A-Za-z0-9+/_-]{16,}={0,2}/g)].map((m) => Buffer.from(m[0].replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('latin1'));
}

/** Every attribute value of an item, walked into maps, lists and sets; binaries as latin1 and UTF-8. */
function attributeTexts(value: AttributeValue, path: string, out: Haystack[]): void {
  const add = (text: string, suffix = '') => {
    out.push({ where: `${path}${suffix}`, text });
    for (const decoded of decodedRuns(text)) out.push({ where: `${path}${suffix} (base64-decoded)`, text: decoded });
  };
  if (value.S !== undefined) add(value.S);
  else if (value.N !== undefined) add(value.N);
  else if (value.B !== undefined) {
    const bytes = Buffer.from(value.B);
    add(bytes.toString('latin1'), ' (binary, latin1)');
    add(bytes.toString('utf8'), ' (binary, UTF-8)');
  } else if (value.SS) value.SS.forEach((s, i) => add(s, `[${i}]`));
  else if (value.NS) value.NS.forEach((s, i) => add(s, `[${i}]`));
  else if (value.BS) value.BS.forEach((b, i) => add(Buffer.from(b).toString('latin1'), `[${i}] (binary)`));
  else if (value.M) for (const [k, v] of Object.entries(value.M)) attributeTexts(v, `${path}.${k}`, out);
  else if (value.L) value.L.forEach((v, i) => attributeTexts(v, `${path}[${i}]`, out));
}

/** Every item of a table, raw (no unmarshalling that could hide a value): one haystack per attribute value. */
export async function tableHaystacks(client: DynamoDBClient, tableName: string): Promise<{ items: number; haystacks: Haystack[] }> {
  const haystacks: Haystack[] = [];
  let items = 0;
  for await (const item of rawItems(client, tableName)) {
    items++;
    const where = `table ${tableName}, item ${item.kind?.S ?? '?'} ${item.pk?.S ?? '?'} | ${item.sk?.S ?? '?'}, attribute `;
    for (const [name, value] of Object.entries(item)) attributeTexts(value, `${where}${name}`, haystacks);
  }
  return { items, haystacks };
}

/** Every file under a folder: its path (names may hold data too) and its bytes as latin1 and UTF-8. */
export function fileHaystacks(root: string, label: string): { files: number; haystacks: Haystack[] } {
  const haystacks: Haystack[] = [];
  let files = 0;
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      const where = `${label}/${relative(root, path)}`;
      haystacks.push({ where: `the name of ${where}`, text: entry.name });
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() && statSync(path).size > 0) {
        files++;
        const bytes = readFileSync(path);
        haystacks.push({ where: `${where} (latin1)`, text: bytes.toString('latin1') }, { where: `${where} (UTF-8)`, text: bytes.toString('utf8') });
      }
    }
  };
  walk(root);
  return { files, haystacks };
}

/**
 * Whatever this process prints while it runs (console and the raw stdout/stderr streams), kept in
 * `lines` as well as printed: a stray log line outside the logger is audited too. Returns the undo.
 */
export function captureOutput(lines: string[]): () => void {
  const undo: Array<() => void> = [];
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write;
    stream.write = function (this: NodeJS.WriteStream, chunk: unknown, ...rest: unknown[]): boolean {
      lines.push(typeof chunk === 'string' ? chunk : Buffer.isBuffer(chunk) ? chunk.toString('utf8') : String(chunk));
      return Reflect.apply(write, this, [chunk, ...rest]) as boolean;
    } as typeof stream.write;
    undo.push(() => (stream.write = write));
  }
  for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    const original = console[level];
    console[level] = (...args: unknown[]) => {
      lines.push(args.map((a) => (typeof a === 'string' ? a : (JSON.stringify(a) ?? String(a)))).join(' '));
      original(...args);
    };
    undo.push(() => (console[level] = original));
  }
  return () => undo.forEach((u) => u());
}
