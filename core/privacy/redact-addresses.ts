/**
 * Street addresses: a street word with a house number. Dutch compounds (Kerkstraat 12, Brusselsesteenweg
 * 301 bus 4), French street types with a name (rue de la Loi 16, 23 rue de Brabant, avenue Louise 54 bte
 * 3), English (12 Baker Street, Baker Street 12), Arabic (شارع … رقم 12), Turkish (Gül Sokak No: 5),
 * Persian (خیابان … پلاک ۱۲) and Ukrainian (вулиця Шевченка, 12). A postcode and town right after the
 * number go with it (Kerkstraat 12, 1000 Brussel). Also as people say them: the number first after "at",
 * "op", "au" ("I live at 12 Kerkstraat"), the number in words ("kerkstraat nummer twaalf", "stationsstraat
 * forty five"), a Belgian street in Arabic, Persian or Cyrillic letters ("كيركسترات رقم ١٢", "керкстраат 12").
 * A street word without a number stays ("de straat is vuil"), and so does a number that counts something
 * ("de Kerkstraat 3 keer").
 */
import { alternatives, capitalOptional, keyOf, START, type Span } from './redact-text.js';
import { FR_TYPES, NL_SUFFIXES, SAID_NUMBERS, SAID_ONE, UNITS } from './address-words.js';

/** A capitalised word (Latin or Cyrillic), hyphens inside: Sint-Jans-Molenbeek, Saint-Josse. */
const CAP = String.raw`\p{Lu}[\p{L}\p{M}'-]{0,30}`;
/** A capitalised word that is not a lone capital or an acronym ("I", "OCMW"): words in front of a street. */
const NAME = String.raw`\p{Lu}\p{Ll}[\p{L}\p{M}'-]{0,30}`;
const NOT_A_COUNT = String.raw`(?! {0,2}(?:%|€|(?:${alternatives(UNITS)})(?![\p{L}\p{M}])))`;
const HOUSE = String.raw`\d{1,4}(?:[a-zA-Z](?![\p{L}\p{M}]))?(?![\p{N}]|[.,]\d)${NOT_A_COUNT}`;
const NUMBER_WORD = String.raw`(?:(?:[Nn]ummer|[Nn]r\.?|[Nn]°|[Nn]o\.?|[Nn]uméro|[Nn]umero) {0,2})?`;

const SAID: ReadonlySet<string> = new Set(SAID_NUMBERS.map(keyOf));
const SAID_AFTER_NUMBER: ReadonlySet<string> = new Set(SAID_ONE.map(keyOf));
const UNIT_WORDS: ReadonlySet<string> = new Set(UNITS.map(keyOf));
/**
 * Up to four words after the street, to be read as a house number in words in code (lookups in a set:
 * a regex alternative of every number word, in three street patterns, takes V8 a third of a second to compile).
 */
const SAID_HOUSE = String.raw`(?<said>(?:(?:[Nn]ummer|[Nn]umber|[Nn]uméro|[Nn]r\.?) {1,2})?[\p{L}\p{M}]+(?:[ -][\p{L}\p{M}]+){0,3})`;

/** How long the house number in words at the start of `words` is (0: none), "nummer twaalf", "forty five". */
function saidHouseLength(words: string): number {
  const parts = [...words.matchAll(/[\p{L}\p{M}.]+/gu)];
  let i = 0;
  const announced = /^(?:nummer|number|numéro|numero|nr\.?)$/iu.test(parts[0]?.[0] ?? '');
  if (announced) i++;
  let end = 0;
  for (let n = 0; i < parts.length; i++, n++) {
    const p = parts[i];
    if (!p) break;
    const key = keyOf(p[0]);
    if (n > 0 && key === 'et') continue;
    if (!(SAID.has(key) || (n === 0 && announced && SAID_AFTER_NUMBER.has(key)))) break;
    end = p.index + p[0].length;
  }
  const next = parts.find((p) => p.index > end);
  if (end === 0 || (next && UNIT_WORDS.has(keyOf(next[0])) && /^[ -]*$/.test(words.slice(end, next.index)))) return 0;
  return end;
}
/** bus 3, bte 2, boîte 4, /3 */
const BOX = String.raw`(?: {0,2}(?:bus|bte|boîte|boite|b\.|box|apt\.?|app\.?|kv\.?|кв\.?) {0,2}\d{1,4}[a-zA-Z]?|\/\d{1,4}[a-zA-Z]?)?`;
const POSTCODE = String.raw`(?:,? {1,3}[1-9]\d{3} {1,3}${CAP})?`;
const TAIL = `${BOX}${POSTCODE}`;

const capitalised = (w: string): string => w.charAt(0).toUpperCase() + w.slice(1);
/** Dutch compound: at least two letters before the suffix, up to two capitalised words in front. */
const NL_COMPOUND = String.raw`${START}(?:${NAME} ){0,2}[\p{L}\p{M}'-]{2,40}?(?:${alternatives(NL_SUFFIXES)})(?![\p{L}\p{M}])`;
/** Dutch street word on its own after a capitalised name: Grote Markt 1, Koning Albert Laan 3. */
const NL_SPLIT = String.raw`${START}(?:${NAME} ){1,3}(?:${alternatives(NL_SUFFIXES.map(capitalised))})(?![\p{L}\p{M}])`;
/** Where a number before the street is a house number: "I live at 12 Kerkstraat", "op 5 Dorpstraat". */
const LOCATIVE = String.raw`(?<=(?:^|[^\p{L}\p{M}])(?:at|on|in|op|te|au|à|a|en|am|на|в|في|در|ኣብ|adres|adresse|address|adresim|адреса) {1,2})`;
const NL_BEFORE = String.raw`${LOCATIVE}\d{1,4}[a-zA-Z]?,? {1,2}(?:${NAME} ){0,2}[\p{L}\p{M}'-]{2,40}?(?:${alternatives(NL_SUFFIXES)})(?![\p{L}\p{M}])`;
const NL = new RegExp(String.raw`(?:${NL_COMPOUND}|${NL_SPLIT}),? {1,3}(?:${NUMBER_WORD}${HOUSE}${TAIL}|${SAID_HOUSE})|${NL_BEFORE}`, 'gu');

const FR_TYPE = `(?:${FR_TYPES.map(capitalOptional).join('|')})`;
const PARTICLE = String.raw`(?:(?:de|du|des|la|le|les|aux|au|sur|sous|van|der|den|ter|saint|sainte) {1,2}|[dl]' ?)`;
/** rue de la Loi, avenue Louise, rue d'Arlon, rue de la gare (a lower-case name only after a particle). */
const FR_NAME = String.raw`(?:${PARTICLE}{1,3}[\p{L}\p{M}'-]{2,30}|${CAP})(?: ${PARTICLE}{0,3}${CAP}){0,3}`;
const FR_AFTER = String.raw`${START}${FR_TYPE} {1,2}${FR_NAME} {0,2},? {0,2}(?:${NUMBER_WORD}${HOUSE}${TAIL}|${SAID_HOUSE})`;
const FR_BEFORE = String.raw`${START}\d{1,4}(?: ?(?:bis|ter|[a-zA-Z]))?(?![\p{L}\p{M}\p{N}]),? {1,2}${FR_TYPE} {1,2}${FR_NAME}${POSTCODE}`;
const FR = new RegExp(`${FR_AFTER}|${FR_BEFORE}`, 'gu');

const EN_TYPES = [
  'street',
  'st.',
  'road',
  'rd.',
  'avenue',
  'ave.',
  'lane',
  'drive',
  'way',
  'close',
  'square',
  'boulevard',
  'place',
  'court',
  'crescent',
  'terrace',
  'gardens',
  'grove',
];
const EN_TYPE = `(?:${EN_TYPES.map(capitalOptional).join('|')})`;
const EN_BEFORE = String.raw`${START}\d{1,4}[a-zA-Z]?,? {1,2}(?:${NAME} ){1,3}${EN_TYPE}(?![\p{L}\p{M}])`;
const EN_AFTER = String.raw`${START}(?:${NAME} ){1,3}${EN_TYPE}(?![\p{L}\p{M}]),? {1,2}(?:${NUMBER_WORD}${HOUSE}${TAIL}|${SAID_HOUSE})`;
const EN = new RegExp(`${EN_BEFORE}|${EN_AFTER}`, 'gu');

/** Words that end a street name in Arabic and Persian ("شارع لويز منذ ٢٠١٩": since 2019 is no house number). */
const NOT_IN_NAME = String.raw`(?!(?:${alternatives(['منذ', 'في', 'من', 'مع', 'على', 'إلى', 'الى', 'عند', 'بعد', 'قبل', 'لمدة', 'حوالي', 'از', 'در', 'به', 'با', 'تا', 'که', 'برای'])})(?![\p{L}\p{M}]))`;

/** Scripts and languages where the street word comes first and the name may be any word. */
const OTHER = new RegExp(
  [
    // ar: شارع الحرية رقم ١٢ / زنقة … ; fa: خیابان ولیعصر پلاک ۱۲ / کوچه … / بلوار …
    String.raw`${START}(?:${alternatives(['شارع', 'زنقة', 'جادة', 'خیابان', 'کوچه', 'بلوار', 'میدان'])})(?: ${NOT_IN_NAME}[\p{L}\p{M}'-]{1,30}){1,4}? {0,2}[،,]? {0,2}(?:(?:${alternatives(['رقم', 'عدد', 'پلاک', 'شماره', 'نمره'])}) {0,2})?${HOUSE}${TAIL}`,
    // uk/ru: вулиця Шевченка, 12 / вул. Хрещатик 5 / проспект … (the name capitalised: "на вулиці вже 3 …" stays)
    String.raw`${START}(?:${['вулиця', 'вулиці', 'вулицю', 'вул.', 'проспект', 'проспекті', 'просп.', 'бульвар', 'бульварі', 'провулок', 'провулку', 'пров.', 'площа', 'площі', 'улица', 'улице', 'ул.'].map(capitalOptional).join('|')})(?: \p{Lu}[\p{L}\p{M}'-]{0,30}){1,3}? {0,2},? {0,2}(?:(?:буд\.?|будинок|дом|д\.|№) {0,2})?${HOUSE}${TAIL}`,
    // a Belgian street written in Arabic, Persian or Cyrillic letters: كيركسترات رقم ١٢, کرک استرات نمبر ۱۲, керкстраат 12
    String.raw`${START}[\p{L}\p{M}]{2,30}? ?(?:${alternatives(['سترات', 'ستراط', 'ستراد', 'استرات', 'استراط', 'страат', 'страт', 'лаан', 'стенвег', 'стеенвег'])})(?![\p{L}\p{M}]) {0,2}[،,]? {0,2}(?:(?:${alternatives(['رقم', 'نمبر', 'شماره', 'پلاک', 'номер', '№'])}) {0,2})?${HOUSE}${TAIL}`,
    // tr: Gül Sokak No: 5 / Atatürk Caddesi 12
    String.raw`${START}(?:\p{Lu}[\p{L}\p{M}'-]{0,30} ){1,3}(?:${['sokak', 'sokağı', 'sok.', 'sk.', 'cadde', 'caddesi', 'cad.', 'bulvar', 'bulvarı', 'mahallesi', 'mah.'].map(capitalOptional).join('|')})(?![\p{L}\p{M}]) {0,2},? {0,2}(?:No ?[:.]? {0,2})?${HOUSE}${TAIL}`,
  ].join('|'),
  'gu',
);

/** Words that may begin a sentence with a capital but never a street name. */
const LEADING = new Set(
  [
    'in',
    'op',
    'de',
    'het',
    'een',
    'ik',
    'we',
    'wij',
    'mijn',
    'naar',
    'aan',
    'bij',
    'te',
    'the',
    'a',
    'i',
    'my',
    'at',
    'on',
    'to',
    'our',
    'dans',
    'la',
    'le',
    'je',
    'ma',
    'mon',
    'sur',
    'nous',
    'woon',
    'wonen',
    'live',
    "j'habite",
    'habite',
    'and',
    'en',
    'et',
    'is',
    'it',
    'ben',
    'benim',
    'biz',
    'evim',
    'adresim',
    'ev',
    'oturuyorum',
  ].map(keyOf),
);

/** Drop sentence words the capitalised-words prefix took in front of the street name. */
function dropLeading(view: string, span: Span): Span {
  let { start } = span;
  for (;;) {
    const m = /^([\p{L}\p{M}'-]+) /u.exec(view.slice(start, Math.min(span.end, start + 40)));
    if (!m?.[1] || !LEADING.has(keyOf(m[1])) || start + m[0].length >= span.end) return { start, end: span.end };
    start += m[0].length;
  }
}

/** Every address has a house number, in digits or in words: without either, no pattern needs to run. */
function mayHoldNumber(view: string): boolean {
  return /\d/.test(view) || (view.match(/[\p{L}\p{M}]+/gu) ?? []).some((w) => SAID.has(keyOf(w)));
}

export function findAddresses(view: string): Span[] {
  if (!mayHoldNumber(view)) return [];
  const spans: Span[] = [];
  for (const pattern of [NL, FR, EN, OTHER]) {
    const re = new RegExp(pattern.source, pattern.flags);
    let m: RegExpExecArray | null;
    while ((m = re.exec(view)) !== null) {
      const said = m.groups?.['said'];
      let end = m.index + m[0].length;
      if (said !== undefined) {
        const length = saidHouseLength(said);
        if (length === 0) {
          re.lastIndex = m.index + 1; // no number after this street: look on from its next character
          continue;
        }
        end = end - said.length + length;
        re.lastIndex = end;
      }
      spans.push(dropLeading(view, { start: m.index, end }));
    }
  }
  return spans;
}
