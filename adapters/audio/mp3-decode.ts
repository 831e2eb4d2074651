import { MPEGDecoder } from 'mpg123-decoder';
import { mpegFrame, skipId3 } from './duration/mp3.js';
import { TranscodeError } from '../../core/voice-notes/transcode-error.js';

/** Bytes handed to mpg123 at a time: its own input buffer is 64 KiB, and the length check runs between chunks. */
const CHUNK = 64 * 1024;

/**
 * An MP3 (or MPEG layer I/II) file's audio, mixed down to mono, with mpg123 compiled to WebAssembly
 * (mpg123-decoder: the wasm is inlined in its JavaScript, so a bundle needs no file beside it). Fed in
 * chunks so that a small file that unpacks to hours stops as soon as it passes `maxSeconds` (a 16 MB MP3
 * at 32 kbit/s is over an hour, 1.4 GB as float samples). Gapless: the encoder's delay and padding named
 * in a LAME/Xing header are trimmed. A stream that changes its sample rate midway (never a recording
 * made in one go) would come out at its last rate.
 */
export async function decodeMp3(bytes: Uint8Array, maxSeconds: number): Promise<{ samples: Float32Array; rate: number }> {
  const decoder = new MPEGDecoder();
  await decoder.ready;
  try {
    const parts: Float32Array[] = [];
    let total = 0;
    let rate = 0;
    for (let at = 0; at < bytes.length; at += CHUNK) {
      const { channelData, samplesDecoded, sampleRate } = decoder.decode(bytes.subarray(at, at + CHUNK));
      if (samplesDecoded === 0) continue;
      rate = sampleRate;
      parts.push(mono(channelData, samplesDecoded));
      total += samplesDecoded;
      if (total > maxSeconds * rate) throw new TranscodeError(`the MP3 is longer than ${maxSeconds} seconds`, 'too-long');
    }
    if (total === 0 || rate === 0) throw new TranscodeError('the MP3 holds no audio mpg123 can decode', 'damaged');
    const samples = new Float32Array(total);
    let o = 0;
    for (const part of parts) {
      samples.set(part, o);
      o += part.length;
    }
    return { samples, rate };
  } finally {
    decoder.free();
  }
}

/** mpg123 always hands out two channels (a mono file twice): their mean. */
function mono(channels: Float32Array[], length: number): Float32Array {
  const [left, right] = channels;
  const out = new Float32Array(length);
  if (!left) return out;
  for (let i = 0; i < length; i++) out[i] = right ? ((left[i] ?? 0) + (right[i] ?? 0)) / 2 : (left[i] ?? 0);
  return out;
}

/** How far past the tags a file sent as MP3 may start with junk (as the upload's check, adapters/audio/audio-duration.ts). */
const HUNT = 64 * 1024;

/**
 * Where the MPEG frames start (after ID3v2 tags): a frame header, and the next frame right after it (or
 * the end of the file). `hunt` (the file was sent as MP3): the first such pair within 64 KB, past junk
 * some recorders leave before the audio. Null: not MP3.
 */
export function mp3Start(bytes: Uint8Array, hunt = false): number | null {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let start: number;
  try {
    start = skipId3(v);
  } catch {
    return null; // an ID3 tag cut off: DataView read past the end
  }
  const framesAt = (at: number): boolean => {
    const first = mpegFrame(v, at);
    return first !== null && (at + first.length >= bytes.length || mpegFrame(v, at + first.length) !== null);
  };
  for (let at = start, end = hunt ? Math.min(bytes.length, start + HUNT) : start + 1; at < end; at++) if (framesAt(at)) return at;
  return null;
}

/** Frames walked from `start`: true when the walk ends in a frame header whose frame runs past the end (a file cut off in transit). */
export function mp3CutShort(bytes: Uint8Array, start: number): boolean {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = start;
  for (let frame = mpegFrame(v, at); frame; frame = mpegFrame(v, at)) {
    if (at + frame.length > bytes.length) return true;
    at += frame.length;
  }
  return false;
}
