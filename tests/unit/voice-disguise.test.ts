import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseWav } from '../../adapters/audio/containers.js';
import { FfmpegVoiceDisguiser } from '../../adapters/audio/ffmpeg-voice-disguiser.js';
import { JsVoiceDisguiser } from '../../adapters/audio/js-voice-disguiser.js';
import { disguiseShift, MIN_SHIFT_SEMITONES } from '../../core/voice/disguise.js';
import type { VoiceDisguiser } from '../../core/voice/ports.js';

/**
 * The voice disguise on real speech: espeak-ng says a sentence (a low voice and a high one), ffmpeg
 * makes it the containers that reach the human queue (a WhatsApp Ogg/Opus note, a call's 8 kHz µ-law
 * WAV), and each disguiser — ffmpeg with Rubber Band, ffmpeg's asetrate/atempo chain, the TypeScript
 * and WebAssembly one Lambda uses — must keep the length and move the voice's fundamental frequency by
 * at least MIN_SHIFT_SEMITONES. Pitch is measured here by our own estimator (YIN's cumulative mean
 * normalised difference), not by the one the disguisers use to choose the direction, and the lengths by
 * ffprobe.
 */

const run = promisify(execFile);
const work = mkdtempSync(join(tmpdir(), 'stem-disguise-'));
const SENTENCE = 'Goedemiddag. Ik wacht al drie weken op een antwoord over mijn dossier, en niemand belt mij terug.';

/** espeak-ng voices: its default Dutch male voice (around 100 Hz) and a female variant (around 200 Hz). */
const VOICES = [
  { name: 'low voice', voice: 'nl', expectedDirection: 1 },
  { name: 'high voice', voice: 'nl+f4', expectedDirection: -1 },
] as const;

const CONTAINERS = [
  { name: 'WhatsApp voice note (Ogg/Opus)', file: 'note.ogg', contentType: 'audio/ogg', ffmpeg: ['-c:a', 'libopus', '-b:a', '24k'] },
  { name: 'call recording (8 kHz µ-law WAV)', file: 'call.wav', contentType: 'audio/wav', ffmpeg: ['-ar', '8000', '-c:a', 'pcm_mulaw'] },
] as const;

const DISGUISERS: ReadonlyArray<{ name: string; make: () => VoiceDisguiser }> = [
  { name: 'ffmpeg + rubberband (local)', make: () => new FfmpegVoiceDisguiser({ rubberband: true }) },
  { name: 'ffmpeg asetrate/atempo (an ffmpeg without rubberband)', make: () => new FfmpegVoiceDisguiser({ rubberband: false }) },
  { name: 'TypeScript + opus-decoder wasm (Lambda)', make: () => new JsVoiceDisguiser() },
];

/** YIN (de Cheveigné & Kawahara 2002): the median F0 of voiced 40 ms frames, 70–400 Hz. */
function yinMedianF0(samples: Float32Array, rate: number): number {
  const frame = Math.round(rate * 0.04);
  const maxLag = Math.ceil(rate / 70);
  const minLag = Math.floor(rate / 400);
  const f0s: number[] = [];
  let loudest = 0;
  for (let i = 0; i < samples.length; i++) loudest = Math.max(loudest, Math.abs(samples[i] ?? 0));
  for (let at = 0; at + frame + maxLag < samples.length; at += Math.round(rate * 0.01)) {
    let peak = 0;
    for (let i = at; i < at + frame; i++) peak = Math.max(peak, Math.abs(samples[i] ?? 0));
    if (peak < loudest * 0.2) continue;
    const d = new Float64Array(maxLag + 1);
    for (let lag = 1; lag <= maxLag; lag++) {
      let sum = 0;
      for (let i = at; i < at + frame; i++) sum += ((samples[i] ?? 0) - (samples[i + lag] ?? 0)) ** 2;
      d[lag] = sum;
    }
    let running = 0;
    let lag = 0;
    for (let tau = 1; tau <= maxLag; tau++) {
      running += d[tau] ?? 0;
      const cmnd = running === 0 ? 1 : ((d[tau] ?? 0) * tau) / running;
      if (tau >= minLag && cmnd < 0.15) {
        lag = tau;
        // The bottom of this dip, not its first sample under the threshold.
        while (lag + 1 <= maxLag && (d[lag + 1] ?? 0) < (d[lag] ?? 0)) lag++;
        break;
      }
    }
    if (lag > 0) f0s.push(rate / lag);
  }
  f0s.sort((a, b) => a - b);
  if (f0s.length < 20) throw new Error(`only ${f0s.length} voiced frames: not speech`);
  return f0s[Math.floor(f0s.length / 2)] ?? 0;
}

const semitones = (from: number, to: number): number => 12 * Math.log2(to / from);

async function seconds(file: string): Promise<number> {
  const { stdout } = await run('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', file]);
  return Number(stdout.trim());
}

/** A file's audio as 16 kHz mono samples (ffmpeg decodes: whatever the container). */
function samplesOf(file: string): Float32Array {
  const wav = execFileSync('ffmpeg', ['-loglevel', 'error', '-i', file, '-ac', '1', '-ar', '16000', '-c:a', 'pcm_s16le', '-f', 'wav', 'pipe:1'], {
    maxBuffer: 64 * 1024 * 1024,
  });
  return parseWav(new Uint8Array(wav)).samples;
}

let made = 0;
const source = (voice: string, file: string) => join(work, `${voice.replace(/\W/g, '_')}-${file}`);

beforeAll(async () => {
  await Promise.all(
    VOICES.map(async ({ voice }) => {
      const wav = source(voice, 'speech.wav');
      await run('espeak-ng', ['-v', voice, '-s', '150', '-w', wav, SENTENCE]);
      await Promise.all(CONTAINERS.map((c) => run('ffmpeg', ['-loglevel', 'error', '-y', '-i', wav, ...c.ffmpeg, source(voice, c.file)])));
    }),
  );
}, 60_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the shift chosen for a voice', () => {
  it('moves low voices up and high voices down, by 4 to 6 semitones, the same for every listen of one answer', () => {
    expect(disguiseShift(100, 0)).toBe(4);
    expect(disguiseShift(220, 0.999)).toBeCloseTo(-6, 2);
    expect(disguiseShift(null, 0.5)).toBe(5);
    expect(disguiseShift(100, 0.3)).toBe(disguiseShift(100, 0.3));
  });
});

describe.each(DISGUISERS)('$name', ({ make }) => {
  const disguiser = make();
  describe.each(VOICES)('$name', ({ voice, expectedDirection }) => {
    it.each(CONTAINERS)(
      '$name: same length (±3 %), F0 moved ≥ 4 semitones the right way, a new WAV',
      async (container) => {
        const input = source(voice, container.file);
        const bytes = new Uint8Array(readFileSync(input));
        const out = await disguiser.disguise({ bytes, contentType: container.contentType }, 0.25);
        expect(out.contentType).toBe('audio/wav');
        expect(Buffer.from(out.bytes.subarray(0, 4)).toString()).toBe('RIFF');
        const outFile = `${input}.disguised-${++made}.wav`;
        writeFileSync(outFile, out.bytes);

        const [before, after] = await Promise.all([seconds(input), seconds(outFile)]);
        expect(Math.abs(after - before) / before, `${before} s → ${after} s`).toBeLessThan(0.03);

        const f0Before = yinMedianF0(samplesOf(input), 16_000);
        const f0After = yinMedianF0(samplesOf(outFile), 16_000);
        const moved = semitones(f0Before, f0After);
        expect(Math.sign(moved), `${f0Before.toFixed(0)} Hz → ${f0After.toFixed(0)} Hz`).toBe(expectedDirection);
        expect(Math.abs(moved), `${f0Before.toFixed(0)} Hz → ${f0After.toFixed(0)} Hz`).toBeGreaterThanOrEqual(MIN_SHIFT_SEMITONES - 0.75);
      },
      30_000,
    );
  });

  it('refuses what it cannot read instead of passing the original on', async () => {
    await expect(disguiser.disguise({ bytes: new TextEncoder().encode('not audio at all, just text'), contentType: 'audio/ogg' }, 0.5)).rejects.toMatchObject({
      name: 'VoiceDisguiseError',
    });
  });
});

describe('the Lambda disguiser and the size of a Lambda answer', () => {
  it('sends a long note at a lower rate so it fits, still the whole length', async () => {
    const input = source('nl', 'note.ogg');
    const bytes = new Uint8Array(readFileSync(input));
    const out = await new JsVoiceDisguiser({ maxBytes: 100_000 }).disguise({ bytes, contentType: 'audio/ogg' }, 0.5);
    expect(out.bytes.length).toBeLessThanOrEqual(100_000);
    const wav = parseWav(out.bytes);
    expect(wav.rate).toBeLessThan(16_000);
    expect(Math.abs(wav.samples.length / wav.rate - (await seconds(input))) / (await seconds(input))).toBeLessThan(0.03);
  });
});
