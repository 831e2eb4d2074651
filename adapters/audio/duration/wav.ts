/** WAV: the data chunk's length over the byte rate. */

import { ascii } from './bytes.js';

export function wav(v: DataView): number | null {
  let byteRate = 0;
  let data = -1;
  for (let at = 12; at + 8 <= v.byteLength && (byteRate === 0 || data < 0); ) {
    const size = v.getUint32(at + 4, true);
    const body = at + 8;
    if (ascii(v, at, 'fmt ')) byteRate = v.getUint32(body + 8, true);
    // Streaming writers leave 0xFFFFFFFF (or a size never patched): then the data runs to the end.
    if (ascii(v, at, 'data')) data = Math.min(size, v.byteLength - body);
    at = body + size + (size & 1); // chunks are padded to an even length
  }
  return byteRate > 0 && data >= 0 ? data / byteRate : null;
}
