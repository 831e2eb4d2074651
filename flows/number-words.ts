import { normalizeText } from './normalize.js';

/**
 * Number words participants type instead of digits ("twee", "deux", "اثنان"). Index = value.
 * Several spellings per number where people commonly vary (with/without hamza, ta marbuta, accents).
 */
const WORDS: Record<string, ReadonlyArray<string | readonly string[]>> = {
  en: [
    'zero',
    'one',
    'two',
    'three',
    'four',
    'five',
    'six',
    'seven',
    'eight',
    'nine',
    'ten',
    'eleven',
    'twelve',
    'thirteen',
    'fourteen',
    'fifteen',
    'sixteen',
    'seventeen',
    'eighteen',
    'nineteen',
    'twenty',
  ],
  nl: [
    'nul',
    ['een', 'één', 'eén'],
    'twee',
    'drie',
    'vier',
    'vijf',
    'zes',
    'zeven',
    'acht',
    'negen',
    'tien',
    'elf',
    'twaalf',
    'dertien',
    'veertien',
    'vijftien',
    'zestien',
    'zeventien',
    'achttien',
    'negentien',
    'twintig',
  ],
  fr: [
    'zéro',
    ['un', 'une'],
    'deux',
    'trois',
    'quatre',
    'cinq',
    'six',
    'sept',
    'huit',
    'neuf',
    'dix',
    'onze',
    'douze',
    'treize',
    'quatorze',
    'quinze',
    'seize',
    ['dix-sept', 'dix sept'],
    ['dix-huit', 'dix huit'],
    ['dix-neuf', 'dix neuf'],
    'vingt',
  ],
  ar: [
    ['صفر'],
    ['واحد', 'واحدة'],
    ['اثنان', 'اثنين', 'إثنان', 'اتنين', 'ثنين'],
    ['ثلاثة', 'ثلاث', 'تلاتة'],
    ['أربعة', 'اربعة', 'أربع', 'اربعه'],
    ['خمسة', 'خمس', 'خمسه'],
    ['ستة', 'ست', 'سته'],
    ['سبعة', 'سبع', 'سبعه'],
    ['ثمانية', 'ثمان', 'ثمانيه', 'تمانية'],
    ['تسعة', 'تسع', 'تسعه'],
    ['عشرة', 'عشر', 'عشره'],
  ],
  tr: ['sıfır', 'bir', 'iki', 'üç', 'dört', 'beş', 'altı', 'yedi', 'sekiz', 'dokuz', 'on'],
  fa: ['صفر', ['یک', 'یه'], 'دو', 'سه', 'چهار', 'پنج', 'شش', 'هفت', 'هشت', 'نه', 'ده'],
  uk: ['нуль', ['один', 'одна', 'одне'], ['два', 'дві'], 'три', 'чотири', ["п'ять", 'пять', 'пʼять'], 'шість', 'сім', 'вісім', "дев'ять", 'десять'],
  ti: ['ባዶ', 'ሓደ', 'ክልተ', 'ሰለስተ', 'ኣርባዕተ', 'ሓሙሽተ', 'ሽዱሽተ', 'ሸውዓተ', 'ሸሞንተ', 'ትሽዓተ', 'ዓሰርተ'],
};

/**
 * Words that mean something else too are left out: Turkish "on" (10) is English "on"; Persian "نه" is both
 * "nine" and "no" once vowel marks are stripped, and "no" matters more.
 */
const AMBIGUOUS = new Set(['on', normalizeText('نه')]);

const LOOKUP: ReadonlyMap<string, number> = (() => {
  const map = new Map<string, number>();
  for (const list of Object.values(WORDS)) {
    list.forEach((entry, value) => {
      for (const word of typeof entry === 'string' ? [entry] : entry) {
        const key = normalizeText(word);
        if (!AMBIGUOUS.has(key) && !map.has(key)) map.set(key, value);
      }
    });
  }
  return map;
})();

/** The number a normalized word stands for, in any supported language. */
export function numberFromWord(normalized: string): number | undefined {
  return LOOKUP.get(normalized);
}
