/**
 * The two containers a voice answer reaches the human queue in, read in TypeScript for the runtime
 * without ffmpeg: WAV (Twilio call recordings: PCM or G.711) and Ogg/Opus (WhatsApp voice notes, whose
 * packets opus-decoder then decodes); and 16-bit WAV written out. A malformed file throws.
 */

export class ContainerError extends Error {
  /** `unsupported`: a well-formed file in an encoding not read here; `damaged`: malformed or cut short. */
  constructor(
    message: string,
    readonly kind: 'damaged' | 'unsupported' = 'damaged',
  ) {
    super(message);
    this.name = 'ContainerError';
  }
}

const ascii = (b: Uint8Array, at: number, text: string): boolean => [...text].every((ch, i) => b[at + i] === ch.charCodeAt(0));

/** G.711 µ-law and A-law bytes to linear (ITU-T G.711). */
function ulaw(byte: number): number {
  const u = ~byte & 0xff;
  const t = (((u & 0x0f) << 3) + 0x84) << ((u & 0x70) >> 4);
  return (u & 0x80 ? 0x84 - t : t - 0x84) / 32768;
}
function alaw(byte: number): number {
  const a = byte ^ 0x55;
  const segment = (a & 0x70) >> 4;
  let t = (a & 0x0f) << 4;
  t = segment === 0 ? t + 8 : (t + 0x108) << (segment - 1);
  return (a & 0x80 ? t : -t) / 32768;
}

/** Sizes streaming writers put in a data chunk they cannot go back to (ffmpeg to a pipe, espeak-ng --stdout): the length is unknown. */
const UNKNOWN_SIZE = (size: number): boolean => size === 0 || size >= 0x7fff_0000;

/**
 * A WAV file's samples, mixed down to mono. `cut`: what to do with a data chunk shorter than its header
 * says — `read` what is there (a call recording still being written), or `reject` it (a staff upload cut
 * off in transit: half a question is worse than none). A length streaming writers leave unknown is read to the end.
 */
export function parseWav(bytes: Uint8Array, opts: { cut?: 'read' | 'reject' } = {}): { samples: Float32Array; rate: number } {
  try {
    return readWav(bytes, opts.cut ?? 'read');
  } catch (error) {
    // DataView throws RangeError past the end: a header cut off inside a chunk.
    if (error instanceof RangeError) throw new ContainerError('the WAV file is cut off inside its header');
    throw error;
  }
}

function readWav(bytes: Uint8Array, cut: 'read' | 'reject'): { samples: Float32Array; rate: number } {
  if (bytes.length < 12 || !ascii(bytes, 0, 'RIFF') || !ascii(bytes, 8, 'WAVE')) throw new ContainerError('not a RIFF/WAVE file');
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let format: { tag: number; channels: number; rate: number; bits: number } | null = null;
  for (let at = 12; at + 8 <= bytes.length; ) {
    const size = v.getUint32(at + 4, true);
    const body = at + 8;
    if (ascii(bytes, at, 'fmt ') && size >= 16) {
      let tag = v.getUint16(body, true);
      // WAVE_FORMAT_EXTENSIBLE: the real format is the first two bytes of the sub-format GUID.
      if (tag === 0xfffe && size >= 40) tag = v.getUint16(body + 24, true);
      format = { tag, channels: v.getUint16(body + 2, true), rate: v.getUint32(body + 4, true), bits: v.getUint16(body + 14, true) };
    } else if (ascii(bytes, at, 'data')) {
      if (!format || format.channels < 1 || format.rate < 1000) throw new ContainerError('a WAV data chunk without a usable format');
      if (cut === 'reject' && !UNKNOWN_SIZE(size) && body + size > bytes.length)
        throw new ContainerError(`the WAV file is cut short: its data chunk says ${size} bytes, ${bytes.length - body} are there`);
      // A recording still being written may say 0 or more than there is: read what is there.
      const end = size === 0 || body + size > bytes.length ? bytes.length : body + size;
      return { samples: wavSamples(v, body, end, format), rate: format.rate };
    }
    at = body + size + (size % 2);
  }
  throw new ContainerError('a WAV file without audio data');
}

function wavSamples(v: DataView, start: number, end: number, f: { tag: number; channels: number; bits: number }): Float32Array {
  const width = f.tag === 6 || f.tag === 7 ? 1 : f.bits / 8;
  const read: ((at: number) => number) | null =
    f.tag === 7
      ? (at) => ulaw(v.getUint8(at))
      : f.tag === 6
        ? (at) => alaw(v.getUint8(at))
        : f.tag === 3 && f.bits === 32
          ? (at) => v.getFloat32(at, true)
          : f.tag !== 1
            ? null
            : f.bits === 8
              ? (at) => (v.getUint8(at) - 128) / 128
              : f.bits === 16
                ? (at) => v.getInt16(at, true) / 32768
                : f.bits === 24
                  ? (at) => (v.getUint8(at) | (v.getUint8(at + 1) << 8) | (v.getInt8(at + 2) << 16)) / 8388608
                  : f.bits === 32
                    ? (at) => v.getInt32(at, true) / 2147483648
                    : null;
  if (!read || !Number.isInteger(width) || width < 1) throw new ContainerError(`WAV format ${f.tag} with ${f.bits} bits is not supported`, 'unsupported');
  const frameBytes = width * f.channels;
  const frames = Math.floor((end - start) / frameBytes);
  const out = new Float32Array(frames);
  for (let n = 0; n < frames; n++) {
    let sum = 0;
    for (let c = 0; c < f.channels; c++) sum += read(start + n * frameBytes + c * width);
    out[n] = sum / f.channels;
  }
  return out;
}

/** Mono 16-bit PCM WAV. */
export function encodeWav(samples: Float32Array, rate: number): Uint8Array {
  const bytes = new Uint8Array(44 + samples.length * 2);
  const v = new DataView(bytes.buffer);
  const text = (at: number, s: string) => [...s].forEach((ch, i) => v.setUint8(at + i, ch.charCodeAt(0)));
  text(0, 'RIFF');
  v.setUint32(4, 36 + samples.length * 2, true);
  text(8, 'WAVE');
  text(12, 'fmt ');
  v.setUint32(16, 16, true);
  v.setUint16(20, 1, true);
  v.setUint16(22, 1, true);
  v.setUint32(24, rate, true);
  v.setUint32(28, rate * 2, true);
  v.setUint16(32, 2, true);
  v.setUint16(34, 16, true);
  text(36, 'data');
  v.setUint32(40, samples.length * 2, true);
  for (let i = 0; i < samples.length; i++) v.setInt16(44 + i * 2, Math.round(Math.max(-1, Math.min(1, samples[i]!)) * 32767), true);
  return bytes;
}

export interface OggOpus {
  channels: number;
  /** Samples (at 48 kHz) the decoder must drop at the start (RFC 7845). */
  preSkip: number;
  packets: Uint8Array[];
}

/** The Opus packets of the first logical stream of an Ogg file (RFC 7845: OpusHead, OpusTags, then audio). */
export function oggOpusPackets(bytes: Uint8Array): OggOpus {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const packets: Uint8Array[] = [];
  let pending: Uint8Array[] = [];
  let serial: number | null = null;
  for (let at = 0; at + 27 <= bytes.length; ) {
    if (!ascii(bytes, at, 'OggS')) throw new ContainerError('an Ogg page does not start with "OggS"');
    const segments = v.getUint8(at + 26);
    const table = at + 27;
    if (table + segments > bytes.length) throw new ContainerError('a truncated Ogg page');
    const pageSerial = v.getUint32(at + 14, true);
    serial ??= pageSerial;
    let body = table + segments;
    for (let s = 0; s < segments; s++) {
      const length = v.getUint8(table + s);
      if (body + length > bytes.length) throw new ContainerError('a truncated Ogg page');
      if (pageSerial === serial) pending.push(bytes.subarray(body, body + length));
      body += length;
      // A lacing value under 255 ends a packet.
      if (length < 255 && pageSerial === serial) {
        const size = pending.reduce((n, p) => n + p.length, 0);
        const packet = new Uint8Array(size);
        let o = 0;
        for (const part of pending) {
          packet.set(part, o);
          o += part.length;
        }
        packets.push(packet);
        pending = [];
      }
    }
    at = body;
  }
  const head = packets[0];
  if (!head || head.length < 19 || !ascii(head, 0, 'OpusHead')) throw new ContainerError('an Ogg file without an OpusHead (not Opus)');
  const channels = head[9]!;
  const preSkip = head[10]! | (head[11]! << 8);
  // Mapping family 0 (mono, stereo) is what voice notes use; more channels need a table we do not read.
  if (head[18] !== 0 || channels < 1 || channels > 2) throw new ContainerError('Opus with more than two channels is not supported');
  return { channels, preSkip, packets: packets.slice(2) };
}
