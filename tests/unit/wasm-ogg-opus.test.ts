import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { OpusDecoder } from 'opus-decoder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oggOpusPackets } from '../../adapters/audio/containers.js';
import { decodeMp3 } from '../../adapters/audio/mp3-decode.js';
import { TranscodeError, type TranscodeFailure } from '../../core/voice-notes/transcode-error.js';
import { WasmOggOpus } from '../../adapters/audio/wasm-ogg-opus.js';
import { checkOggOpus, opusPacketSamples } from '../support/ogg-pages.js';

/**
 * The transcoder Lambda uses for recorded prompts (WAV, MP3 → a WhatsApp voice note), on real speech:
 * espeak-ng says an Amharic sentence (Ge'ez script, as Tigrinya; espeak-ng has no Tigrinya) and ffmpeg
 * makes it the files staff upload, at several rates, widths and channel counts. Each note is judged by
 * tools that share no code with it: ffprobe names the format, ffmpeg decodes it (warnings count: a CRC
 * mismatch is one), opus-decoder (libopus as another wasm build) decodes its packets, an Ogg checker
 * written apart (tests/support/ogg-pages.ts) reads every page, and the decoded audio is compared with
 * ffmpeg's decoding of the source: its length, its energy envelope and its waveform, unshifted.
 */

const run = promisify(execFile);
const work = mkdtempSync(join(tmpdir(), 'stem-wasm-opus-'));
const SENTENCE = 'ሰላም። ስለ አገልግሎታችን ምን ያስባሉ? እባክዎን ከአንድ እስከ አምስት ይምረጡ።';
const transcoder = new WasmOggOpus();

interface Source {
  name: string;
  file: string;
  contentType: string;
  rate: number;
  ffmpeg: string[];
}

const SOURCES: Source[] = [
  { name: 'WAV 16-bit mono 22.05 kHz (espeak-ng as it writes)', file: 'speech.wav', contentType: 'audio/wav', rate: 22050, ffmpeg: [] },
  { name: 'WAV 8-bit mono 8 kHz (a telephone prompt)', file: 'u8-8k.wav', contentType: 'audio/wav', rate: 8000, ffmpeg: ['-ar', '8000', '-c:a', 'pcm_u8'] },
  {
    name: 'WAV 16-bit stereo 44.1 kHz, speech on the left only',
    file: 's16-stereo.wav',
    contentType: 'audio/x-wav',
    rate: 44100,
    ffmpeg: ['-af', 'pan=stereo|c0=c0|c1=0*c0', '-ar', '44100', '-c:a', 'pcm_s16le'],
  },
  {
    name: 'WAV 24-bit stereo 48 kHz (WAVE_FORMAT_EXTENSIBLE)',
    file: 's24-stereo.wav',
    contentType: 'audio/wave',
    rate: 48000,
    ffmpeg: ['-ac', '2', '-ar', '48000', '-c:a', 'pcm_s24le'],
  },
  { name: 'WAV float32 mono 16 kHz', file: 'f32.wav', contentType: 'audio/wav', rate: 16000, ffmpeg: ['-ar', '16000', '-c:a', 'pcm_f32le'] },
  { name: 'WAV 16-bit mono 96 kHz', file: 's16-96k.wav', contentType: 'audio/wav', rate: 96000, ffmpeg: ['-ar', '96000', '-c:a', 'pcm_s16le'] },
  { name: 'MP3 mono 22.05 kHz 48 kbit/s', file: 'mono.mp3', contentType: 'audio/mpeg', rate: 22050, ffmpeg: ['-c:a', 'libmp3lame', '-b:a', '48k'] },
  {
    name: 'MP3 stereo 44.1 kHz 128 kbit/s',
    file: 'stereo.mp3',
    contentType: 'audio/mpeg',
    rate: 44100,
    ffmpeg: ['-ac', '2', '-ar', '44100', '-c:a', 'libmp3lame', '-b:a', '128k'],
  },
  {
    name: 'MP3 VBR 48 kHz (Xing header), with an ID3 tag',
    file: 'vbr.mp3',
    contentType: 'audio/mpeg',
    rate: 48000,
    ffmpeg: ['-ar', '48000', '-c:a', 'libmp3lame', '-q:a', '4', '-metadata', 'title=Vraag 1', '-id3v2_version', '3'],
  },
  {
    name: 'MP3 mono 16 kHz (MPEG-2)',
    file: 'mpeg2.mp3',
    contentType: 'audio/mpeg',
    rate: 16000,
    ffmpeg: ['-ar', '16000', '-c:a', 'libmp3lame', '-b:a', '32k'],
  },
];

const path = (file: string) => join(work, file);
const bytesOf = (file: string) => new Uint8Array(readFileSync(path(file)));

/** A file's audio as ffmpeg decodes it: mono float samples at `rate`. */
async function ffmpegSamples(file: string, rate: number): Promise<Float32Array> {
  const { stdout } = await run('ffmpeg', ['-v', 'error', '-i', file, '-ac', '1', '-ar', String(rate), '-f', 'f32le', 'pipe:1'], {
    encoding: 'buffer',
    maxBuffer: 256 * 1024 * 1024,
  });
  return new Float32Array(stdout.buffer, stdout.byteOffset, stdout.byteLength / 4);
}

/** Samples at the file's own rate, as ffmpeg decodes it (MP3: its gapless trimming applied). */
async function ffmpegLength(file: string): Promise<number> {
  const { stdout } = await run('ffmpeg', ['-v', 'error', '-i', file, '-ac', '1', '-f', 's16le', 'pipe:1'], {
    encoding: 'buffer',
    maxBuffer: 256 * 1024 * 1024,
  });
  return stdout.byteLength / 2;
}

/** Normalised cross-correlation of two signals at each lag in ±maxLag (b shifted against a). */
function bestLag(a: Float32Array, b: Float32Array, maxLag: number): { lag: number; ncc: number } {
  const n = Math.min(a.length, b.length);
  let ea = 0;
  let eb = 0;
  for (let i = 0; i < n; i++) {
    ea += a[i]! * a[i]!;
    eb += b[i]! * b[i]!;
  }
  let best = { lag: 0, ncc: -Infinity };
  for (let lag = -maxLag; lag <= maxLag; lag++) {
    let s = 0;
    for (let i = Math.max(0, -lag); i < Math.min(n, n - lag); i++) s += a[i]! * b[i + lag]!;
    const ncc = s / Math.sqrt(ea * eb);
    if (ncc > best.ncc) best = { lag, ncc };
  }
  return best;
}

/** Pearson correlation of the 10 ms RMS envelopes. */
function envelopeCorrelation(a: Float32Array, b: Float32Array, rate: number): number {
  const hop = rate / 100;
  const envelope = (x: Float32Array) => {
    const out: number[] = [];
    for (let at = 0; at + hop <= Math.min(a.length, b.length); at += hop) {
      let e = 0;
      for (let i = at; i < at + hop; i++) e += x[i]! * x[i]!;
      out.push(Math.sqrt(e / hop));
    }
    return out;
  };
  const [x, y] = [envelope(a), envelope(b)];
  const mean = (v: number[]) => v.reduce((s, t) => s + t, 0) / v.length;
  const [mx, my] = [mean(x), mean(y)];
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < x.length; i++) {
    sxy += (x[i]! - mx) * (y[i]! - my);
    sxx += (x[i]! - mx) ** 2;
    syy += (y[i]! - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}

async function failure(promise: Promise<unknown>): Promise<{ reason: TranscodeFailure; message: string }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TranscodeError) return { reason: error.reason, message: error.message };
    throw error;
  }
  throw new Error('transcoded where it should have refused');
}

beforeAll(async () => {
  await run('espeak-ng', ['-v', 'am', '-s', '150', '-w', path('speech.wav'), SENTENCE]);
  await Promise.all(
    SOURCES.filter((s) => s.ffmpeg.length > 0).map((s) => run('ffmpeg', ['-v', 'error', '-y', '-i', path('speech.wav'), ...s.ffmpeg, path(s.file)])),
  );
}, 60_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe.each(SOURCES)('$name', (source) => {
  let note: Uint8Array;
  const out = () => path(`${source.file}.ogg`);

  beforeAll(async () => {
    note = await transcoder.toOggOpus({ bytes: bytesOf(source.file), contentType: source.contentType });
    writeFileSync(out(), note);
  });

  it('is Ogg/Opus to ffprobe, mono, and decodes with ffmpeg without an error or a warning (a CRC mismatch would be one)', async () => {
    const { stdout } = await run('ffprobe', [
      '-v',
      'error',
      '-show_entries',
      'format=format_name:stream=codec_name,channels,sample_rate',
      '-of',
      'json',
      out(),
    ]);
    const probed = JSON.parse(stdout) as { format: { format_name: string }; streams: Array<{ codec_name: string; channels: number; sample_rate: string }> };
    expect(probed.format.format_name).toBe('ogg');
    expect(probed.streams.map((s) => [s.codec_name, s.channels, s.sample_rate])).toEqual([['opus', 1, '48000']]);
    const decoded = await run('ffmpeg', ['-v', 'warning', '-i', out(), '-f', 'null', '-']);
    expect(decoded.stderr).toBe('');
  });

  it('lasts as long as the recording (within 5 ms), its last granule trimming the padding exactly', async () => {
    const recorded = (await ffmpegLength(path(source.file))) / source.rate;
    const decoded48k = (await ffmpegSamples(out(), 48000)).length;
    expect(Math.abs(decoded48k / 48000 - recorded)).toBeLessThan(0.005);
    const ogg = checkOggOpus(note);
    expect(Number(ogg.pages.at(-1)!.granule) - ogg.head.preSkip).toBe(decoded48k);
  });

  it('says what the recording says: its energy envelope and its waveform match, with no shift (the pre-skip is right)', async () => {
    const [recorded, decoded] = await Promise.all([ffmpegSamples(path(source.file), 16000), ffmpegSamples(out(), 16000)]);
    expect(envelopeCorrelation(recorded, decoded, 16000)).toBeGreaterThan(0.95);
    // A pre-skip off by the encoder's delay (6.5 ms) would show as a lag of 104 samples.
    const { lag, ncc } = bestLag(recorded, decoded, 200);
    expect(Math.abs(lag)).toBeLessThanOrEqual(1);
    expect(ncc).toBeGreaterThan(0.75);
  });

  it('is laid out as RFC 7845 says: OpusHead (pre-skip 312, the input rate), empty OpusTags, 20 ms mono speech packets, pages of at most a second', () => {
    const ogg = checkOggOpus(note);
    expect(ogg.head).toEqual({ version: 1, channels: 1, preSkip: 312, inputRate: source.rate, gain: 0, mapping: 0 });
    expect(ogg.vendor).toMatch(/^libopus 1\.4/);
    expect(ogg.comments).toEqual([]); // nothing about the recording travels with the note
    const shapes = new Set(ogg.audio.map((p) => JSON.stringify({ ...opusPacketSamples(p), config: opusPacketSamples(p).config < 12 ? 'SILK' : 'other' })));
    expect([...shapes]).toEqual([JSON.stringify({ samples: 960, config: 'SILK', stereo: false, frames: 1 })]);
    // Every page but the last ends on a packet boundary at a whole number of 20 ms packets, at most 50 a page.
    for (const page of ogg.pages.slice(2, -1)) {
      expect(page.lacing.length).toBeLessThanOrEqual(255);
      expect(Number(page.granule) % 960).toBe(0);
    }
    expect(ogg.pages.slice(2).every((p, i, audio) => i === 0 || Number(p.granule) - Number(audio[i - 1]!.granule) <= 50 * 960)).toBe(true);
    // The end trim is less than one packet (RFC 7845 §4.4 allows no more than the last page holds).
    const total = ogg.audio.length * 960;
    const last = Number(ogg.pages.at(-1)!.granule);
    expect(total - last).toBeGreaterThanOrEqual(0);
    expect(total - last).toBeLessThan(960);
  });

  it('decodes with opus-decoder (libopus in another wasm build) frame by frame, without errors', async () => {
    const { packets, preSkip, channels } = oggOpusPackets(note);
    const decoder = new OpusDecoder({ channels, preSkip, sampleRate: 48000 });
    await decoder.ready;
    try {
      const decoded = decoder.decodeFrames(packets);
      expect(decoded.errors).toEqual([]);
      expect(decoded.samplesDecoded).toBeGreaterThan(packets.length * 960 - preSkip - 960);
    } finally {
      decoder.free();
    }
  });
});

describe('the transcoder', () => {
  it("is named for the cache key, and makes the same bytes from the same recording (the stream's serial comes from its audio)", async () => {
    expect(transcoder.id).toBe('wasm-opus/1');
    const [a, b] = await Promise.all([0, 1].map(() => transcoder.toOggOpus({ bytes: bytesOf('mono.mp3'), contentType: 'audio/mpeg' })));
    expect(Buffer.from(a!).equals(Buffer.from(b!))).toBe(true);
    const other = await transcoder.toOggOpus({ bytes: bytesOf('f32.wav'), contentType: 'audio/wav' });
    expect(checkOggOpus(other).pages[0]!.serial).not.toBe(checkOggOpus(a!).pages[0]!.serial);
  });

  it('encodes speech at about 24 kbit/s: a minute is under 200 KB, well within the 512 KB WhatsApp plays inline', async () => {
    const note = await transcoder.toOggOpus({ bytes: bytesOf('speech.wav'), contentType: 'audio/wav' });
    const seconds = (await ffmpegLength(path('speech.wav'))) / 22050;
    const kbps = (note.length * 8) / seconds / 1000;
    expect(kbps).toBeGreaterThan(12);
    expect(kbps).toBeLessThan(28);
  });

  it('finds the audio of a file sent as MP3 past junk a recorder left before it (as the upload check does), not of one sent as anything else', async () => {
    const mp3 = bytesOf('stereo.mp3');
    const junk = new Uint8Array(300 + mp3.length);
    junk.set(new TextEncoder().encode('recorded with PocketRecorder 2.1 '.repeat(9)));
    junk.set(mp3, 300);
    const note = await transcoder.toOggOpus({ bytes: junk, contentType: 'audio/mpeg' });
    const clean = await transcoder.toOggOpus({ bytes: mp3, contentType: 'audio/mpeg' });
    expect(Buffer.from(note).equals(Buffer.from(clean))).toBe(true);
    expect((await failure(transcoder.toOggOpus({ bytes: junk, contentType: 'application/octet-stream' }))).reason).toBe('not-audio');
  });

  it('reads a WAV a streaming writer could not finish (espeak-ng --stdout: the data size left at 0x7FFFF000) to its end', async () => {
    const { stdout } = await run('espeak-ng', ['-v', 'am', '--stdout', SENTENCE], { encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 });
    const streamed = new Uint8Array(stdout);
    expect(new DataView(streamed.buffer, streamed.byteOffset).getUint32(40, true)).toBeGreaterThan(streamed.length);
    const note = await transcoder.toOggOpus({ bytes: streamed, contentType: 'audio/wav' });
    const ogg = checkOggOpus(note);
    expect(Number(ogg.pages.at(-1)!.granule) - ogg.head.preSkip).toBeCloseTo(((streamed.length - 44) / 2 / 22050) * 48000, -2);
  });
});

describe('bad recordings get a clear error with a stable reason, and nothing is made', () => {
  const wav = () => bytesOf('speech.wav');

  it('empty: no bytes, or a WAV header with no samples', async () => {
    expect(await failure(transcoder.toOggOpus({ bytes: new Uint8Array(0), contentType: 'audio/wav' }))).toEqual({
      reason: 'empty',
      message: 'the recording is empty',
    });
    const header = wav().slice(0, 44);
    new DataView(header.buffer).setUint32(40, 0, true);
    expect((await failure(transcoder.toOggOpus({ bytes: header, contentType: 'audio/wav' }))).reason).toBe('empty');
  });

  it('garbage, a text file, or an Ogg file sent as MP3: neither WAV nor MP3', async () => {
    const noise = new Uint8Array(4096).map((_, i) => (i * 2654435761) >>> 24);
    expect(await failure(transcoder.toOggOpus({ bytes: noise, contentType: 'audio/mpeg' }))).toEqual({
      reason: 'not-audio',
      message: 'the recording is neither WAV nor MP3 (though sent as audio/mpeg)',
    });
    expect((await failure(transcoder.toOggOpus({ bytes: new TextEncoder().encode('<html>not found</html>'), contentType: 'text/html' }))).reason).toBe(
      'not-audio',
    );
    const ogg = await transcoder.toOggOpus({ bytes: wav(), contentType: 'audio/wav' });
    expect((await failure(transcoder.toOggOpus({ bytes: ogg, contentType: 'audio/mpeg' }))).reason).toBe('not-audio');
  });

  it('a WAV cut short (an upload cut off): in its samples, or inside its header', async () => {
    const whole = wav();
    const cut = await failure(transcoder.toOggOpus({ bytes: whole.slice(0, Math.floor(whole.length / 2)), contentType: 'audio/wav' }));
    expect(cut.reason).toBe('damaged');
    expect(cut.message).toMatch(/^the WAV file cannot be read: the WAV file is cut short: its data chunk says \d+ bytes, \d+ are there$/);
    expect(await failure(transcoder.toOggOpus({ bytes: whole.slice(0, 30), contentType: 'audio/wav' }))).toEqual({
      reason: 'damaged',
      message: 'the WAV file cannot be read: the WAV file is cut off inside its header',
    });
  });

  it('a WAV in an encoding not read here (Microsoft ADPCM, 64-bit float) or at a rate no recorder uses (4 kHz)', async () => {
    await run('ffmpeg', ['-v', 'error', '-y', '-i', path('speech.wav'), '-c:a', 'adpcm_ms', path('adpcm.wav')]);
    await run('ffmpeg', ['-v', 'error', '-y', '-i', path('speech.wav'), '-c:a', 'pcm_f64le', path('f64.wav')]);
    await run('ffmpeg', ['-v', 'error', '-y', '-i', path('speech.wav'), '-ar', '4000', path('4k.wav')]);
    expect(await failure(transcoder.toOggOpus({ bytes: bytesOf('adpcm.wav'), contentType: 'audio/wav' }))).toEqual({
      reason: 'unsupported',
      message: 'the WAV file cannot be read: WAV format 2 with 4 bits is not supported',
    });
    expect((await failure(transcoder.toOggOpus({ bytes: bytesOf('f64.wav'), contentType: 'audio/wav' }))).message).toMatch(/format 3 with 64 bits/);
    expect(await failure(transcoder.toOggOpus({ bytes: bytesOf('4k.wav'), contentType: 'audio/wav' }))).toEqual({
      reason: 'unsupported',
      message: 'a sample rate of 4000 Hz is not supported (8000–192000 Hz)',
    });
  });

  it('an MP3 cut off inside a frame', async () => {
    const mp3 = bytesOf('stereo.mp3');
    expect(await failure(transcoder.toOggOpus({ bytes: mp3.slice(0, mp3.length - 100), contentType: 'audio/mpeg' }))).toEqual({
      reason: 'damaged',
      message: 'the MP3 file is cut short: its last frame is incomplete',
    });
  });

  it('too large or too long: refused from the size and the header before decoding, and while decoding an MP3 that unpacks past the limit', async () => {
    const small = new WasmOggOpus({ maxBytes: 10_000, maxSeconds: 300 });
    expect((await failure(small.toOggOpus({ bytes: wav(), contentType: 'audio/wav' }))).reason).toBe('too-large');
    const short = new WasmOggOpus({ maxBytes: 16 * 1024 * 1024, maxSeconds: 3 });
    expect(await failure(short.toOggOpus({ bytes: wav(), contentType: 'audio/wav' }))).toEqual({
      reason: 'too-long',
      message: 'the recording is longer than 3 seconds',
    });
    expect((await failure(short.toOggOpus({ bytes: bytesOf('vbr.mp3'), contentType: 'audio/mpeg' }))).reason).toBe('too-long');
    // The decoder's own guard, for an MP3 whose header understates it.
    expect((await failure(decodeMp3(bytesOf('stereo.mp3'), 3))).reason).toBe('too-long');
  });
});
