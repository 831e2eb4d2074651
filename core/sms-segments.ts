/**
 * SMS parts ("segments") of a text as a carrier counts them (3GPP TS 23.038 and 23.040), the one counter
 * of the codebase: the participant texts' test, the dashboard's counters and the bench all use it.
 *
 * GSM-7 when every character is in the default alphabet or its extension table (an extension character
 * takes two septets, an escape and the character, which a part never splits); 160 septets for a message
 * of one part, 153 per part of a longer one (the rest of the 140 bytes carries the concatenation header).
 * Otherwise UCS-2: 70 UTF-16 code units for one part, 67 per part of a longer one; an emoji outside the
 * Basic Multilingual Plane is a surrogate pair (two units) that a part never splits. No national shift
 * tables: Twilio sends Turkish ğ, ş, ı as UCS-2. Lower-case ç, ê, ô, î, â, û are not GSM-7 (only Ç, é, è,
 * à, ù, ì, ò, ä, ö, ü, ñ are). Smart Encoding (a Twilio Messaging Service option that replaces curly quotes
 * and dashes) is not counted on: Stem replies to webhooks with TwiML, where the text goes as written.
 * Twilio's own calculator (npm `sms-segments-calculator`) counts the same way.
 */
const BASIC = '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001BÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const EXTENSION = '^{}\\[~]|€\f';
const basic = new Set(BASIC);
const extension = new Set(EXTENSION);

export type SmsEncoding = 'GSM-7' | 'UCS-2';

export interface SmsSegments {
  encoding: SmsEncoding;
  /** Septets (GSM-7) or UTF-16 code units (UCS-2). */
  units: number;
  /** Parts the message is sent and billed as (0 for an empty text). */
  segments: number;
  /** The characters that forced UCS-2 (empty for GSM-7), each once, in order of appearance. */
  outside: string[];
}

/** Whether a character is in GSM-7 (the default alphabet or its extension table). */
export const isGsm7 = (char: string): boolean => basic.has(char) || extension.has(char);

/**
 * Parts when characters of the given sizes are packed in order into parts of `single` units (one part)
 * or `multi` units (each part of a longer message), no character split between two parts.
 */
function parts(sizes: readonly number[], single: number, multi: number): number {
  const units = sizes.reduce((n, s) => n + s, 0);
  if (units === 0) return 0;
  if (units <= single) return 1;
  let count = 1;
  let used = 0;
  for (const size of sizes) {
    if (used + size > multi) {
      count++;
      used = 0;
    }
    used += size;
  }
  return count;
}

export function smsSegments(text: string): SmsSegments {
  const chars = [...text]; // code points: a surrogate pair stays whole
  const outside = [...new Set(chars.filter((c) => !isGsm7(c)))];
  if (outside.length === 0) {
    const sizes = chars.map((c) => (extension.has(c) ? 2 : 1));
    return { encoding: 'GSM-7', units: sizes.reduce((n, s) => n + s, 0), segments: parts(sizes, 160, 153), outside };
  }
  const sizes = chars.map((c) => c.length); // UTF-16 code units: 2 for a character outside the BMP
  return { encoding: 'UCS-2', units: text.length, segments: parts(sizes, 70, 67), outside };
}
