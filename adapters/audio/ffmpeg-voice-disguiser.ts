import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { disguiseShift, pitchRatio, VoiceDisguiseError } from '../../core/voice/disguise.js';
import type { VoiceDisguiser } from '../../core/voice/ports.js';
import { MAX_AUDIO_SECONDS } from '../../core/voice/process-voice.js';
import { AudioDecodeError, decodeToPcm, PCM_RATE } from '../whisper/decode-pcm.js';
import { medianF0 } from './pitch.js';

const run = promisify(execFile);

/**
 * The ffmpeg filter that moves pitch and formants by `ratio` and keeps the duration: Rubber Band
 * (`formant=shifted`: the formants move with the pitch) where this ffmpeg has it, as Debian's does;
 * else the classic chain — play the samples `ratio` times faster (`asetrate`), back to the rate
 * (`aresample`), and stretch back to the length (`atempo`, pitch kept).
 */
export function disguiseFilter(ratio: number, rubberband: boolean): string {
  const r = ratio.toFixed(6);
  return rubberband
    ? `rubberband=pitch=${r}:formant=shifted:pitchq=quality`
    : `asetrate=${PCM_RATE}*${r},aresample=${PCM_RATE},atempo=${(1 / ratio).toFixed(6)}`;
}

/**
 * The disguise with ffmpeg (the local runtime): the note decoded once to 16 kHz PCM (any format ffmpeg
 * reads) to find its pitch, then shifted by one ffmpeg process reading and writing pipes only, out as
 * 16-bit WAV. Nothing touches the disk (MP4 aside, which decodeToPcm reads from a private temporary file).
 */
export class FfmpegVoiceDisguiser implements VoiceDisguiser {
  private rubberband: Promise<boolean> | null = null;

  constructor(private readonly opts: { ffmpeg?: string; rubberband?: boolean } = {}) {}

  /** Does this ffmpeg have the rubberband filter? Asked once. */
  private hasRubberband(): Promise<boolean> {
    if (this.opts.rubberband !== undefined) return Promise.resolve(this.opts.rubberband);
    this.rubberband ??= run(this.opts.ffmpeg ?? 'ffmpeg', ['-hide_banner', '-filters'], { maxBuffer: 4 * 1024 * 1024 }).then(
      ({ stdout }) => /^\s*\S+\s+rubberband\s/m.test(stdout),
      () => false,
    );
    return this.rubberband;
  }

  async disguise(audio: { bytes: Uint8Array; contentType: string }, variant: number): Promise<{ bytes: Uint8Array; contentType: string }> {
    let pcm: Buffer;
    try {
      pcm = await decodeToPcm(audio.bytes, audio.contentType, MAX_AUDIO_SECONDS);
    } catch (error) {
      if (error instanceof AudioDecodeError) throw new VoiceDisguiseError(error.message, { cause: error });
      throw error;
    }
    if (pcm.length < 2) throw new VoiceDisguiseError('the recording holds no audio');
    const samples = new Float32Array(pcm.length >> 1);
    for (let i = 0; i < samples.length; i++) samples[i] = pcm.readInt16LE(i * 2) / 32768;
    const ratio = pitchRatio(disguiseShift(medianF0(samples, PCM_RATE), variant));
    const filter = disguiseFilter(ratio, await this.hasRubberband());
    const args = [
      '-loglevel',
      'error',
      '-f',
      's16le',
      '-ar',
      String(PCM_RATE),
      '-ac',
      '1',
      '-i',
      'pipe:0',
      '-af',
      filter,
      '-ar',
      String(PCM_RATE),
      '-ac',
      '1',
      '-c:a',
      'pcm_s16le',
      '-f',
      'wav',
      'pipe:1',
    ];
    return { bytes: await this.ffmpeg(args, pcm), contentType: 'audio/wav' };
  }

  private ffmpeg(args: string[], input: Uint8Array): Promise<Uint8Array> {
    return new Promise((resolve, reject) => {
      const child = spawn(this.opts.ffmpeg ?? 'ffmpeg', args, { stdio: ['pipe', 'pipe', 'pipe'] });
      const out: Buffer[] = [];
      let errors = '';
      child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
      child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString('utf8')));
      child.on('error', (error) => reject(new VoiceDisguiseError(`ffmpeg could not start (${error.message}): install ffmpeg`)));
      child.on('close', (code) => {
        if (code === 0) resolve(fixWavSizes(Buffer.concat(out)));
        // ffmpeg's last line names the filter or format problem, never the audio's content.
        else reject(new VoiceDisguiseError(`ffmpeg could not disguise the audio: ${errors.trim().split('\n').at(-1) ?? `exit ${code}`}`));
      });
      child.stdin.on('error', () => undefined);
      child.stdin.end(input);
    });
  }
}

/**
 * WAV written to a pipe cannot be rewound: ffmpeg leaves its RIFF and data sizes at 0xFFFFFFFF, which
 * some players then refuse. The whole file is here, so the sizes are set.
 */
function fixWavSizes(wav: Buffer): Buffer {
  if (wav.length < 12 || wav.toString('latin1', 0, 4) !== 'RIFF') return wav;
  wav.writeUInt32LE(wav.length - 8, 4);
  for (let at = 12; at + 8 <= wav.length; ) {
    const size = wav.readUInt32LE(at + 4);
    if (wav.toString('latin1', at, at + 4) === 'data') {
      wav.writeUInt32LE(wav.length - at - 8, at + 4);
      break;
    }
    at += 8 + size + (size % 2);
  }
  return wav;
}
