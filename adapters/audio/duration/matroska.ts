/** WebM and Matroska (EBML): the Info's Duration, else the start of the last block. */

import { uint } from './bytes.js';

const EBML_CLUSTER = 0x1f43b675;
// Masters we step into instead of over (Segment, Info, Cluster, BlockGroup). Walking them flat means an
// unknown-size Segment or Cluster (live recordings, browser MediaRecorder) never needs its end.
const EBML_DESCEND = new Set([0x18538067, 0x1549a966, EBML_CLUSTER, 0xa0]);

/** An EBML variable-length integer; `unknown`: all value bits set, the "size unknown" marker. */
function vint(v: DataView, at: number, keepMarker: boolean): { len: number; value: number; unknown: boolean } | null {
  const first = v.getUint8(at);
  const len = Math.clz32(first) - 23; // the leading zeros of the first byte give the length
  if (len > 8 || at + len > v.byteLength) return null;
  const mask = 0xff >> len;
  let value = keepMarker ? first : first & mask;
  let unknown = (first & mask) === mask;
  for (let i = 1; i < len; i++) {
    const byte = v.getUint8(at + i);
    value = value * 256 + byte;
    unknown &&= byte === 0xff;
  }
  return { len, value, unknown };
}

export function matroska(v: DataView): number | null {
  let scale = 1_000_000; // TimecodeScale default: timestamps in ms
  let duration: number | null = null;
  let cluster = 0;
  let lastBlock = -1;
  for (let at = 0; at < v.byteLength; ) {
    const id = vint(v, at, true);
    const size = id && vint(v, at + id.len, false);
    if (!id || !size) break;
    const body = at + id.len + size.len;
    if (EBML_DESCEND.has(id.value)) {
      if (id.value === EBML_CLUSTER && duration !== null) break; // Info came first and had it all
      at = body;
      continue;
    }
    if (size.unknown || body + size.value > v.byteLength) break; // cannot step over it: stop with what we have
    if (id.value === 0x2ad7b1)
      scale = uint(v, body, size.value); // TimecodeScale
    else if (id.value === 0x4489 && (size.value === 4 || size.value === 8)) duration = size.value === 4 ? v.getFloat32(body) : v.getFloat64(body);
    else if (id.value === 0xe7)
      cluster = uint(v, body, size.value); // the Cluster's Timecode
    else if (id.value === 0xa3 || id.value === 0xa1) {
      // SimpleBlock / Block: track number (vint), then a signed 16-bit timecode relative to the Cluster.
      const track = vint(v, body, false);
      if (track && track.len + 2 <= size.value) lastBlock = Math.max(lastBlock, cluster + v.getInt16(body + track.len));
    }
    at = body + size.value;
  }
  // No Duration (MediaRecorder never writes one): the last block's start is a lower bound short by one frame.
  const units = duration ?? (lastBlock >= 0 ? lastBlock : null);
  return units === null ? null : (units * scale) / 1e9;
}
