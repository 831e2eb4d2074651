/** MP4, M4A, 3GP (ISO base media file format): the movie header, or the fragments' sample durations. */

import { uint } from './bytes.js';

type Box = { type: string; body: number; end: number };

/** The sibling boxes in [at, end); stops at a size that would stand still or step backwards. */
function* boxes(v: DataView, at: number, end: number): Generator<Box> {
  while (at + 8 <= end) {
    let size = v.getUint32(at);
    let header = 8;
    if (size === 1)
      [size, header] = [uint(v, at + 8, 8), 16]; // a 64-bit size follows the type
    else if (size === 0) size = end - at; // the box runs to the end of its parent
    if (size < header) return;
    yield {
      type: String.fromCharCode(v.getUint8(at + 4), v.getUint8(at + 5), v.getUint8(at + 6), v.getUint8(at + 7)),
      body: at + header,
      end: Math.min(at + size, end),
    };
    at += size;
  }
}

function box(v: DataView, parent: Box | null, type: string): Box | null {
  for (const child of parent ? boxes(v, parent.body, parent.end) : []) if (child.type === type) return child;
  return null;
}

/** Timescale and duration of an mvhd or mdhd (same layout up to there; version 1 has 64-bit times). */
function header(v: DataView, at: number): { scale: number; duration: number } {
  const long = v.getUint8(at) === 1;
  const duration = uint(v, at + (long ? 24 : 16), long ? 8 : 4);
  return { scale: v.getUint32(at + (long ? 20 : 12)), duration: duration === (long ? 2 ** 64 : 2 ** 32 - 1) ? Number.NaN : duration }; // all ones: unknown
}

export function mp4(v: DataView): number | null {
  const file = { type: '', body: 0, end: v.byteLength };
  const moov = box(v, file, 'moov'); // often after the media data: boxes() steps over mdat
  const mvhd = box(v, moov, 'mvhd');
  if (!mvhd) return null;
  const { scale, duration } = header(v, mvhd.body);
  if (duration > 0) return scale > 0 ? duration / scale : null;
  // Fragmented (Safari's MediaRecorder, live streams): mvhd is empty and the fragments tell.
  const mvex = box(v, moov, 'mvex');
  const mehd = box(v, mvex, 'mehd');
  if (mehd) return scale > 0 ? uint(v, mehd.body + 4, v.getUint8(mehd.body) === 1 ? 8 : 4) / scale : null;
  // No mvex: an empty (or cut-off) moov, which says nothing.
  return mvex ? fragments(v, file, box(v, mvex, 'trex'), box(v, box(v, box(v, moov, 'trak'), 'mdia'), 'mdhd')) : null;
}

/** Sums the sample durations of every track run of the first track, in that track's timescale. */
function fragments(v: DataView, file: Box, trex: Box | null, mdhd: Box | null): number | null {
  const scale = mdhd ? header(v, mdhd.body).scale : 0;
  let ticks = 0;
  for (const moof of boxes(v, file.body, file.end)) {
    const traf = moof.type === 'moof' ? box(v, moof, 'traf') : null;
    const tfhd = box(v, traf, 'tfhd');
    if (!traf || !tfhd) continue;
    // tfhd optional fields in flag order: base data offset (8 bytes), description index (4), duration.
    const flags = v.getUint32(tfhd.body) & 0xffffff;
    const fallback = flags & 8 ? v.getUint32(tfhd.body + 8 + (flags & 1 ? 8 : 0) + (flags & 2 ? 4 : 0)) : trex ? v.getUint32(trex.body + 12) : 0;
    for (const trun of boxes(v, traf.body, traf.end)) {
      if (trun.type !== 'trun') continue;
      const runFlags = v.getUint32(trun.body) & 0xffffff;
      const count = v.getUint32(trun.body + 4);
      if (!(runFlags & 0x100)) ticks += count * fallback;
      // Per sample: duration, size, flags, composition offset, 4 bytes each when present.
      const stride = 4 * [0x100, 0x200, 0x400, 0x800].filter((bit) => runFlags & bit).length;
      let at = trun.body + 8 + (runFlags & 1 ? 4 : 0) + (runFlags & 4 ? 4 : 0);
      for (let i = 0; runFlags & 0x100 && i < count && at + 4 <= trun.end; i++, at += stride) ticks += v.getUint32(at);
    }
  }
  return scale > 0 ? ticks / scale : null;
}
