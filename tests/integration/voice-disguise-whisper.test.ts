import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FfmpegVoiceDisguiser } from '../../adapters/audio/ffmpeg-voice-disguiser.js';
import { JsVoiceDisguiser } from '../../adapters/audio/js-voice-disguiser.js';
import { openWhisper } from '../../adapters/whisper/open-whisper.js';
import { loadWhisperBinding } from '../../adapters/whisper/whisper-binding.js';
import type { AudioStore } from '../../core/voice/ports.js';
import { writeTinyWhisperModel } from '../support/tiny-whisper-model.js';

/**
 * A disguised voice still goes through the local whisper path: real espeak-ng speech as a WhatsApp
 * Ogg/Opus note, disguised by each disguiser, then decoded by ffmpeg and run through whisper.cpp.
 *
 * With the tiny programmed model (tests/support/tiny-whisper-model.ts) this proves the path — the
 * disguised WAV decodes, the native inference runs and completes — not the words: that model says its
 * sentence whatever it hears. With a real model (`WHISPER_MODEL=/path/to/ggml-base.bin`), the words
 * are checked too: most of what whisper hears in the original it must still hear in the disguise.
 */

const binding = await loadWhisperBinding().catch(() => null);

// CI installs the binding (.ci/run: npm run whisper:install): there the tests below must run, never skip quietly.
it.runIf(process.env['CI'] === 'true')('has the whisper.cpp binding in CI', () => {
  expect(binding).not.toBeNull();
});
const realModel = process.env.WHISPER_MODEL && existsSync(process.env.WHISPER_MODEL) ? process.env.WHISPER_MODEL : null;
const work = mkdtempSync(join(tmpdir(), 'stem-disguise-whisper-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const TEXT = 'Ik wacht al drie weken op een antwoord. De mensen zijn vriendelijk, maar het duurt te lang.';
function note(): Buffer {
  const wav = join(work, 'note.wav');
  const ogg = join(work, 'note.ogg');
  execFileSync('espeak-ng', ['-v', 'nl', '-s', '140', '-w', wav, TEXT]);
  execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-i', wav, '-c:a', 'libopus', '-b:a', '24k', ogg]);
  return readFileSync(ogg);
}

const DISGUISERS = [
  { name: 'ffmpeg + rubberband', disguiser: new FfmpegVoiceDisguiser() },
  { name: 'TypeScript + wasm (Lambda)', disguiser: new JsVoiceDisguiser() },
];

async function transcribe(modelPath: string, audio: { bytes: Uint8Array; contentType: string }) {
  const store: AudioStore = { put: async () => undefined, get: async () => audio, remove: async () => undefined };
  const opened = await openWhisper(modelPath, store);
  try {
    return await opened.transcriber.start({ jobName: 'stem-d', audioKey: 'd', contentType: audio.contentType, language: 'nl', candidates: ['nl'] });
  } finally {
    await opened.release();
  }
}

const words = (text: string): string[] =>
  text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s]/gu, ' ')
    .split(/\s+/)
    .filter(Boolean);

describe.runIf(binding)('a disguised voice through the local whisper path (tiny programmed model)', () => {
  const model = join(work, 'ggml-tiny-programmed.bin');
  it.each(DISGUISERS)(
    '$name: decoded by ffmpeg and transcribed by whisper.cpp',
    async ({ disguiser }) => {
      writeTinyWhisperModel(model, { language: 'nl', words: [' Ik', ' wacht.'] });
      const disguised = await disguiser.disguise({ bytes: note(), contentType: 'audio/ogg' }, 0.5);
      expect(await transcribe(model, disguised)).toEqual({ status: 'completed', text: 'Ik wacht.', language: 'nl' });
    },
    60_000,
  );
});

describe.runIf(binding && realModel)('a disguised voice is still understood (a real whisper model, WHISPER_MODEL)', () => {
  it.each(DISGUISERS)(
    '$name: at least 70 % of the words heard in the original are heard in the disguise',
    async ({ disguiser }) => {
      const bytes = note();
      const plain = await transcribe(realModel ?? '', { bytes, contentType: 'audio/ogg' });
      const disguised = await transcribe(realModel ?? '', await disguiser.disguise({ bytes, contentType: 'audio/ogg' }, 0.5));
      if (plain.status !== 'completed' || disguised.status !== 'completed') throw new Error('whisper did not complete');
      const heard = new Set(words(disguised.text));
      const reference = words(plain.text);
      expect(reference.filter((w) => heard.has(w)).length / reference.length, `${plain.text} | ${disguised.text}`).toBeGreaterThanOrEqual(0.7);
    },
    120_000,
  );
});
