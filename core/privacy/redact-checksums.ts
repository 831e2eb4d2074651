/**
 * Check digits that tell a real account or register number from a run of digits: IBAN (ISO 13616, mod 97)
 * and the Belgian national register number (rijksregisternummer / numéro national, mod 97).
 */

/** IBAN length per country (SWIFT IBAN registry, plus countries whose banks print IBAN-shaped numbers). */
export const IBAN_LENGTHS: Readonly<Record<string, number>> = {
  AD: 24,
  AE: 23,
  AL: 28,
  AT: 20,
  AZ: 28,
  BA: 20,
  BE: 16,
  BG: 22,
  BH: 22,
  BI: 27,
  BR: 29,
  BY: 28,
  CH: 21,
  CR: 22,
  CY: 28,
  CZ: 24,
  DE: 22,
  DJ: 27,
  DK: 18,
  DO: 28,
  DZ: 26,
  EE: 20,
  EG: 29,
  ES: 24,
  FI: 18,
  FO: 18,
  FR: 27,
  GB: 22,
  GE: 22,
  GI: 23,
  GL: 18,
  GR: 27,
  GT: 28,
  HR: 21,
  HU: 28,
  IE: 22,
  IL: 23,
  IQ: 23,
  IR: 26,
  IS: 26,
  IT: 27,
  JO: 30,
  KW: 30,
  KZ: 20,
  LB: 28,
  LC: 32,
  LI: 21,
  LT: 20,
  LU: 20,
  LV: 21,
  LY: 25,
  MA: 28,
  MC: 27,
  MD: 24,
  ME: 22,
  MK: 19,
  MR: 27,
  MT: 31,
  MU: 30,
  NL: 18,
  NO: 15,
  PK: 24,
  PL: 28,
  PS: 29,
  PT: 25,
  QA: 29,
  RO: 24,
  RS: 22,
  SA: 24,
  SC: 31,
  SD: 18,
  SE: 24,
  SI: 19,
  SK: 24,
  SM: 27,
  SN: 28,
  ST: 25,
  SV: 28,
  TL: 23,
  TN: 24,
  TR: 26,
  UA: 29,
  VA: 22,
  VG: 24,
  XK: 20,
};

/** The remainder mod 97 of a string of digits and letters, letters counting A=10 … Z=35. */
export function mod97(alnum: string): number {
  let rest = 0;
  for (const ch of alnum.toUpperCase()) {
    const code = ch.charCodeAt(0);
    if (code >= 48 && code <= 57) rest = (rest * 10 + (code - 48)) % 97;
    else if (code >= 65 && code <= 90) rest = (rest * 100 + (code - 55)) % 97;
    else return -1;
  }
  return rest;
}

/** An IBAN without separators: known country, its length, digits as check digits, remainder 1. */
export function isValidIban(compact: string): boolean {
  const iban = compact.toUpperCase();
  const length = IBAN_LENGTHS[iban.slice(0, 2)];
  if (length === undefined || iban.length !== length || !/^[A-Z]{2}\d{2}[A-Z0-9]+$/.test(iban)) return false;
  return mod97(iban.slice(4) + iban.slice(0, 4)) === 1;
}

/** The two check digits that make `country + ?? + bban` a valid IBAN. */
export function ibanCheckDigits(country: string, bban: string): string {
  const rest = mod97(bban + country.toUpperCase() + '00');
  return String(98 - rest).padStart(2, '0');
}

/**
 * YYMMDD-SSS-CC: CC = 97 − (YYMMDDSSS mod 97), or for people born from 2000 on, 97 − (2YYMMDDSSS mod 97).
 * Month may be 0 (birth date unknown) or raised by 20/40 (bis numbers); day 0–31.
 */
export function isValidNationalNumber(digits: string): boolean {
  if (!/^\d{11}$/.test(digits)) return false;
  const month = Number(digits.slice(2, 4)) % 20;
  const day = Number(digits.slice(4, 6));
  if (Number(digits.slice(2, 4)) > 52 || month > 12 || day > 31) return false;
  const base = Number(digits.slice(0, 9));
  const check = Number(digits.slice(9));
  return 97 - (base % 97) === check || 97 - ((2_000_000_000 + base) % 97) === check;
}

/** The check digits of a national number (for the 2000+ variant when `from2000`). */
export function nationalNumberCheck(base9: string, from2000: boolean): string {
  const base = Number(base9) + (from2000 ? 2_000_000_000 : 0);
  return String(97 - (base % 97)).padStart(2, '0');
}
