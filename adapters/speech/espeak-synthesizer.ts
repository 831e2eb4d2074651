import { spawn } from 'node:child_process';
import type { AudioTranscoder, SpeechSynthesizer, Voice } from '../../core/voice-notes/ports.js';

export class SynthesisError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'SynthesisError';
  }
}

/**
 * The espeak-ng voice standing in for a Polly voice, by the Polly language code (core/calls/voices.ts):
 * the region where espeak-ng has it ("fr-BE" → fr-be, "en-GB" → en-gb), else the language ("nl-BE" → nl,
 * "tr-TR" → tr); Polly's "arb" (Modern Standard Arabic) is espeak-ng's "ar".
 */
export function espeakVoice(pollyLanguage: string): string {
  const code = pollyLanguage.toLowerCase();
  if (code === 'arb') return 'ar';
  if (['fr-be', 'en-gb', 'en-us', 'pt-br', 'es-419'].includes(code)) return code;
  return code.split('-')[0] ?? code;
}

/**
 * Text to speech for the local runtime and tests: espeak-ng says the text (read from stdin as UTF-8, so
 * nothing in it can be taken for an option) as WAV, which the transcoder makes Ogg/Opus. The same port as
 * Polly in the cloud; a robotic voice, but every language the calls' voices speak.
 */
export class EspeakSynthesizer implements SpeechSynthesizer {
  readonly id: string;

  constructor(
    private readonly transcoder: AudioTranscoder,
    private readonly espeak = 'espeak-ng',
  ) {
    this.id = `espeak-ng+${transcoder.id}`;
  }

  async synthesize(text: string, voice: Voice): Promise<Uint8Array> {
    const wav = await this.wav(text, espeakVoice(voice.language));
    return this.transcoder.toOggOpus({ bytes: wav, contentType: 'audio/wav' });
  }

  private wav(text: string, voice: string): Promise<Uint8Array> {
    return new Promise((resolve, reject) => {
      // -b 1: the input is UTF-8; -s 150: a little slower than espeak-ng's default 175 words a minute.
      const child = spawn(this.espeak, ['-v', voice, '-b', '1', '-s', '150', '--stdout'], { stdio: ['pipe', 'pipe', 'pipe'] });
      const out: Buffer[] = [];
      let errors = '';
      child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
      child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString('utf8')));
      child.on('error', (error) => reject(new SynthesisError(`espeak-ng could not start (${error.message}): install espeak-ng`)));
      child.on('close', (code) => {
        const wav = Buffer.concat(out);
        if (code === 0 && wav.length > 44) resolve(new Uint8Array(wav.buffer, wav.byteOffset, wav.byteLength));
        else reject(new SynthesisError(`espeak-ng could not say it in "${voice}": ${errors.trim().split('\n').at(-1) ?? `exit ${code}`}`));
      });
      child.stdin.on('error', () => undefined);
      child.stdin.end(text, 'utf8');
    });
  }
}
