import { adts, adtsLength } from './duration/adts.js';
import { AMR_NB_FRAME_BYTES, AMR_WB_FRAME_BYTES, amr } from './duration/amr.js';
import { ascii } from './duration/bytes.js';
import { matroska } from './duration/matroska.js';
import { mp3, mpegFrame, skipId3 } from './duration/mp3.js';
import { mp4 } from './duration/mp4.js';
import { ogg } from './duration/ogg.js';
import { wav } from './duration/wav.js';

/**
 * The AudioDuration port (core/voice/ports.ts): how long a recording is, read from its container headers
 * alone, inside a Lambda that has no ffmpeg. Core decides what is too long; this only reads. One file per
 * container under duration/. Pure parsing (DataView), no I/O.
 * DataView throws on any read past the end and the one catch below makes that null; frame walks check
 * their own bounds so a cut-off file still yields what it holds. Every loop only moves forward.
 */

/** Seconds of audio, read from the container; null when the format is not recognised or the file is malformed/truncated. */
export function audioDurationSeconds(bytes: Uint8Array, contentType: string): number | null {
  let seconds: number | null;
  try {
    seconds = sniff(new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), contentType.toLowerCase());
  } catch {
    return null; // a read past the end: truncated or malformed
  }
  return seconds !== null && Number.isFinite(seconds) && seconds >= 0 ? seconds : null;
}

/** Magic bytes decide; the content type is only a hint for frame-based formats that may start with junk. */
function sniff(v: DataView, type: string): number | null {
  if (ascii(v, 0, 'OggS')) return ogg(v);
  if (ascii(v, 0, 'RIFF') && ascii(v, 8, 'WAVE')) return wav(v);
  if (ascii(v, 0, '#!AMR-WB\n')) return amr(v, 9, AMR_WB_FRAME_BYTES);
  if (ascii(v, 0, '#!AMR\n')) return amr(v, 6, AMR_NB_FRAME_BYTES);
  if (ascii(v, 4, 'ftyp')) return mp4(v);
  if (v.byteLength >= 4 && v.getUint32(0) === 0x1a45dfa3) return matroska(v);
  const start = skipId3(v);
  if (adtsLength(v, start) > 0) return adts(v, start);
  if (mpegFrame(v, start)) return mp3(v, start);
  // No magic: the content type says which sync word to hunt for past leading junk. Two frames in a
  // row, so a stray sync pattern in the junk is not taken for a frame.
  const aac = /aac/.test(type);
  if (!aac && !/mpeg|mp3/.test(type)) return null;
  const frame = (at: number): number => (aac ? adtsLength(v, at) : (mpegFrame(v, at)?.length ?? 0));
  for (let at = start, end = Math.min(v.byteLength, start + 65536); at < end; at++) {
    const length = frame(at);
    if (length > 0 && frame(at + length) > 0) return aac ? adts(v, at) : mp3(v, at);
  }
  return null;
}
