import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { audioDurationSeconds } from '../../adapters/audio/audio-duration.js';

/**
 * audioDurationSeconds against ffprobe, on real speech (espeak-ng) encoded by ffmpeg into each container
 * a voice note can arrive in. Every file is made once, in parallel, in a temp dir.
 */

const run = promisify(execFile);
const SPEECH =
  'Goedemiddag. Ik wil graag iets vertellen over de dienstverlening in ons centrum. De wachttijden zijn soms lang, maar de mensen zijn vriendelijk.';
/** ffprobe and the parser may differ by a frame or an encoder delay; never by more than this. */
const TOLERANCE = 0.15;

function tryRun(command: string, args: string[]): string | null {
  try {
    return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return null;
  }
}
const ENCODERS = tryRun('ffmpeg', ['-hide_banner', '-encoders']) ?? '';
const TOOLS = ENCODERS !== '' && tryRun('ffprobe', ['-version']) !== null && tryRun('espeak-ng', ['--version']) !== null;
const hasEncoder = (name: string): boolean => new RegExp(`^\\s*A\\S*\\s+${name}\\s`, 'm').test(ENCODERS);

/** How ffprobe's figure is read: its format duration, or packets × frame length where that duration is only a bitrate estimate. */
type Reference = 'format' | 'aac-packets' | 'amr-packets';

interface Case {
  name: string;
  file: string;
  contentType: string;
  /** ffmpeg output options applied to the espeak-ng WAV; null: that WAV itself. */
  ffmpeg: string[] | null;
  reference?: Reference;
  /** An encoder the case needs: without it the case is skipped, saying so. */
  encoder?: string;
}

const CASES: Case[] = [
  {
    name: 'Ogg/Opus (a WhatsApp voice note)',
    file: 'opus.ogg',
    contentType: 'audio/ogg; codecs=opus',
    ffmpeg: ['-c:a', 'libopus', '-b:a', '24k'],
    encoder: 'libopus',
  },
  { name: 'Ogg/Vorbis', file: 'vorbis.ogg', contentType: 'audio/ogg', ffmpeg: ['-c:a', 'libvorbis'], encoder: 'libvorbis' },
  { name: 'WAV from espeak-ng', file: 'speech.wav', contentType: 'audio/wav', ffmpeg: null },
  { name: 'WAV from ffmpeg (a LIST chunk before data)', file: 'ffmpeg.wav', contentType: 'audio/x-wav', ffmpeg: ['-ar', '16000'] },
  { name: 'M4A/AAC, moov after mdat', file: 'late-moov.m4a', contentType: 'audio/mp4', ffmpeg: ['-c:a', 'aac'] },
  { name: 'M4A/AAC, faststart', file: 'faststart.m4a', contentType: 'audio/x-m4a', ffmpeg: ['-c:a', 'aac', '-movflags', '+faststart'] },
  {
    name: 'fragmented MP4/AAC (as Safari records)',
    file: 'fragmented.mp4',
    contentType: 'audio/mp4',
    ffmpeg: ['-c:a', 'aac', '-movflags', 'frag_keyframe+empty_moov'],
  },
  { name: '3GP/AAC (MMS)', file: 'mms.3gp', contentType: 'audio/3gpp', ffmpeg: ['-ar', '8000', '-c:a', 'aac'] },
  { name: 'WebM/Opus', file: 'opus.webm', contentType: 'audio/webm', ffmpeg: ['-c:a', 'libopus'], encoder: 'libopus' },
  { name: 'MP3 CBR (Info header)', file: 'cbr.mp3', contentType: 'audio/mpeg', ffmpeg: ['-c:a', 'libmp3lame', '-b:a', '64k'], encoder: 'libmp3lame' },
  { name: 'MP3 VBR (Xing header)', file: 'vbr.mp3', contentType: 'audio/mpeg', ffmpeg: ['-c:a', 'libmp3lame', '-q:a', '4'], encoder: 'libmp3lame' },
  {
    name: 'MP3 without a Xing header (every frame walked)',
    file: 'walk.mp3',
    contentType: 'audio/mp3',
    ffmpeg: ['-c:a', 'libmp3lame', '-write_xing', '0'],
    encoder: 'libmp3lame',
  },
  // ffprobe's format duration for ADTS is a bitrate estimate (0.3 s off here): its packet count is the truth.
  { name: 'AAC in ADTS', file: 'adts.aac', contentType: 'audio/aac', ffmpeg: ['-c:a', 'aac', '-f', 'adts'], reference: 'aac-packets' },
  {
    name: 'AMR-NB from speech',
    file: 'speech.amr',
    contentType: 'audio/amr',
    ffmpeg: ['-ar', '8000', '-ac', '1', '-c:a', 'libopencore_amrnb', '-b:a', '12.2k'],
    reference: 'amr-packets',
    encoder: 'libopencore_amrnb',
  },
];

/** A tiny seeded generator, so the synthetic files and the junk are the same on every run. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * An AMR file of 250 frames (5.00 s) cycling through the given frame types: every speech mode, SID and
 * NO_DATA. Most ffmpeg builds have no AMR encoder (only decoders); any payload bits decode, so random ones do.
 */
function amrFile(magic: string, frameBytes: readonly number[], types: readonly number[], seed: number): Uint8Array {
  const random = prng(seed);
  const out: number[] = [...magic].map((c) => c.charCodeAt(0));
  for (let i = 0; i < 250; i++) {
    const type = types[i % types.length] ?? 15;
    out.push((type << 3) | 0x04); // frame type, quality bit set
    for (let j = 1; j < (frameBytes[type] ?? 1); j++) out.push(Math.floor(random() * 256));
  }
  return Uint8Array.from(out);
}
const AMR_NB = {
  file: 'synthetic-nb.amr',
  bytes: amrFile('#!AMR\n', [13, 14, 16, 18, 20, 21, 27, 32, 6, 1, 1, 1, 1, 1, 1, 1], [0, 1, 2, 3, 4, 5, 6, 7, 8, 15], 1),
};
const AMR_WB = {
  file: 'synthetic-wb.amr',
  bytes: amrFile('#!AMR-WB\n', [18, 24, 33, 37, 41, 47, 51, 59, 61, 6, 1, 1, 1, 1, 1, 1], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 15], 2),
};

/**
 * Browser MediaRecorder WebM: no Duration, and Segment and Clusters of unknown size. ffmpeg writing to a
 * pipe leaves out Duration and the Segment size; the Cluster sizes are then overwritten with "unknown".
 */
function unknownSizeClusters(webm: Uint8Array): { bytes: Uint8Array; clusters: number } {
  const bytes = Uint8Array.from(webm);
  let clusters = 0;
  for (let i = 0; i + 5 < bytes.length; i++) {
    if (bytes[i] !== 0x1f || bytes[i + 1] !== 0x43 || bytes[i + 2] !== 0xb6 || bytes[i + 3] !== 0x75) continue;
    const length = Math.clz32(bytes[i + 4] ?? 0) - 23;
    if (length < 1 || length > 8) continue;
    bytes[i + 4] = 0xff >> (length - 1); // the length marker, then all value bits set
    bytes.fill(0xff, i + 5, i + 4 + length);
    clusters++;
  }
  return { bytes, clusters };
}

let dir = '';
const files = new Map<string, Uint8Array>();
const probed = new Map<string, number | null>();
let seekableWebm = 0;
let liveClusters = 0;

async function probe(file: string, reference: Reference): Promise<number | null> {
  const path = join(dir, file);
  if (reference === 'format') {
    const { stdout } = await run('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', path]);
    const seconds = Number(stdout.trim());
    return Number.isFinite(seconds) && stdout.trim() !== '' ? seconds : null; // "N/A": ffprobe does not know
  }
  const { stdout } = await run('ffprobe', ['-v', 'error', '-count_packets', '-show_entries', 'stream=nb_read_packets,sample_rate', '-of', 'csv=p=0', path]);
  const [rate = 0, packets = 0] = stdout.trim().split(',').map(Number);
  return reference === 'aac-packets' ? (packets * 1024) / rate : packets * 0.02;
}

const ready = (c: Case): boolean => TOOLS && (!c.encoder || hasEncoder(c.encoder));
const skipNote = (c: Case): string =>
  !TOOLS
    ? ' [skipped: espeak-ng/ffmpeg/ffprobe not installed]'
    : c.encoder && !hasEncoder(c.encoder)
      ? ` [skipped: this ffmpeg has no ${c.encoder} encoder]`
      : '';
const read = (file: string): Uint8Array => {
  const bytes = files.get(file);
  if (!bytes) throw new Error(`${file} was not generated`);
  return bytes;
};

// CI installs ffmpeg, ffprobe and espeak-ng (.ci/run): there the real-recording checks must run, never skip quietly.
it.runIf(process.env['CI'] === 'true')('has ffmpeg, ffprobe and espeak-ng in CI', () => {
  expect(TOOLS).toBe(true);
});

describe.skipIf(!TOOLS)('audioDurationSeconds on real recordings', () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'stem-audio-duration-'));
    const wav = join(dir, 'speech.wav');
    await run('espeak-ng', ['-v', 'nl', '-w', wav, SPEECH]);
    const ffmpeg = (args: string[]): Promise<unknown> => run('ffmpeg', ['-loglevel', 'error', '-y', ...args]);
    writeFileSync(join(dir, AMR_NB.file), AMR_NB.bytes);
    writeFileSync(join(dir, AMR_WB.file), AMR_WB.bytes);
    const [live] = await Promise.all([
      run('ffmpeg', ['-loglevel', 'error', '-i', wav, '-c:a', 'libopus', '-f', 'webm', 'pipe:1'], { encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 }),
      ffmpeg([
        '-f',
        'lavfi',
        '-i',
        'sine=frequency=440:duration=361:sample_rate=8000',
        '-c:a',
        'libopus',
        '-b:a',
        '6k',
        '-application',
        'lowdelay',
        '-frame_duration',
        '60',
        '-compression_level',
        '0',
        join(dir, 'long.ogg'),
      ]),
      ...CASES.filter((c) => ready(c) && c.ffmpeg).map((c) => ffmpeg(['-i', wav, ...(c.ffmpeg ?? []), join(dir, c.file)])),
    ]);
    const recorded = unknownSizeClusters(new Uint8Array(live.stdout));
    liveClusters = recorded.clusters;
    writeFileSync(join(dir, 'live.webm'), recorded.bytes);
    const all = [
      ...CASES.filter(ready).map((c) => ({ file: c.file, reference: c.reference ?? 'format' })),
      { file: 'long.ogg', reference: 'format' as const },
      { file: 'live.webm', reference: 'format' as const },
    ];
    all.push({ file: AMR_NB.file, reference: 'amr-packets' }, { file: AMR_WB.file, reference: 'amr-packets' });
    await Promise.all(
      all.map(async ({ file, reference }) => {
        files.set(file, new Uint8Array(readFileSync(join(dir, file))));
        probed.set(file, await probe(file, reference));
      }),
    );
    seekableWebm = probed.get('opus.webm') ?? Number.NaN;
  }, 60_000);

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  for (const c of CASES) {
    it.skipIf(!ready(c))(`${c.name} matches ffprobe within ${TOLERANCE} s${skipNote(c)}`, () => {
      const expected = probed.get(c.file);
      const seconds = audioDurationSeconds(read(c.file), c.contentType);
      expect(expected).toBeGreaterThan(7);
      expect(seconds).not.toBeNull();
      expect(Math.abs((seconds ?? 0) - (expected ?? 0))).toBeLessThan(TOLERANCE);
    });
  }

  it('synthetic AMR-NB and AMR-WB (every mode, SID and NO_DATA frames) count 20 ms a frame, as ffprobe counts packets', () => {
    for (const { file } of [AMR_NB, AMR_WB]) {
      expect(probed.get(file)).toBeCloseTo(5, 6);
      expect(audioDurationSeconds(read(file), 'audio/amr')).toBeCloseTo(5, 6);
    }
  });

  it('WebM as MediaRecorder writes it (no Duration, unknown sizes): the last block, a lower bound within 5%', () => {
    expect(liveClusters).toBeGreaterThan(1); // there were Clusters to make unknown-size
    expect(probed.get('live.webm')).toBeNull(); // ffprobe finds no Duration either
    const seconds = audioDurationSeconds(read('live.webm'), 'audio/webm;codecs=opus') ?? 0;
    expect(seconds).toBeLessThanOrEqual(seekableWebm);
    expect(seconds).toBeGreaterThan(seekableWebm * 0.95);
  });

  it('reads a 6-minute Ogg/Opus note as over the 5-minute limit', () => {
    const seconds = audioDurationSeconds(read('long.ogg'), 'audio/ogg') ?? 0;
    expect(seconds).toBeGreaterThan(300);
    expect(Math.abs(seconds - (probed.get('long.ogg') ?? 0))).toBeLessThan(TOLERANCE);
  });

  it('decides by magic bytes, not by the content type', () => {
    expect(audioDurationSeconds(read('opus.ogg'), 'audio/mpeg')).toBe(audioDurationSeconds(read('opus.ogg'), 'audio/ogg'));
    expect(audioDurationSeconds(read('cbr.mp3'), 'application/octet-stream')).toBeCloseTo(probed.get('cbr.mp3') ?? 0, 1);
  });

  it('uses the content type to hunt for MP3 and ADTS frames behind leading junk, and only then', () => {
    const junk = (bytes: Uint8Array): Uint8Array => Uint8Array.from([...new Uint8Array(777), ...bytes]);
    expect(audioDurationSeconds(junk(read('walk.mp3')), 'audio/mpeg')).toBeCloseTo(probed.get('walk.mp3') ?? 0, 1);
    expect(audioDurationSeconds(junk(read('adts.aac')), 'audio/aac')).toBeCloseTo(probed.get('adts.aac') ?? 0, 1);
    expect(audioDurationSeconds(junk(read('walk.mp3')), 'application/octet-stream')).toBeNull();
    expect(audioDurationSeconds(junk(read('adts.aac')), 'audio/ogg')).toBeNull();
  });

  it('the first 200 bytes: never more than the whole file, and what each container can tell from them', () => {
    for (const c of CASES.filter(ready)) {
      const seconds = audioDurationSeconds(read(c.file).subarray(0, 200), c.contentType);
      if (seconds !== null) expect(seconds, c.file).toBeLessThanOrEqual((probed.get(c.file) ?? 0) + TOLERANCE);
      if (seconds !== null) expect(seconds, c.file).toBeGreaterThanOrEqual(0);
    }
    const cut = (file: string): number | null => audioDurationSeconds(read(file).subarray(0, 200), '');
    expect(cut('opus.ogg')).toBe(0); // only the header pages are complete
    expect(cut('speech.wav')).toBeLessThan(0.01); // the samples that are there
    expect(cut('late-moov.m4a')).toBeNull(); // the moov box never arrived
    expect(cut('faststart.m4a')).toBeCloseTo(probed.get('faststart.m4a') ?? 0, 2); // moov first: it says it all
    expect(cut('vbr.mp3')).toBeCloseTo(probed.get('vbr.mp3') ?? 0, 2); // the Xing header counts the frames
    expect(cut('walk.mp3')).toBeLessThan(0.1); // only the frames that are there
  });

  it('survives 200 mutations of real files: never throws, never hangs, null or a finite number >= 0', () => {
    const sources = [...files.entries()];
    const mutation = fc.record({
      source: fc.nat({ max: sources.length - 1 }),
      kind: fc.constantFrom('flip-head', 'flip-anywhere', 'truncate', 'size-field', 'splice'),
      at: fc.double({ min: 0, max: 1, noNaN: true }),
      span: fc.double({ min: 0, max: 1, noNaN: true }),
      values: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 8 }),
      field: fc.constantFrom(0, 1, 0xffffffff, 0x7fffffff, 8, 0x01ffffff),
    });
    fc.assert(
      fc.property(mutation, ({ source, kind, at, span, values, field }) => {
        const [file = '', original = new Uint8Array()] = sources[source] ?? [];
        const bytes = Uint8Array.from(original);
        const head = Math.min(bytes.length, 1024);
        const offset = Math.floor(at * (kind === 'flip-head' || kind === 'size-field' ? head : bytes.length));
        let input = bytes;
        if (kind === 'flip-head' || kind === 'flip-anywhere') values.forEach((value, i) => (bytes[(offset + i * 37) % bytes.length] = value));
        if (kind === 'truncate') input = bytes.subarray(0, offset);
        if (kind === 'size-field' && offset + 4 <= bytes.length) new DataView(bytes.buffer).setUint32(offset, field);
        if (kind === 'splice') input = Uint8Array.from([...bytes.subarray(0, offset), ...bytes.subarray(offset + Math.floor(span * 4096))]);
        const seconds = audioDurationSeconds(input, file.endsWith('.mp3') ? 'audio/mpeg' : 'audio/aac');
        return seconds === null || (Number.isFinite(seconds) && seconds >= 0);
      }),
      { numRuns: 200, seed: 20_261_123 },
    );
  });
});

describe('audioDurationSeconds on what is not audio', () => {
  it('returns null for empty input, random bytes and text', () => {
    const random = prng(7);
    const noise = Uint8Array.from({ length: 4096 }, () => Math.floor(random() * 256));
    for (const type of ['audio/ogg', 'audio/mpeg', 'audio/aac', 'audio/webm', 'application/octet-stream', '']) {
      expect(audioDurationSeconds(new Uint8Array(), type)).toBeNull();
      expect(audioDurationSeconds(noise, type)).toBeNull();
    }
    expect(audioDurationSeconds(new TextEncoder().encode('Hallo, dit is geen spraakbericht.\n'.repeat(40)), 'text/plain')).toBeNull();
  });

  it('returns null for a bare magic number with nothing behind it', () => {
    for (const magic of ['OggS', 'RIFF\0\0\0\0WAVE', '\0\0\0\x18ftypM4A ', '\x1a\x45\xdf\xa3']) {
      expect(audioDurationSeconds(Uint8Array.from([...magic].map((c) => c.charCodeAt(0))), 'audio/ogg')).toBeNull();
    }
  });
});

describe('audioDurationSeconds on hand-built corners of the specs', () => {
  const u32be = (n: number): number[] => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
  const u32le = (n: number): number[] => u32be(n).reverse();
  const concat = (...parts: ReadonlyArray<string | readonly number[] | Uint8Array>): Uint8Array =>
    Uint8Array.from(parts.flatMap((part) => (typeof part === 'string' ? [...part].map((c) => c.charCodeAt(0)) : [...part])));
  const fmt16k = ['fmt ', u32le(16), [1, 0, 1, 0], u32le(8000), u32le(16000), [2, 0, 16, 0]] as const;

  it('WAV: an odd-sized chunk is padded, and a data size of 0xFFFFFFFF means "to the end"', () => {
    expect(
      audioDurationSeconds(concat('RIFF', u32le(0), 'WAVE', ...fmt16k, 'junk', u32le(3), [1, 2, 3, 0], 'data', u32le(0xffffffff), new Uint8Array(8000)), ''),
    ).toBe(0.5);
    expect(audioDurationSeconds(concat('RIFF', u32le(0), 'WAVE', ...fmt16k, 'data', u32le(4000), new Uint8Array(4000), 'LIST', u32le(4), 'INFO'), '')).toBe(
      0.25,
    );
  });

  it('MP4: a 64-bit box size, a box running to the end (size 0) and an mvhd of version 1', () => {
    const mvhd = concat(u32be(40), 'mvhd', [1, 0, 0, 0], new Uint8Array(16), u32be(1000), u32be(0), u32be(2500));
    const file = concat(u32be(16), 'ftyp', 'M4A ', u32be(0), u32be(1), 'mdat', u32be(0), u32be(16 + 100), new Uint8Array(100), u32be(0), 'moov', mvhd);
    expect(audioDurationSeconds(file, 'audio/mp4')).toBe(2.5);
    const stuck = concat(u32be(16), 'ftyp', 'M4A ', u32be(0), u32be(4), 'mdat', mvhd); // a size below its own header
    expect(audioDurationSeconds(stuck, 'audio/mp4')).toBeNull();
  });

  it('Matroska: an unknown-size Segment and a 4-byte float Duration in TimecodeScale units', () => {
    const duration = new Uint8Array(4);
    new DataView(duration.buffer).setFloat32(0, 1234.5);
    const info = concat([0x2a, 0xd7, 0xb1, 0x83], [0x0f, 0x42, 0x40], [0x44, 0x89, 0x84], duration); // 1 ms units
    const file = concat(
      [0x1a, 0x45, 0xdf, 0xa3, 0x80],
      [0x18, 0x53, 0x80, 0x67, 0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff],
      [0x15, 0x49, 0xa9, 0x66, 0x80 | info.length],
      info,
    );
    expect(audioDurationSeconds(file, 'audio/webm')).toBeCloseTo(1.2345, 6);
  });
});
