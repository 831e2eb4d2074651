/** AMR narrow- and wideband (RFC 4867 storage format): 20 ms a frame. */

// Frame bytes including the 1-byte header, by frame type (RFC 4867 §5.3); the short ones are SID,
// reserved and NO_DATA frames, which still stand for 20 ms each.
export const AMR_NB_FRAME_BYTES = [13, 14, 16, 18, 20, 21, 27, 32, 6, 1, 1, 1, 1, 1, 1, 1];
export const AMR_WB_FRAME_BYTES = [18, 24, 33, 37, 41, 47, 51, 59, 61, 6, 1, 1, 1, 1, 1, 1];

export function amr(v: DataView, at: number, frameBytes: readonly number[]): number {
  let frames = 0;
  while (at < v.byteLength) {
    const size = frameBytes[(v.getUint8(at) >> 3) & 15] ?? 1;
    if (at + size > v.byteLength) break; // a cut-off last frame
    at += size;
    frames++;
  }
  return frames * 0.02;
}
