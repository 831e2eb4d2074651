/**
 * File and case numbers: the welfare centre's dossier ("dossiernummer 2023-4567", "OCMW-nummer 58213",
 * "numéro de dossier", "رقم ملفي", "شماره پرونده", "ቁጽሪ ፋይለይ", "номер справи", "dosya numaram"), the
 * Immigration Office's (DVZ / OE: "8.123.456"), a residence card's ("carte de séjour B 123456789"), a
 * reference ("Référence CPAS : SOC/2022/1187"). Each is one person's key in someone's files.
 *
 * Rule: a word that names such a file, then within five words and the same sentence, the first value with
 * at least four digits (letters, "/", "-", "." and single spaces between its groups) that is no year
 * alone ("mijn dossier van 2023") and no count ("dossier sinds 3 maanden" has too few digits anyway).
 */
import { alternatives, START, type Span } from './redact-text.js';

const FILE_WORDS = [
  // nl
  'dossiernummer',
  'dossiernr',
  'dossier',
  'dossiers',
  'ocmw-nummer',
  'ocmw nummer',
  'ocmw-dossier',
  'klantnummer',
  'cliëntnummer',
  'referentienummer',
  'referentie',
  'ref',
  'ref.',
  'kenmerk',
  'dvz-nummer',
  'dvz',
  'oe-nummer',
  'vreemdelingendossier',
  'verblijfskaart',
  'kaartnummer',
  'cgvs',
  'fedasil',
  'sis-nummer',
  'rolnummer',
  // fr
  'numéro de dossier',
  'n° de dossier',
  'no de dossier',
  'numéro cpas',
  'numéro oe',
  'référence',
  'réf',
  'réf.',
  'numéro client',
  'carte de séjour',
  'carte orange',
  'numéro de carte',
  'cgra',
  'office des étrangers',
  // en
  'case number',
  'case no',
  'case no.',
  'case',
  'file number',
  'file',
  'reference',
  'reference number',
  'client number',
  'immigration office',
  'card number',
  'residence card',
  'residence permit',
  // ar
  'رقم ملفي',
  'رقم الملف',
  'ملفي',
  'ملف',
  'رقم القضية',
  'القضية',
  'قضيتي',
  'رقم المرجع',
  'المرجع',
  'رقم البطاقة',
  'بطاقة الإقامة',
  'رقم الإقامة',
  'مكتب الأجانب',
  // fa (Iranian and Dari)
  'شماره پرونده',
  'پرونده',
  'پرونده‌ام',
  'پروندەام',
  'نمبر دوسیه',
  'دوسیه',
  'دوسیه‌ام',
  'کارت اقامت',
  'اداره مهاجرت',
  // ti
  'ቁጽሪ ፋይል',
  'ፋይለይ',
  'ፋይል',
  'ዶሲየይ',
  'ዶሲየ',
  'ዶሴ',
  // uk / ru
  'номер справи',
  'справи',
  'справа',
  'справу',
  'номер досьє',
  'досьє',
  'номер картки',
  'посвідка',
  'номер дела',
  'дело',
  // tr
  'dosya numarası',
  'dosya numaram',
  'dosya no',
  'dosya',
  'dosyam',
  'referans',
  'kart numarası',
  'oturma kartı',
  // offices, in every language
  'ocmw',
  'cpas',
  'oe',
];

/** Case-insensitive; "ocmw-nummer" also as "OCMW nummer". */
const FILE_WORD = new RegExp(`${START}(?:${alternatives(FILE_WORDS)})(?![\\p{L}\\p{M}])`, 'giu');

/**
 * The value: maybe a prefix in capitals ("B 123456789") or joined by "/" or "-" ("soc/2022/1187"), then
 * digit groups joined by one "/", "-", "." or space, maybe letters between ("OCMW/2021/00347"). Bounded,
 * so matching stays linear.
 */
const VALUE = /(?<![\p{L}\p{M}\p{N}])(?:[A-Z]{1,6} ?|[A-Za-z]{1,6}[/-])?\d+(?:[/.\- ]?[A-Za-z]{0,4}[/.\-]?\d+){0,5}(?![\p{N}])/gu;

/** Words and marks between the file word and its value: at most five words, no sentence end, no digit. */
function closeEnough(gap: string): boolean {
  if (/[.!?؟።\n\d]/u.test(gap.replace(/^[.:]+|\b(?:nr|no|n°)\./giu, ''))) return false;
  return (gap.match(/[\p{L}\p{M}]+/gu) ?? []).length <= 5;
}

const digitsIn = (value: string): number => (value.match(/\d/g) ?? []).length;
const YEAR = /^(?:19|20)\d\d$/;
/** Looks like a phone number (a leading 0 or + and nine digits or more): the phone detector's, not ours. */
const PHONE_LIKE = /^(?:\+|0)[\d ./-]{8,}$/;

export function findCaseNumbers(view: string): Span[] {
  if (!/\d/.test(view)) return [];
  const spans: Span[] = [];
  let from = 0;
  for (const m of view.matchAll(FILE_WORD)) {
    const start = Math.max(m.index + m[0].length, from);
    const window = view.slice(start, start + 80);
    VALUE.lastIndex = 0;
    const v = VALUE.exec(window);
    if (!v) continue;
    const value = v[0].trimEnd();
    if (!closeEnough(window.slice(0, v.index)) || digitsIn(value) < 4 || YEAR.test(value) || PHONE_LIKE.test(value)) continue;
    const span = { start: start + v.index, end: start + v.index + value.length };
    spans.push(span);
    from = span.end;
  }
  return spans;
}
