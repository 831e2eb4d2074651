/** Reads shared by the container parsers. DataView throws past the end; audio-duration.ts turns that into null. */

export function ascii(v: DataView, at: number, text: string): boolean {
  if (at < 0 || at + text.length > v.byteLength) return false;
  for (let i = 0; i < text.length; i++) if (v.getUint8(at + i) !== text.charCodeAt(i)) return false;
  return true;
}

/** Big-endian unsigned integer of n bytes (n <= 8); doubles keep it exact up to 2^53. */
export function uint(v: DataView, at: number, n: number): number {
  if (n > 8) return Number.NaN;
  let value = 0;
  for (let i = 0; i < n; i++) value = value * 256 + v.getUint8(at + i);
  return value;
}
