/**
 * The calendar day of an instant where the service runs (Belgium): an answer at 00:30 in Brussels is
 * that day's answer, not the previous day's as its UTC date would say. Days only, never times.
 */
export const SERVICE_TIME_ZONE = 'Europe/Brussels';

const format = new Intl.DateTimeFormat('en-CA', { timeZone: SERVICE_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

export function serviceDay(instant: Date): string {
  return format.format(instant); // en-CA formats as YYYY-MM-DD
}
