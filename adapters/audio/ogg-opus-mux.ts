/**
 * Opus packets into an Ogg file (RFC 3533 pages, RFC 7845 Ogg Opus). Written here, in ~100 lines,
 * because no maintained npm package fits: mediabunny (the one maintained Ogg writer, a whole media
 * toolkit) takes WebCodecs-shaped packets, picks a random serial, and cannot trim the end (RFC 7845
 * §4.4), so a note would come out up to a frame longer than its recording; opus-recorder and
 * opus-encdec are browser recorders with the writer inside a worker.
 *
 * The stream: page 0 holds OpusHead alone (BOS), page 1 OpusTags alone, both with granule 0 (§3); then
 * audio pages of up to 50 packets (1 s of 20 ms frames, as ffmpeg's default page duration), a packet
 * never split across pages. A page's granule counts the 48 kHz samples of every packet completed so far,
 * the pre-skip included (§4); the last page (EOS) says pre-skip + the audio's length, fewer than its
 * packets hold, which trims the encoder's padding at the end (§4.4).
 */

export interface OggOpusStream {
  /** Audio packets, each `frameSamples` long at 48 kHz. */
  packets: readonly Uint8Array[];
  frameSamples: number;
  /** Samples (48 kHz) the decoder drops at the start: the encoder's lookahead (§4.2). */
  preSkip: number;
  /** The audio's own length in 48 kHz samples (after the pre-skip, before the padding). */
  length: number;
  /** The recording's sample rate before resampling (OpusHead "input sample rate": informational, §5.1). */
  inputRate: number;
  serial: number;
  vendor: string;
}

const PACKETS_PER_PAGE = 50;
const encoder = new TextEncoder();

/** CRC-32 of Ogg pages (RFC 3533 §6): polynomial 0x04C11DB7, most significant bit first, initial 0, no final xor. */
const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let r = i << 24;
    for (let bit = 0; bit < 8; bit++) r = r & 0x80000000 ? (r << 1) ^ 0x04c11db7 : r << 1;
    table[i] = r >>> 0;
  }
  return table;
})();

/** `crc`: carried on from earlier bytes (a page is one call, from 0). */
export function oggCrc(bytes: Uint8Array, crc = 0): number {
  for (const byte of bytes) crc = ((crc << 8) ^ CRC_TABLE[((crc >>> 24) ^ byte) & 0xff]!) >>> 0;
  return crc;
}

export function opusHead(preSkip: number, inputRate: number): Uint8Array {
  const head = new Uint8Array(19);
  const v = new DataView(head.buffer);
  head.set(encoder.encode('OpusHead'));
  head[8] = 1; // version
  head[9] = 1; // channels: mono
  v.setUint16(10, preSkip, true);
  v.setUint32(12, inputRate, true);
  v.setInt16(16, 0, true); // output gain
  head[18] = 0; // channel mapping family 0: mono or stereo, no table
  return head;
}

export function opusTags(vendor: string): Uint8Array {
  const name = encoder.encode(vendor);
  const tags = new Uint8Array(8 + 4 + name.length + 4);
  const v = new DataView(tags.buffer);
  tags.set(encoder.encode('OpusTags'));
  v.setUint32(8, name.length, true);
  tags.set(name, 12);
  v.setUint32(12 + name.length, 0, true); // no user comments: nothing about the recording leaves with it
  return tags;
}

/** Lacing values of one packet: 255 for each full segment, then the rest (0 when the length is a multiple of 255). */
const lacing = (length: number): number[] => [...Array<number>(Math.floor(length / 255)).fill(255), length % 255];

function page(s: { serial: number; sequence: number; granule: bigint; flags: number; packets: readonly Uint8Array[] }): Uint8Array {
  const segments = s.packets.flatMap((p) => lacing(p.length));
  if (segments.length > 255) throw new RangeError('an Ogg page holds at most 255 segments');
  const bodyLength = s.packets.reduce((n, p) => n + p.length, 0);
  const bytes = new Uint8Array(27 + segments.length + bodyLength);
  const v = new DataView(bytes.buffer);
  bytes.set(encoder.encode('OggS'));
  bytes[4] = 0; // stream structure version
  bytes[5] = s.flags; // 0x02 first page, 0x04 last page (no 0x01: no packet continues from a previous page)
  v.setBigInt64(6, s.granule, true);
  v.setUint32(14, s.serial, true);
  v.setUint32(18, s.sequence, true);
  // bytes 22–25 (CRC) stay 0 while it is computed
  bytes[26] = segments.length;
  bytes.set(segments, 27);
  let at = 27 + segments.length;
  for (const p of s.packets) {
    bytes.set(p, at);
    at += p.length;
  }
  v.setUint32(22, oggCrc(bytes), true);
  return bytes;
}

export function muxOggOpus(s: OggOpusStream): Uint8Array {
  const total = s.packets.length * s.frameSamples;
  // The trimmed end must fall inside the last packet: more padding than one frame means a packet too many.
  if (s.length < 1 || s.preSkip + s.length > total || s.preSkip + s.length <= total - s.frameSamples)
    throw new RangeError(
      `${s.packets.length} packets of ${s.frameSamples} samples do not hold ${s.preSkip} + ${s.length} samples with less than a frame to trim`,
    );
  const pages: Uint8Array[] = [];
  let sequence = 0;
  const add = (flags: number, granule: number, packets: readonly Uint8Array[]) =>
    pages.push(page({ serial: s.serial, sequence: sequence++, granule: BigInt(granule), flags, packets }));
  add(0x02, 0, [opusHead(s.preSkip, s.inputRate)]);
  add(0, 0, [opusTags(s.vendor)]);
  for (let first = 0; first < s.packets.length; ) {
    let end = first;
    let segments = 0;
    while (end < s.packets.length && end - first < PACKETS_PER_PAGE) {
      const needed = Math.floor(s.packets[end]!.length / 255) + 1;
      if (segments + needed > 255) break;
      segments += needed;
      end++;
    }
    const last = end === s.packets.length;
    add(last ? 0x04 : 0, last ? s.preSkip + s.length : end * s.frameSamples, s.packets.slice(first, end));
    first = end;
  }
  const out = new Uint8Array(pages.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of pages) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
