/**
 * Input normalization: what a participant types, in whatever script or keyboard, made comparable.
 * Pure and total: every string in gives a string out.
 */

const DIGIT_BLOCKS = [
  0x0660, // Arabic-Indic ٠-٩
  0x06f0, // Extended Arabic-Indic (Persian, Urdu) ۰-۹
  0x0966, // Devanagari
  0x09e6, // Bengali
  0xff10, // full-width ０-９
];

/** Ethiopic numerals ፩–፱ and ፲ (10) are not decimal digits; Tigrinya speakers may still type them. */
const ETHIOPIC: Record<string, string> = { '፩': '1', '፪': '2', '፫': '3', '፬': '4', '፭': '5', '፮': '6', '፯': '7', '፰': '8', '፱': '9', '፲': '10' };

/** Emoji a participant may send instead of a number or a word. Faces follow the 1–5 scale shown to them. */
const EMOJI: Array<[RegExp, string]> = [
  [/[\u{1F622}\u{1F62D}\u{1F61E}\u{1F629}\u{1F62B}\u{2639}]/gu, ' 1 '], // 😢 😭 😞 😩 😫 ☹
  [/[\u{1F641}\u{1F615}\u{1F61F}\u{1F614}]/gu, ' 2 '], // 🙁 😕 😟 😔
  [/[\u{1F610}\u{1F611}\u{1F636}]/gu, ' 3 '], // 😐 😑 😶
  [/[\u{1F642}\u{263A}\u{1F60A}]/gu, ' 4 '], // 🙂 ☺ 😊
  [/[\u{1F604}\u{1F601}\u{1F600}\u{1F603}\u{1F60D}\u{1F929}\u{1F973}]/gu, ' 5 '], // 😄 😁 😀 😃 😍 🤩 🥳
  [/[\u{1F44D}\u{2705}\u{2714}\u{1F44C}]/gu, ' yes '], // 👍 ✅ ✔ 👌
  [/[\u{1F44E}\u{274C}\u{2716}\u{1F6AB}]/gu, ' no '], // 👎 ❌ ✖ 🚫
  [/\u{1F51F}/gu, ' 10 '], // 🔟
];

export const SCALE_FACES = ['😞', '🙁', '😐', '🙂', '😄'] as const;

function foldDigits(s: string): string {
  let out = '';
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    const block = DIGIT_BLOCKS.find((b) => cp >= b && cp <= b + 9);
    out += block === undefined ? (ETHIOPIC[ch] ?? ch) : String(cp - block);
  }
  return out;
}

/**
 * Lowercase, fold digits and emoji, strip diacritics and Arabic vowel marks, unify Arabic/Persian letter
 * variants, collapse punctuation and space. Keeps letters of every script.
 */
export function normalizeText(input: string): string {
  let s = input.normalize('NFKC');
  // Keycap digits (1️⃣) are digit + U+FE0F + U+20E3: drop the modifiers so the digit remains.
  s = s.replace(/[\uFE0E\uFE0F\u20E3\u200B-\u200F\u2066-\u2069\u202A-\u202E\u0640]/g, '');
  s = s.replace(/[\u{1F3FB}-\u{1F3FF}]/gu, ''); // skin tones
  for (const [re, word] of EMOJI) s = s.replace(re, word);
  s = foldDigits(s);
  s = s.toLowerCase();
  // NFD then drop combining marks: é→e, ü→u, Turkish İ→i, Arabic harakat and shadda gone.
  s = s.normalize('NFD').replace(/\p{M}/gu, '').normalize('NFC');
  s = s
    .replace(/[يى]/g, 'ی') // Arabic yeh / alef maksura → Persian yeh: one spelling for matching
    .replace(/ك/g, 'ک')
    .replace(/[أإآٱ]/g, 'ا')
    .replace(/ة/g, 'ه')
    .replace(/ı/g, 'i') // Turkish dotless i: "YARDIM" typed on any keyboard
    .replace(/[’‘`´ʼ]/g, "'")
    .replace(/[؟¿]/g, '?'); // Arabic / Spanish question marks: a lone "?" means "don't know"
  // Punctuation becomes space, except ' (don't), ? (a lone "?" means "don't know") and - inside numbers.
  s = s.replace(/[^\p{L}\p{N}\s'?+-]/gu, ' ');
  s = s.replace(/\s+/g, ' ').trim();
  return s;
}

/** The first whole number in a normalized string, if the string is (nearly) only that number. */
export function readInteger(normalized: string): number | undefined {
  const m = /^(?:nr|n°|#)?\s*(-?\d{1,9})\s*[.)]?$/.exec(normalized);
  return m?.[1] === undefined ? undefined : Number.parseInt(m[1], 10);
}
