/** Ogg (Opus, Vorbis): the duration from the last page of the first logical stream. */

import { ascii } from './bytes.js';

/** The last page's granule position counts samples from the start, so only the tail needs reading. */
export function ogg(v: DataView): number | null {
  const serial = v.getUint32(14, true);
  const head = 27 + v.getUint8(26); // the first packet (after the segment table) is the codec's id header
  let rate: number;
  let preSkip = 0;
  if (ascii(v, head, 'OpusHead')) {
    rate = 48000; // Opus granules always count 48 kHz samples, whatever the input rate
    preSkip = v.getUint16(head + 10, true);
  } else if (ascii(v, head, '\x01vorbis')) rate = v.getUint32(head + 12, true);
  else return null;
  // Only pages of the first logical stream: a chained or multiplexed file has others.
  for (let at = v.byteLength - 27; at >= 0; at--) {
    if (!ascii(v, at, 'OggS') || v.getUint32(at + 14, true) !== serial) continue;
    const segments = v.getUint8(at + 26);
    let end = at + 27 + segments;
    for (let i = 0; i < segments && end <= v.byteLength; i++) end += v.getUint8(at + 27 + i);
    const granule = v.getBigInt64(at + 6, true);
    if (end > v.byteLength || granule < 0n) continue; // cut off (its packets never arrived), or -1: none ends here
    return rate > 0 ? Math.max(0, Number(granule) - preSkip) / rate : null;
  }
  return null;
}
