import type { AudioTranscoder } from '../../core/voice-notes/ports.js';
import { audioDurationSeconds } from './audio-duration.js';
import { ContainerError, parseWav } from './containers.js';
import { decodeMp3, mp3CutShort, mp3Start } from './mp3-decode.js';
import { muxOggOpus, oggCrc } from './ogg-opus-mux.js';
import { OpusSpeechEncoder } from './opus-encoder.js';
import { resample } from './pitch.js';
import { TranscodeError } from '../../core/voice-notes/transcode-error.js';

/**
 * The rate the encoder is fed. Wideband (16 kHz, so audio up to 8 kHz) holds everything speech needs to
 * be understood — the voice disguise and whisper use the same — and a prompt recorded over the phone
 * (8 kHz) has nothing above it. At 24 kbit/s libopus then spends every bit on that band (SILK, not the
 * SILK+CELT hybrid a 48 kHz input gets), and a frame costs about half the CPU, which counts: the note is
 * made while Twilio waits for the media (15 s). Ogg Opus still counts time in 48 kHz samples (RFC 7845 §4).
 */
export const OPUS_INPUT_RATE = 16_000;
/** 24 kbit/s: the ffmpeg transcoder's rate; a two-minute prompt (the upload limit) is about 360 KB, under the 512 KB within which WhatsApp plays a voice note inline. */
export const OPUS_BITRATE = 24_000;
const FRAME_SAMPLES = OPUS_INPUT_RATE / 50; // 20 ms
const TO_48K = 48_000 / OPUS_INPUT_RATE;
/** The sample rates a recording may have: 8 kHz telephone audio up to 192 kHz studio files. */
const RATES = { min: 8_000, max: 192_000 };

export interface TranscodeLimits {
  /** Bytes in: a recording larger than this is refused before anything is decoded. */
  maxBytes: number;
  /** Seconds of audio, checked from the header and again while decoding. */
  maxSeconds: number;
}

/**
 * 16 MB in and five minutes of audio: well above a prompt (2 MB, two minutes: http/api/prompts-routes.ts),
 * and small enough that the samples fit a Lambda's memory (a 16 MB WAV is at most 16 M samples, 64 MB as floats).
 */
export const DEFAULT_LIMITS: TranscodeLimits = { maxBytes: 16 * 1024 * 1024, maxSeconds: 300 };

const WAV_TYPES = ['audio/wav', 'audio/x-wav', 'audio/wave', 'audio/vnd.wave'];
const MP3_TYPES = ['audio/mpeg', 'audio/mp3', 'audio/mpeg3'];

/**
 * A recording (WAV or MP3, as staff upload prompts for the calls) made into a WhatsApp voice note without
 * ffmpeg, for Lambda: WAV read here (PCM 8/16/24/32-bit, float32, G.711; mono, stereo or more channels), MP3 by mpg123
 * as WebAssembly; mixed to mono, resampled to 16 kHz (adapters/audio/pitch.ts), encoded by libopus as
 * WebAssembly (opus-encoder.ts) in 20 ms frames for speech at 24 kbit/s, and put in Ogg (ogg-opus-mux.ts).
 * The container is told by its bytes; the content type only names what was expected in an error.
 * Everything in memory, nothing on disk; the output is the same for the same input.
 */
export class WasmOggOpus implements AudioTranscoder {
  /** Part of the voice notes' cache key: a change of encoder or settings must bump it. */
  readonly id = 'wasm-opus/1';

  constructor(private readonly limits: TranscodeLimits = DEFAULT_LIMITS) {}

  async toOggOpus(audio: { bytes: Uint8Array; contentType: string }): Promise<Uint8Array> {
    const { samples, rate } = await this.decode(audio);
    const speech = resample(samples, rate, OPUS_INPUT_RATE);
    const encoder = await OpusSpeechEncoder.create({ rate: OPUS_INPUT_RATE, bitrate: OPUS_BITRATE, frameSize: FRAME_SAMPLES });
    try {
      // Enough frames to flush the encoder's delay: the last input sample comes out `lookahead` later.
      const frames = Math.ceil((encoder.lookahead + speech.length) / FRAME_SAMPLES);
      const packets: Uint8Array[] = [];
      const frame = new Int16Array(FRAME_SAMPLES);
      let serial = 0;
      for (let f = 0; f < frames; f++) {
        for (let i = 0; i < FRAME_SAMPLES; i++) {
          const x = speech[f * FRAME_SAMPLES + i] ?? 0;
          // NaN (a float WAV can hold one) is silence; everything is clipped to full scale.
          frame[i] = Number.isNaN(x) ? 0 : Math.round(Math.max(-1, Math.min(1, x)) * 32767);
        }
        const packet = encoder.encode(frame);
        packets.push(packet);
        serial = oggCrc(packet, serial);
      }
      return muxOggOpus({
        packets,
        frameSamples: FRAME_SAMPLES * TO_48K,
        preSkip: encoder.lookahead * TO_48K,
        length: speech.length * TO_48K,
        inputRate: rate,
        // Ogg wants a serial per stream; one derived from the audio keeps the output reproducible.
        serial,
        vendor: `libopus 1.4 (opusscript wasm), ${this.id}`,
      });
    } finally {
      encoder.free();
    }
  }

  private async decode(audio: { bytes: Uint8Array; contentType: string }): Promise<{ samples: Float32Array; rate: number }> {
    const { bytes } = audio;
    const { maxBytes, maxSeconds } = this.limits;
    if (bytes.length === 0) throw new TranscodeError('the recording is empty', 'empty');
    if (bytes.length > maxBytes) throw new TranscodeError(`the recording is larger than ${Math.round(maxBytes / 1024 / 1024)} MB`, 'too-large');
    const type = audio.contentType.split(';')[0]?.trim().toLowerCase() ?? '';
    const wav = isWav(bytes);
    const mp3 = wav ? null : mp3Start(bytes, MP3_TYPES.includes(type));
    if (!wav && mp3 === null)
      throw new TranscodeError(
        `the recording is neither WAV nor MP3${WAV_TYPES.includes(type) || MP3_TYPES.includes(type) ? ` (though sent as ${type})` : ''}`,
        'not-audio',
      );
    // The header's length first: a long file is refused before it is decoded.
    const declared = audioDurationSeconds(bytes, wav ? 'audio/wav' : 'audio/mpeg');
    if (declared !== null && declared > maxSeconds + 1) throw new TranscodeError(`the recording is longer than ${maxSeconds} seconds`, 'too-long');
    let decoded: { samples: Float32Array; rate: number };
    if (wav) {
      try {
        decoded = parseWav(bytes, { cut: 'reject' });
      } catch (error) {
        if (error instanceof ContainerError) throw new TranscodeError(`the WAV file cannot be read: ${error.message}`, error.kind, { cause: error });
        throw error;
      }
    } else {
      const start = mp3 ?? 0;
      if (mp3CutShort(bytes, start)) throw new TranscodeError('the MP3 file is cut short: its last frame is incomplete', 'damaged');
      // From the first frame (its LAME header holds the gapless trim): tags and junk before it are no audio.
      decoded = await decodeMp3(bytes.subarray(start), maxSeconds);
    }
    const { samples, rate } = decoded;
    if (!Number.isInteger(rate) || rate < RATES.min || rate > RATES.max)
      throw new TranscodeError(`a sample rate of ${rate} Hz is not supported (${RATES.min}–${RATES.max} Hz)`, 'unsupported');
    if (samples.length === 0) throw new TranscodeError('the recording holds no audio', 'empty');
    if (samples.length > maxSeconds * rate) throw new TranscodeError(`the recording is longer than ${maxSeconds} seconds`, 'too-long');
    return decoded;
  }
}

const isWav = (b: Uint8Array): boolean =>
  b.length >= 12 && String.fromCharCode(...b.subarray(0, 4)) === 'RIFF' && String.fromCharCode(...b.subarray(8, 12)) === 'WAVE';
