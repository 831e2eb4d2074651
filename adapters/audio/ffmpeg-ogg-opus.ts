import { spawn } from 'node:child_process';
import type { AudioTranscoder } from '../../core/voice-notes/ports.js';
import { TranscodeError } from '../../core/voice-notes/transcode-error.js';

/**
 * Any audio ffmpeg reads (WAV, MP3 from a pipe) to Ogg/Opus as WhatsApp sends voice notes: mono, 48 kHz,
 * Opus tuned for speech (`-application voip`) at 24 kbit/s, so a minute is about 180 KB, well under the
 * 512 KB within which WhatsApp shows a play button rather than a download (Meta's audio-messages guide).
 * Pipes only: nothing touches the disk. ffmpeg on the PATH (the local runtime; Lambda has none and uses
 * WasmOggOpus, wasm-ogg-opus.ts).
 */
export class FfmpegOggOpus implements AudioTranscoder {
  readonly id = 'ffmpeg-opus-24k';

  constructor(private readonly ffmpeg = 'ffmpeg') {}

  toOggOpus(audio: { bytes: Uint8Array; contentType: string }): Promise<Uint8Array> {
    const args = ['-loglevel', 'error', '-i', 'pipe:0', '-vn', '-ac', '1', '-ar', '48000', '-c:a', 'libopus', '-b:a', '24k', '-application', 'voip'];
    return new Promise((resolve, reject) => {
      const child = spawn(this.ffmpeg, [...args, '-f', 'ogg', 'pipe:1'], { stdio: ['pipe', 'pipe', 'pipe'] });
      const out: Buffer[] = [];
      let errors = '';
      child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
      child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString('utf8')));
      child.on('error', (error) => reject(new TranscodeError(`ffmpeg could not start (${error.message}): install ffmpeg`)));
      child.on('close', (code) => {
        const ogg = Buffer.concat(out);
        if (code === 0 && ogg.length > 0) resolve(new Uint8Array(ogg.buffer, ogg.byteOffset, ogg.byteLength));
        // ffmpeg's last line names the format problem, never the audio's content.
        else reject(new TranscodeError(`ffmpeg could not make Ogg/Opus: ${errors.trim().split('\n').at(-1) ?? `exit ${code}`}`, 'damaged'));
      });
      child.stdin.on('error', () => undefined);
      child.stdin.end(audio.bytes);
    });
  }
}
