/**
 * Signal processing on mono PCM (Float32, −1…1) for the voice disguise, in plain TypeScript so it runs
 * wherever Node does (Lambda has no ffmpeg): the median pitch of a voice, a band-limited resampler, a
 * WSOLA time stretch, and the two together as a pitch-and-formant shift that keeps the duration.
 */

const MAX_FRAMES = 300;

/** Median fundamental frequency of the voiced frames (normalised autocorrelation, 60–400 Hz), or null when none is voiced. */
export function medianF0(samples: Float32Array, rate: number): number | null {
  const frame = Math.round(rate * 0.04);
  const hop = Math.round(rate * 0.01);
  const minLag = Math.floor(rate / 400);
  const maxLag = Math.ceil(rate / 60);
  if (samples.length < frame + maxLag) return null;
  let loudest = 0;
  const energies: number[] = [];
  for (let at = 0; at + frame + maxLag <= samples.length; at += hop) {
    let e = 0;
    for (let i = at; i < at + frame; i++) e += samples[i]! * samples[i]!;
    energies.push(e);
    loudest = Math.max(loudest, e);
  }
  // Quiet frames (pauses, breath) say nothing about the voice; of the others, at most MAX_FRAMES evenly
  // spread are enough for a median, and keep a five-minute note to a fraction of a second.
  const loud = energies.flatMap((energy, n) => (energy >= loudest * 0.05 && energy > 0 ? [n] : []));
  const stride = Math.max(1, loud.length / MAX_FRAMES);
  const found: number[] = [];
  for (let k = 0; k < loud.length; k += stride) {
    const n = loud[Math.floor(k)]!;
    const energy = energies[n]!;
    const at = n * hop;
    let best = 0;
    let bestLag = 0;
    for (let lag = minLag; lag <= maxLag; lag++) {
      let xy = 0;
      let yy = 0;
      for (let i = at; i < at + frame; i++) {
        xy += samples[i]! * samples[i + lag]!;
        yy += samples[i + lag]! * samples[i + lag]!;
      }
      const r = xy / Math.sqrt(energy * yy || 1);
      if (r > best) {
        best = r;
        bestLag = lag;
      }
    }
    if (best > 0.6) found.push(rate / bestLag);
  }
  if (found.length < 3) return null;
  found.sort((a, b) => a - b);
  return found[Math.floor(found.length / 2)]!;
}

const TAPS = 16;
const PHASES = 256;

/**
 * `samples` read at `step` input samples per output sample, low-passed when that squeezes the spectrum:
 * a Hann-windowed sinc, tabulated at PHASES fractional positions (no sin/cos per sample).
 */
function resampleBy(samples: Float32Array, step: number, length: number): Float32Array {
  const cutoff = Math.min(1, 1 / step);
  const half = Math.ceil(TAPS / cutoff);
  const width = 2 * half;
  const table = new Float32Array((PHASES + 1) * width);
  for (let p = 0; p <= PHASES; p++) {
    const frac = p / PHASES;
    let sum = 0;
    for (let j = 0; j < width; j++) {
      const x = frac + half - 1 - j; // t − k for k = centre − half + 1 + j
      const arg = Math.PI * cutoff * x;
      const w = (arg === 0 ? 1 : Math.sin(arg) / arg) * (0.5 + 0.5 * Math.cos((Math.PI * x) / half));
      table[p * width + j] = w;
      sum += w;
    }
    for (let j = 0; j < width; j++) table[p * width + j]! /= sum;
  }
  const out = new Float32Array(length);
  for (let i = 0; i < length; i++) {
    const t = i * step;
    const centre = Math.floor(t);
    const row = Math.round((t - centre) * PHASES) * width;
    const first = centre - half + 1;
    let sum = 0;
    if (first >= 0 && first + width <= samples.length) {
      for (let j = 0; j < width; j++) sum += samples[first + j]! * table[row + j]!;
    } else {
      for (let j = 0; j < width; j++) {
        const k = first + j;
        if (k >= 0 && k < samples.length) sum += samples[k]! * table[row + j]!;
      }
    }
    out[i] = sum;
  }
  return out;
}

/** From one sample rate to another. */
export function resample(samples: Float32Array, from: number, to: number): Float32Array {
  if (from === to) return samples;
  return resampleBy(samples, from / to, Math.round((samples.length * to) / from));
}

/**
 * Waveform-similarity overlap-add: `factor` times longer (or shorter), the pitch unchanged. Each output
 * frame is taken near its nominal input position where it best continues the previous one, so pitch
 * periods line up instead of smearing.
 */
export function timeStretch(samples: Float32Array, rate: number, factor: number): Float32Array {
  const windowLength = 2 * Math.round(rate * 0.02); // 40 ms: two to eight pitch periods
  const synthesisHop = windowLength / 2;
  const analysisHop = synthesisHop / factor;
  const tolerance = Math.round(rate * 0.0125); // ±12.5 ms: a full period of an 80 Hz voice
  const outLength = Math.round(samples.length * factor);
  const out = new Float32Array(outLength + windowLength);
  const norm = new Float32Array(outLength + windowLength);
  const window = new Float32Array(windowLength);
  for (let i = 0; i < windowLength; i++) window[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / windowLength);
  const at = (i: number): number => (i >= 0 && i < samples.length ? samples[i]! : 0);
  // How well the candidate at `start` continues the previous frame (over the overlap, every other sample).
  const similarity = (natural: number, start: number): number => {
    let s = 0;
    for (let i = 0; i < synthesisHop; i += 2) s += at(natural + i) * at(start + i);
    return s;
  };

  let previous = 0;
  for (let k = 0, outAt = 0; outAt < outLength; k++, outAt += synthesisHop) {
    const nominal = Math.round(k * analysisHop);
    let chosen = nominal;
    if (k > 0) {
      const natural = previous + synthesisHop;
      let best = -Infinity;
      // Coarse search every second offset, then the neighbours of the best.
      for (let d = -tolerance; d <= tolerance; d += 2) {
        const s = similarity(natural, nominal + d);
        if (s > best) {
          best = s;
          chosen = nominal + d;
        }
      }
      for (const d of [chosen - 1, chosen + 1]) {
        const s = similarity(natural, d);
        if (s > best) {
          best = s;
          chosen = d;
        }
      }
    }
    for (let i = 0; i < windowLength; i++) {
      out[outAt + i]! += at(chosen + i) * window[i]!;
      norm[outAt + i]! += window[i]!;
    }
    previous = chosen;
  }
  const result = new Float32Array(outLength);
  for (let i = 0; i < outLength; i++) result[i] = norm[i]! > 1e-3 ? out[i]! / norm[i]! : out[i]!;
  return result;
}

/**
 * Pitch and formants both moved by `ratio` (> 1 higher), the length kept: stretched `ratio` times, then
 * read `ratio` times faster — what ffmpeg's `asetrate` + `atempo` do.
 */
export function shiftPitchAndFormants(samples: Float32Array, rate: number, ratio: number): Float32Array {
  if (ratio === 1) return samples;
  return resampleBy(timeStretch(samples, rate, ratio), ratio, samples.length);
}
