/**
 * Phone numbers as staff type them in a spreadsheet → E.164. Belgian national forms are the default
 * ("0470 12 34 56", "0470/12.34.56", "02 555 01 00"); "0032…" and "+…" are international.
 */
export function toE164(input: string, defaultCountry = '32'): string | undefined {
  const compact = input.trim().replace(/[\s./()\-\u00a0]/g, '');
  let digits: string;
  if (/^\+\d+$/.test(compact)) digits = compact.slice(1);
  else if (/^00\d+$/.test(compact)) digits = compact.slice(2);
  else if (/^0\d+$/.test(compact)) digits = defaultCountry + compact.slice(1);
  else return undefined;
  if (!/^[1-9]\d{7,14}$/.test(digits)) return undefined;
  // Belgium: 8 digits after 32 for landlines (02 555 01 00), 9 for mobiles (0470 12 34 56).
  if (digits.startsWith('32') && !/^32\d{8,9}$/.test(digits)) return undefined;
  return `+${digits}`;
}

/** "+32 470 •• •• 56": enough for staff to recognise a row, not enough to call anyone. */
export function maskPhone(e164: string): string {
  return `${e164.slice(0, 3)} ${e164.slice(3, 6)} •• •• ${e164.slice(-2)}`;
}
