/** AAC in ADTS frames: 1024 samples per raw data block, frame after frame. */

const AAC_RATES = [96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350];

/** Length of the ADTS frame at `at`, or 0. Sync 0xFFF then layer 00 tells ADTS from MPEG audio. */
export function adtsLength(v: DataView, at: number): number {
  if (at + 7 > v.byteLength || (v.getUint16(at) & 0xfff6) !== 0xfff0) return 0;
  return ((v.getUint8(at + 3) & 3) << 11) | (v.getUint8(at + 4) << 3) | (v.getUint8(at + 5) >> 5);
}

export function adts(v: DataView, at: number): number {
  let seconds = 0;
  for (let length = adtsLength(v, at); length >= 7 && at + length <= v.byteLength; at += length, length = adtsLength(v, at)) {
    const rate = AAC_RATES[(v.getUint8(at + 2) >> 2) & 15] ?? 0;
    if (rate === 0) break;
    seconds += (1024 * ((v.getUint8(at + 6) & 3) + 1)) / rate; // 1024 samples per raw data block
  }
  return seconds;
}
