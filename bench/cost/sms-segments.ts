/**
 * SMS segments of a text as a carrier counts them (3GPP TS 23.038): GSM-7 when every character is in the
 * default alphabet or its extension table (extension characters take two septets), 160 septets for one
 * segment and 153 per segment of a longer one; otherwise UCS-2, 70 UTF-16 code units for one segment and
 * 67 per segment (an emoji is two). No national shift tables: Twilio sends Turkish ğ, ş, ı as UCS-2.
 * Lower-case ç is not GSM-7 (only Ç is); é, è, à, ù, ì, ò, ä, ö, ü, ñ are.
 */
const BASIC = '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001BÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const EXTENSION = '^{}\\[~]|€\f';
const basic = new Set(BASIC);
const extension = new Set(EXTENSION);

export interface Segments {
  encoding: 'GSM-7' | 'UCS-2';
  /** Septets (GSM-7) or UTF-16 code units (UCS-2). */
  units: number;
  segments: number;
  /** The characters that forced UCS-2 (empty for GSM-7). */
  outside: string[];
}

export function smsSegments(text: string): Segments {
  const outside = [...new Set([...text].filter((c) => !basic.has(c) && !extension.has(c)))];
  if (outside.length === 0) {
    const units = [...text].reduce((n, c) => n + (extension.has(c) ? 2 : 1), 0);
    return { encoding: 'GSM-7', units, segments: units <= 160 ? 1 : Math.ceil(units / 153), outside };
  }
  const units = text.length; // UTF-16 code units
  return { encoding: 'UCS-2', units, segments: units <= 70 ? 1 : Math.ceil(units / 67), outside };
}
