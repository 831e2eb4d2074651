import { OpusDecoder } from 'opus-decoder';
import { disguiseShift, pitchRatio, VoiceDisguiseError } from '../../core/voice/disguise.js';
import type { VoiceDisguiser } from '../../core/voice/ports.js';
import { encodeWav, oggOpusPackets, parseWav } from './containers.js';
import { medianF0, resample, shiftPitchAndFormants } from './pitch.js';

/** The disguise works on wideband speech: 16 kHz keeps everything up to 8 kHz, more than a voice needs to be understood. */
export const DISGUISE_RATE = 16_000;

const base = (contentType: string): string => contentType.split(';')[0]?.trim().toLowerCase() ?? '';

async function decode(audio: { bytes: Uint8Array; contentType: string }): Promise<{ samples: Float32Array; rate: number }> {
  const type = base(audio.contentType);
  if (['audio/wav', 'audio/x-wav', 'audio/wave'].includes(type)) return parseWav(audio.bytes);
  if (type === 'audio/ogg' || type === 'audio/opus') {
    const ogg = oggOpusPackets(audio.bytes);
    // opus-decoder is libopus compiled to WebAssembly: the participant's file is parsed inside its sandbox.
    const decoder = new OpusDecoder({ sampleRate: DISGUISE_RATE, channels: ogg.channels, preSkip: ogg.preSkip });
    await decoder.ready;
    try {
      const decoded = decoder.decodeFrames(ogg.packets);
      const [left, right] = decoded.channelData;
      if (!left) throw new VoiceDisguiseError('the Opus stream holds no audio');
      const mono = right ? left.map((x, i) => (x + (right[i] ?? 0)) / 2) : left;
      return { samples: mono.subarray(0, decoded.samplesDecoded), rate: decoded.sampleRate };
    } finally {
      decoder.free();
    }
  }
  throw new VoiceDisguiseError(`${type || 'this audio type'} is not read here (only WAV and Ogg/Opus)`);
}

/**
 * The disguise without ffmpeg, for Lambda: WAV and Ogg/Opus (call recordings and WhatsApp voice notes,
 * what reaches the queue in the cloud) decoded in TypeScript and WebAssembly, pitch and formants moved
 * by a WSOLA stretch and a band-limited resampler (adapters/audio/pitch.ts), out as 16-bit WAV.
 * `maxBytes`: a Lambda answer holds about 6 MB after base64, so a long note is sent at a lower rate
 * (still speech) rather than not at all.
 */
export class JsVoiceDisguiser implements VoiceDisguiser {
  constructor(private readonly opts: { maxBytes?: number } = {}) {}

  async disguise(audio: { bytes: Uint8Array; contentType: string }, variant: number): Promise<{ bytes: Uint8Array; contentType: string }> {
    let decoded: { samples: Float32Array; rate: number };
    try {
      decoded = await decode(audio);
    } catch (error) {
      if (error instanceof VoiceDisguiseError) throw error;
      throw new VoiceDisguiseError(`the recording could not be read (${error instanceof Error ? error.message : 'unknown'})`, { cause: error });
    }
    const speech = resample(decoded.samples, decoded.rate, DISGUISE_RATE);
    if (speech.length === 0) throw new VoiceDisguiseError('the recording holds no audio');
    const ratio = pitchRatio(disguiseShift(medianF0(speech, DISGUISE_RATE), variant));
    const shifted = shiftPitchAndFormants(speech, DISGUISE_RATE, ratio);
    const seconds = shifted.length / DISGUISE_RATE;
    const fits = this.opts.maxBytes ? Math.floor((this.opts.maxBytes - 44) / 2 / seconds) : DISGUISE_RATE;
    const rate = Math.max(4000, Math.min(DISGUISE_RATE, fits));
    return { bytes: encodeWav(resample(shifted, DISGUISE_RATE, rate), rate), contentType: 'audio/wav' };
  }
}
