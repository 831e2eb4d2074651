/**
 * An Ogg Opus checker for tests, written apart from the muxer it checks (adapters/audio/ogg-opus-mux.ts):
 * the CRC bit by bit from RFC 3533 §6 (no table), every page's fields read back, packets rebuilt from the
 * lacing values, and the RFC 7845 rules a player relies on checked. Throws naming the first rule broken.
 */

export interface OggPage {
  flags: number;
  granule: bigint;
  serial: number;
  sequence: number;
  crc: number;
  /** CRC-32 of the page as written, with its CRC field zeroed. */
  computedCrc: number;
  lacing: number[];
}

export interface OggOpusFile {
  pages: OggPage[];
  /** Every packet of the stream, headers included. */
  packets: Uint8Array[];
  head: { version: number; channels: number; preSkip: number; inputRate: number; gain: number; mapping: number };
  vendor: string;
  comments: string[];
  /** Audio packets (after OpusHead and OpusTags). */
  audio: Uint8Array[];
}

/** CRC-32, polynomial 0x04C11DB7, MSB first, initial value 0, no final xor: one bit at a time. */
export function crcBitwise(bytes: Uint8Array): number {
  let crc = 0;
  for (const byte of bytes) {
    crc = (crc ^ (byte << 24)) >>> 0;
    for (let bit = 0; bit < 8; bit++) crc = (crc & 0x80000000 ? (crc << 1) ^ 0x04c11db7 : crc << 1) >>> 0;
  }
  return crc;
}

export function readOggPages(bytes: Uint8Array): { pages: OggPage[]; packets: Uint8Array[] } {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const pages: OggPage[] = [];
  const packets: Uint8Array[] = [];
  let pending: number[] = [];
  for (let at = 0; at < bytes.length; ) {
    if (at + 27 > bytes.length) throw new Error(`page ${pages.length}: a header cut off`);
    if (String.fromCharCode(...bytes.subarray(at, at + 4)) !== 'OggS') throw new Error(`page ${pages.length}: no capture pattern at byte ${at}`);
    if (bytes[at + 4] !== 0) throw new Error(`page ${pages.length}: stream structure version ${bytes[at + 4]}`);
    const count = bytes[at + 26]!;
    const lacing = [...bytes.subarray(at + 27, at + 27 + count)];
    const length = 27 + count + lacing.reduce((n, l) => n + l, 0);
    if (at + length > bytes.length) throw new Error(`page ${pages.length}: body cut off`);
    const copy = bytes.slice(at, at + length);
    copy.fill(0, 22, 26);
    pages.push({
      flags: bytes[at + 5]!,
      granule: v.getBigInt64(at + 6, true),
      serial: v.getUint32(at + 14, true),
      sequence: v.getUint32(at + 18, true),
      crc: v.getUint32(at + 22, true),
      computedCrc: crcBitwise(copy),
      lacing,
    });
    let body = at + 27 + count;
    for (const l of lacing) {
      pending.push(...bytes.subarray(body, body + l));
      body += l;
      if (l < 255) {
        packets.push(Uint8Array.from(pending));
        pending = [];
      }
    }
    at += length;
  }
  if (pending.length > 0) throw new Error('the last packet is never finished');
  return { pages, packets };
}

/** Reads and checks a whole single-stream Ogg Opus file (RFC 3533, RFC 7845). */
export function checkOggOpus(bytes: Uint8Array): OggOpusFile {
  const { pages, packets } = readOggPages(bytes);
  if (pages.length < 3) throw new Error(`${pages.length} pages: an Ogg Opus file has OpusHead, OpusTags and audio`);
  pages.forEach((p, i) => {
    if (p.crc !== p.computedCrc) throw new Error(`page ${i}: CRC ${p.crc.toString(16)} written, ${p.computedCrc.toString(16)} computed`);
    if (p.sequence !== i) throw new Error(`page ${i}: sequence number ${p.sequence}`);
    if (p.serial !== pages[0]!.serial) throw new Error(`page ${i}: another serial number`);
    if (Boolean(p.flags & 0x02) !== (i === 0)) throw new Error(`page ${i}: beginning-of-stream flag ${p.flags & 0x02 ? 'set' : 'missing'}`);
    if (Boolean(p.flags & 0x04) !== (i === pages.length - 1)) throw new Error(`page ${i}: end-of-stream flag ${p.flags & 0x04 ? 'set' : 'missing'}`);
    if (i > 0 && p.granule < pages[i - 1]!.granule) throw new Error(`page ${i}: granule position goes back`);
  });
  // RFC 7845 §3: OpusHead alone on the first page, OpusTags finishing the second (audio starts on a fresh page), granules 0.
  if (pages[0]!.lacing.length !== 1 || pages[0]!.granule !== 0n) throw new Error('page 0 must hold OpusHead alone, granule 0');
  if (pages[1]!.granule !== 0n || pages[1]!.lacing.at(-1) === 255) throw new Error('page 1 must end with OpusTags, granule 0');
  const [headPacket, tagsPacket, ...audio] = packets;
  const text = (p: Uint8Array, from: number, to: number) => new TextDecoder().decode(p.subarray(from, to));
  if (!headPacket || text(headPacket, 0, 8) !== 'OpusHead' || headPacket.length < 19) throw new Error('no OpusHead');
  if (!tagsPacket || text(tagsPacket, 0, 8) !== 'OpusTags') throw new Error('no OpusTags');
  const h = new DataView(headPacket.buffer, headPacket.byteOffset, headPacket.byteLength);
  const head = {
    version: headPacket[8]!,
    channels: headPacket[9]!,
    preSkip: h.getUint16(10, true),
    inputRate: h.getUint32(12, true),
    gain: h.getInt16(16, true),
    mapping: headPacket[18]!,
  };
  const t = new DataView(tagsPacket.buffer, tagsPacket.byteOffset, tagsPacket.byteLength);
  const vendorLength = t.getUint32(8, true);
  const vendor = text(tagsPacket, 12, 12 + vendorLength);
  const comments: string[] = [];
  let at = 12 + vendorLength + 4;
  for (let i = 0; i < t.getUint32(12 + vendorLength, true); i++) {
    const length = t.getUint32(at, true);
    comments.push(text(tagsPacket, at + 4, at + 4 + length));
    at += 4 + length;
  }
  if (audio.length === 0) throw new Error('no audio packets');
  return { pages, packets, head, vendor, comments, audio };
}

/** RFC 6716 §3.1: a packet's duration in 48 kHz samples from its TOC byte (frame size by configuration, frame count by code). */
export function opusPacketSamples(packet: Uint8Array): { samples: number; config: number; stereo: boolean; frames: number } {
  const toc = packet[0] ?? 0;
  const config = toc >> 3;
  const frameMs = config < 12 ? [10, 20, 40, 60][config % 4]! : config < 16 ? [10, 20][config % 2]! : [2.5, 5, 10, 20][config % 4]!;
  const code = toc & 3;
  const frames = code === 0 ? 1 : code === 3 ? (packet[1] ?? 0) & 0x3f : 2;
  return { samples: frameMs * 48 * frames, config, stereo: Boolean(toc & 4), frames };
}
