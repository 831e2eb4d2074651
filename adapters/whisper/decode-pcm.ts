import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** whisper.cpp's input: 16-bit little-endian PCM, mono, 16 kHz. */
export const PCM_RATE = 16_000;

export class AudioDecodeError extends Error {
  readonly code = 'AUDIO_DECODE';
  constructor(message: string) {
    super(message);
    this.name = 'AudioDecodeError';
  }
}

// MP4 keeps its index (moov) at the end of the file more often than not: ffmpeg cannot read it from a pipe.
const NEEDS_SEEKING = /^audio\/(mp4|m4a|x-m4a)\b/;

/**
 * Decode any voice note ffmpeg understands to whisper's PCM, at most `maxSeconds` of it. From a pipe
 * where possible; MP4 through a private temporary file, deleted at once.
 */
export async function decodeToPcm(bytes: Uint8Array, contentType: string, maxSeconds: number): Promise<Buffer> {
  if (!NEEDS_SEEKING.test(contentType)) return ffmpeg('pipe:0', bytes, maxSeconds);
  const dir = await mkdtemp(join(tmpdir(), 'stem-decode-'));
  try {
    const file = join(dir, 'note');
    await writeFile(file, bytes, { mode: 0o600 });
    return await ffmpeg(file, null, maxSeconds);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function ffmpeg(input: string, stdin: Uint8Array | null, maxSeconds: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn('ffmpeg', ['-loglevel', 'error', '-i', input, '-t', String(maxSeconds), '-f', 's16le', '-ac', '1', '-ar', String(PCM_RATE), 'pipe:1'], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    let errors = '';
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString('utf8')));
    child.on('error', (error) => reject(new AudioDecodeError(`ffmpeg could not start (${error.message}): install ffmpeg`)));
    child.on('close', (code) => {
      if (code === 0) resolve(Buffer.concat(out));
      // ffmpeg's message names the format problem, never the audio's content.
      else reject(new AudioDecodeError(`ffmpeg could not decode the audio: ${errors.trim().split('\n').at(-1) ?? `exit ${code}`}`));
    });
    child.stdin.on('error', () => undefined); // ffmpeg may stop reading early (-t): not an error
    child.stdin.end(stdin ?? undefined);
  });
}
