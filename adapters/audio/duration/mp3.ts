/** MPEG audio (MP3, and layers I and II): a Xing/Info or VBRI header, else every frame walked. */

import { ascii } from './bytes.js';

/** Skips ID3v2 tags (there may be several); the size is "syncsafe", 7 bits a byte. */
export function skipId3(v: DataView): number {
  let at = 0;
  while (ascii(v, at, 'ID3') && at + 10 <= v.byteLength) {
    const size = [6, 7, 8, 9].reduce((n, i) => n * 128 + (v.getUint8(at + i) & 0x7f), 0);
    at += 10 + size + (v.getUint8(at + 5) & 0x10 ? 10 : 0); // flag 0x10: a footer follows
  }
  return at;
}

// kbit/s by bitrate index: MPEG-1 layer I, II, III, then MPEG-2/2.5 layer I, and layers II and III.
const MPEG_KBPS = [
  [0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448],
  [0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384],
  [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
  [0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256],
  [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
];
// Sample rates by version bits: MPEG-2.5, reserved, MPEG-2, MPEG-1.
const MPEG_RATES = [[11025, 12000, 8000], [], [22050, 24000, 16000], [44100, 48000, 32000]];

/** `xing`: where a Xing/Info header would sit, just after the side information. */
type MpegFrame = { length: number; samples: number; rate: number; xing: number };

export function mpegFrame(v: DataView, at: number): MpegFrame | null {
  if (at + 4 > v.byteLength) return null;
  const h = v.getUint32(at);
  const version = (h >>> 19) & 3;
  const layer = 4 - ((h >>> 17) & 3); // bits 11, 10, 01 are layers I, II, III
  const mpeg1 = version === 3;
  const kbps = MPEG_KBPS[mpeg1 ? layer - 1 : Math.min(layer, 2) + 2]?.[(h >>> 12) & 15] ?? 0;
  const rate = MPEG_RATES[version]?.[(h >>> 10) & 3] ?? 0;
  // Free-format (bitrate 0) frames have no computable length; they are not worth supporting.
  if (h >>> 21 !== 0x7ff || layer === 4 || kbps === 0 || rate === 0) return null;
  const padding = (h >>> 9) & 1;
  const samples = layer === 1 ? 384 : layer === 3 && !mpeg1 ? 576 : 1152;
  const length = layer === 1 ? (Math.floor((12000 * kbps) / rate) + padding) * 4 : Math.floor((samples * 125 * kbps) / rate) + padding;
  const mono = ((h >>> 6) & 3) === 3;
  return { length, samples, rate, xing: 4 + (mpeg1 ? (mono ? 17 : 32) : mono ? 9 : 17) };
}

export function mp3(v: DataView, at: number): number | null {
  const first = mpegFrame(v, at);
  if (!first) return null;
  // A VBR header in the first frame counts the frames, so the file need not be walked.
  const xing = at + first.xing;
  if ((ascii(v, xing, 'Xing') || ascii(v, xing, 'Info')) && v.getUint32(xing + 4) & 1) return (v.getUint32(xing + 8) * first.samples) / first.rate;
  if (ascii(v, at + 36, 'VBRI')) return (v.getUint32(at + 50) * first.samples) / first.rate;
  let seconds = 0;
  // Stops at the first non-frame: an ID3v1/APE tag at the end, or a cut-off last frame.
  for (let frame: MpegFrame | null = first; frame && at + frame.length <= v.byteLength; frame = mpegFrame(v, at)) {
    seconds += frame.samples / frame.rate;
    at += frame.length;
  }
  return seconds;
}
