/**
 * How long a voice note is, read from its container headers alone: Stem refuses notes over the limit
 * before paying for a transcription, inside a Lambda that has no ffmpeg. Pure parsing (DataView), no I/O.
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

function ascii(v: DataView, at: number, text: string): boolean {
  if (at < 0 || at + text.length > v.byteLength) return false;
  for (let i = 0; i < text.length; i++) if (v.getUint8(at + i) !== text.charCodeAt(i)) return false;
  return true;
}

/** Big-endian unsigned integer of n bytes (n <= 8); doubles keep it exact up to 2^53. */
function uint(v: DataView, at: number, n: number): number {
  if (n > 8) return Number.NaN;
  let value = 0;
  for (let i = 0; i < n; i++) value = value * 256 + v.getUint8(at + i);
  return value;
}

// --- Ogg (Opus, Vorbis) ---------------------------------------------------------------------------

/** The last page's granule position counts samples from the start, so only the tail needs reading. */
function ogg(v: DataView): number | null {
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

// --- WAV --------------------------------------------------------------------------------------------

function wav(v: DataView): number | null {
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

// --- AMR --------------------------------------------------------------------------------------------

// Frame bytes including the 1-byte header, by frame type (RFC 4867 §5.3); the short ones are SID,
// reserved and NO_DATA frames, which still stand for 20 ms each.
const AMR_NB_FRAME_BYTES = [13, 14, 16, 18, 20, 21, 27, 32, 6, 1, 1, 1, 1, 1, 1, 1];
const AMR_WB_FRAME_BYTES = [18, 24, 33, 37, 41, 47, 51, 59, 61, 6, 1, 1, 1, 1, 1, 1];

function amr(v: DataView, at: number, frameBytes: readonly number[]): number {
  let frames = 0;
  while (at < v.byteLength) {
    const size = frameBytes[(v.getUint8(at) >> 3) & 15] ?? 1;
    if (at + size > v.byteLength) break; // a cut-off last frame
    at += size;
    frames++;
  }
  return frames * 0.02;
}

// --- MP4 / M4A / 3GP --------------------------------------------------------------------------------

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

function mp4(v: DataView): number | null {
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

// --- WebM / Matroska --------------------------------------------------------------------------------

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

function matroska(v: DataView): number | null {
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

// --- MP3 --------------------------------------------------------------------------------------------

/** Skips ID3v2 tags (there may be several); the size is "syncsafe", 7 bits a byte. */
function skipId3(v: DataView): number {
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

function mpegFrame(v: DataView, at: number): MpegFrame | null {
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

function mp3(v: DataView, at: number): number | null {
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

// --- AAC in ADTS ------------------------------------------------------------------------------------

const AAC_RATES = [96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350];

/** Length of the ADTS frame at `at`, or 0. Sync 0xFFF then layer 00 tells ADTS from MPEG audio. */
function adtsLength(v: DataView, at: number): number {
  if (at + 7 > v.byteLength || (v.getUint16(at) & 0xfff6) !== 0xfff0) return 0;
  return ((v.getUint8(at + 3) & 3) << 11) | (v.getUint8(at + 4) << 3) | (v.getUint8(at + 5) >> 5);
}

function adts(v: DataView, at: number): number {
  let seconds = 0;
  for (let length = adtsLength(v, at); length >= 7 && at + length <= v.byteLength; at += length, length = adtsLength(v, at)) {
    const rate = AAC_RATES[(v.getUint8(at + 2) >> 2) & 15] ?? 0;
    if (rate === 0) break;
    seconds += (1024 * ((v.getUint8(at + 6) & 3) + 1)) / rate; // 1024 samples per raw data block
  }
  return seconds;
}
