/**
 * Dates of birth. Rule: a date with at least a day and a month (12/03/1985, 12 maart 1985, 3rd of March,
 * ١٢ مارس ١٩٨٥) is a date of birth when a birth word (geboren, né, born, date of birth, ولدت, تاريخ الميلاد,
 * doğum, تولد, народився …) stands at most five words before it or three words after it, in the same
 * sentence, with no other number in between. Transcripts say the day and the year in words ("twaalf maart
 * negentien vijfentachtig", "the third of March nineteen ninety"): those count as numbers too (nl, fr, en).
 * Every other date stays: appointments, arrivals, payments.
 * A year alone ("geboren in 1985") stays too: it does not single anyone out.
 */
import { alternatives, START, type Span } from './redact-text.js';

const MONTHS = [
  // nl
  'januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus', 'september', 'oktober', 'november', 'december',
  'jan', 'feb', 'mrt', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'okt', 'nov', 'dec',
  // fr
  'janvier', 'février', 'fevrier', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'aout', 'septembre', 'octobre', 'novembre',
  'décembre', 'decembre', 'janv', 'févr', 'fevr', 'avr', 'juil',
  // en
  'january', 'february', 'march', 'may', 'june', 'july', 'august', 'october', 'mar', 'oct',
  // ar (Egyptian/Gulf, Levantine, Maghrebi names)
  'يناير', 'فبراير', 'مارس', 'أبريل', 'ابريل', 'إبريل', 'مايو', 'يونيو', 'يونيه', 'يوليو', 'يوليه', 'أغسطس', 'اغسطس', 'سبتمبر',
  'أكتوبر', 'اكتوبر', 'نوفمبر', 'ديسمبر', 'كانون الثاني', 'شباط', 'آذار', 'اذار', 'نيسان', 'أيار', 'ايار', 'حزيران', 'تموز', 'آب',
  'أيلول', 'ايلول', 'تشرين الأول', 'تشرين الثاني', 'كانون الأول', 'جانفي', 'فيفري', 'أفريل', 'افريل', 'ماي', 'جوان', 'جويلية', 'أوت',
  'اوت', 'شتنبر', 'نونبر', 'دجنبر', 'يوليوز', 'غشت',
  // tr
  'ocak', 'şubat', 'mart', 'nisan', 'mayıs', 'haziran', 'temmuz', 'ağustos', 'eylül', 'ekim', 'kasım', 'aralık',
  // fa (solar and European months)
  'فروردین', 'اردیبهشت', 'خرداد', 'تیر', 'مرداد', 'شهریور', 'مهر', 'آبان', 'آذر', 'دی', 'بهمن', 'اسفند', 'ژانویه', 'فوریه', 'آوریل',
  'مه', 'ژوئن', 'ژوئیه', 'اوت', 'سپتامبر', 'اکتبر', 'نوامبر', 'دسامبر',
  // uk / ru (genitive, as in dates)
  'січня', 'лютого', 'березня', 'квітня', 'травня', 'червня', 'липня', 'серпня', 'вересня', 'жовтня', 'листопада', 'грудня',
  'января', 'февраля', 'марта', 'апреля', 'мая', 'июня', 'июля', 'августа', 'сентября', 'октября', 'ноября', 'декабря',
  // ti
  'ጥሪ', 'ለካቲት', 'መጋቢት', 'ሚያዝያ', 'ግንቦት', 'ሰነ', 'ሓምለ', 'ነሓሰ', 'መስከረም', 'ጥቅምቲ', 'ሕዳር', 'ታሕሳስ',
];

const BIRTH_WORDS = [
  'geboren', 'geboortedatum', 'geboortedag', 'geb.', 'verjaardag', 'jarig',
  'né', 'née', 'nés', 'nées', 'naissance', 'anniversaire',
  'born', 'birth', 'birthday', 'birthdate', 'date of birth', 'dob', 'd.o.b.',
  'ولدت', 'ولد', 'انولدت', 'مولود', 'مولودة', 'مواليد', 'ميلاد', 'الميلاد', 'ميلادي', 'تولدت',
  'doğdum', 'doğdu', 'doğum', 'doğumlu', 'doğum tarihim',
  'تولد', 'متولد', 'تولدم', 'به دنیا آمدم',
  'народився', 'народилася', 'народилась', 'народження', 'родился', 'родилась', 'рождения',
  'ተወሊደ', 'ዝተወለድኩ', 'ልደት', 'ልደተይ', 'ዕለተ ልደት', 'ዕለተ ልደተይ',
];

const MONTH = `(?:${alternatives(MONTHS)})`;

// ── numbers said in words (nl, fr, en) ──────────────────────────────────────────────────────────
const NL_UNITS = ['een', 'twee', 'drie', 'vier', 'vijf', 'zes', 'zeven', 'acht', 'negen'];
const NL_TENS = ['twintig', 'dertig', 'veertig', 'vijftig', 'zestig', 'zeventig', 'tachtig', 'negentig'];
const NL_1_99 = [...NL_UNITS, 'tien', 'elf', 'twaalf', 'dertien', 'veertien', 'vijftien', 'zestien', 'zeventien', 'achttien', 'negentien',
  ...NL_TENS, ...NL_UNITS.flatMap((u) => NL_TENS.map((t) => `${u}en${t}`))];
const NL_ORDINALS = ['eerste', 'tweede', 'derde', 'vierde', 'vijfde', 'zesde', 'zevende', 'achtste', 'negende', 'tiende', 'elfde', 'twaalfde',
  'dertiende', 'veertiende', 'vijftiende', 'zestiende', 'zeventiende', 'achttiende', 'negentiende', 'twintigste',
  ...NL_UNITS.map((u) => `${u}entwintigste`), 'dertigste', 'eenendertigste'];
const FR_1_99 = ['un', 'deux', 'trois', 'quatre', 'cinq', 'six', 'sept', 'huit', 'neuf', 'dix', 'onze', 'douze', 'treize', 'quatorze',
  'quinze', 'seize', 'vingt', 'trente', 'quarante', 'cinquante', 'soixante', 'septante', 'huitante', 'octante', 'nonante', 'quatre-vingt',
  'quatre-vingts', 'premier'];
const EN_1_99 = ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen', 'fourteen',
  'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety',
  'first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth', 'eleventh', 'twelfth', 'thirteenth',
  'fourteenth', 'fifteenth', 'sixteenth', 'seventeenth', 'eighteenth', 'nineteenth', 'twentieth', 'thirtieth'];
const SAID = `(?:${alternatives([...NL_1_99, ...NL_ORDINALS, ...FR_1_99, ...EN_1_99])})`;
/** A day in words: one to three number words ("eenentwintig", "twenty first", "vingt et un"). */
const DAY_SAID = String.raw`${START}${SAID}(?:[ -](?:et[ -])?${SAID}){0,2}`;
/** A year in words: "negentien vijfentachtig", "negentienhonderd vijfentachtig", "tweeduizend drie", "nineteen ninety", "mille neuf cent quatre-vingt-cinq". */
const YEAR_SAID = String.raw`(?:${alternatives(['negentienhonderd', 'negentien honderd', 'negentien', 'tweeduizend', 'nineteen', 'two thousand', 'twenty', 'mille neuf cent', 'mil neuf cent', 'deux mille'])})(?:[ -](?:en |and |et )?${SAID}){0,3}(?![\p{L}\p{M}])`;

const YEAR = String.raw`(?:\d{4}(?!\d)|'\d{2}(?!\d)|${YEAR_SAID})`;
const DAY = String.raw`(?:(?<!\d)(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th|er|ste|de|e|ème|eme|-?го|-?е)?\.?|${DAY_SAID})`;
const NUMERIC = String.raw`(?<![\d./-])(?:\d{1,2} ?[./-] ?\d{1,2} ?[./-] ?(?:\d{4}|\d{2})|\d{4} ?[./-] ?\d{1,2} ?[./-] ?\d{1,2})(?![\d])`;
const DAY_MONTH = String.raw`${DAY} {1,3}(?:of {1,3}|de {1,3}|من {1,3})?${MONTH}(?![\p{L}\p{M}])\.?(?:,? {1,3}${YEAR})?`;
const MONTH_DAY = String.raw`${START}${MONTH}\.? {1,3}(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?![\p{L}\p{N}])(?:,? {1,3}${YEAR})?`;

const DATE = new RegExp(`${NUMERIC}|${DAY_MONTH}|${MONTH_DAY}`, 'giu');
const BIRTH = new RegExp(`${START}و?(?:${alternatives(BIRTH_WORDS)})(?![\\p{L}\\p{M}])`, 'giu');

/** What may stand between a birth word and its date: a few words, no sentence end, no other number. */
function closeEnough(gap: string, maxWords: number): boolean {
  if (/[.!?؟;\n\d\uFFFC]/.test(gap)) return false;
  return (gap.match(/[\p{L}\p{M}]+/gu) ?? []).length <= maxWords;
}

export function findDatesOfBirth(view: string): Span[] {
  const births = [...view.matchAll(BIRTH)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
  if (births.length === 0) return [];
  const spans: Span[] = [];
  let next = 0; // the first birth word that does not end before the current date
  for (const m of view.matchAll(DATE)) {
    const start = m.index;
    const end = m.index + m[0].length;
    while (next < births.length && (births[next]?.end ?? 0) <= start) next++;
    const before = births[next - 1];
    let a = next;
    while (a < births.length && (births[a]?.start ?? 0) < end) a++;
    const after = births[a];
    const near = (before !== undefined && start - before.end <= 80 && closeEnough(view.slice(before.end, start), 5)) ||
      (after !== undefined && after.start - end <= 60 && closeEnough(view.slice(end, after.start), 3));
    if (near) {
      spans.push({ start, end });
    }
  }
  return spans;
}
