import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AudioDecodeError, decodeToPcm, PCM_RATE } from '../../adapters/whisper/decode-pcm.js';
import { loadWhisperBinding } from '../../adapters/whisper/whisper-binding.js';
import { isEnglishOnlyModel, WhisperTranscriber } from '../../adapters/whisper/whisper-transcriber.js';
import { openWhisper, WhisperModelError } from '../../adapters/whisper/open-whisper.js';
import type { AudioStore } from '../../core/voice/ports.js';
import type { LocalStack } from '../../local/stack.js';
import { startSeededStack } from '../support/seeded-stack.js';
import { writeTinyWhisperModel } from '../support/tiny-whisper-model.js';

/**
 * Local transcription with the real whisper.cpp binding (`npm run whisper:install`; `.ci/run` installs
 * it). No speech model can be downloaded here, so the model is a tiny one whose weights are programmed
 * (tests/support/tiny-whisper-model.ts): it detects Dutch and "says" a fixed sentence whatever it hears.
 * Everything else is real: espeak-ng speech as Ogg/Opus, the simulator's upload, the local Twilio media
 * host, the encrypted store, ffmpeg decoding, the native inference, redaction, the export.
 */

const work = mkdtempSync(join(tmpdir(), 'stem-whisper-'));
const model = join(work, 'ggml-tiny-programmed.bin');
const SAID = [' Ik', ' wacht', ' al', ' drie', ' weken.', ' Mijn', ' nummer', ' is', ' 0470', ' 12', ' 34', ' 56.'];
const binding = await loadWhisperBinding().catch(() => null);

// CI installs the binding (.ci/run: npm run whisper:install): there the tests below must run, never skip quietly.
it.runIf(process.env['CI'] === 'true')('has the whisper.cpp binding in CI', () => {
  expect(binding).not.toBeNull();
});

function speech(name: string, voice: string, text: string, codec: string[], ext: string): Buffer {
  const wav = join(work, `${name}.wav`);
  const out = join(work, `${name}.${ext}`);
  execFileSync('espeak-ng', ['-v', voice, '-w', wav, text]);
  execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-i', wav, ...codec, out]);
  return readFileSync(out);
}

beforeAll(() => writeTinyWhisperModel(model, { language: 'nl', words: SAID }));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('decoding voice notes for whisper (real ffmpeg)', () => {
  it('turns Ogg/Opus and MP4 voice notes into 16 kHz mono PCM of the same length', async () => {
    const ogg = speech('ogg', 'nl', 'Ik wacht al drie weken', ['-c:a', 'libopus'], 'ogg');
    const m4a = speech('m4a', 'nl', 'Ik wacht al drie weken', ['-c:a', 'aac'], 'm4a');
    const wavSeconds = Number(execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', join(work, 'ogg.wav')]).toString());
    for (const [bytes, type] of [
      [ogg, 'audio/ogg'],
      [m4a, 'audio/mp4'],
    ] as const) {
      const pcm = await decodeToPcm(bytes, type, 300);
      expect(Math.abs(pcm.length / 2 / PCM_RATE - wavSeconds)).toBeLessThan(0.1);
    }
  });

  it('stops at the limit and names a file it cannot read', async () => {
    const long = speech('long', 'nl', 'een twee drie vier vijf zes zeven acht negen tien', ['-c:a', 'libopus'], 'ogg');
    expect((await decodeToPcm(long, 'audio/ogg', 1)).length).toBe(2 * PCM_RATE);
    await expect(decodeToPcm(Buffer.from('not audio at all'), 'audio/ogg', 300)).rejects.toBeInstanceOf(AudioDecodeError);
  });

  it('knows English-only models by their file name', () => {
    expect(isEnglishOnlyModel('/models/ggml-base.en.bin')).toBe(true);
    expect(isEnglishOnlyModel('ggml-tiny.en-q5_1.bin')).toBe(true);
    expect(isEnglishOnlyModel('/models/ggml-base.bin')).toBe(false);
    expect(isEnglishOnlyModel('/home/en.user/ggml-small.bin')).toBe(false);
  });
});

describe('opening a model', () => {
  it('a missing model file or binding is a clear start-up error, not a crash later', async () => {
    const nowhere: AudioStore = { put: async () => undefined, get: async () => null, remove: async () => undefined };
    await expect(openWhisper(join(work, 'nope.bin'), nowhere)).rejects.toBeInstanceOf(WhisperModelError);
    // Not in the project's node_modules, and no .whisper/ there: told how to install it.
    await expect(loadWhisperBinding(join(work, 'no-install'))).rejects.toThrow(/npm run whisper:install/);
  });
});

describe.runIf(binding)('local Whisper in the local stack (real whisper.cpp binding, tiny programmed model)', () => {
  let stack: LocalStack | undefined;
  const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

  beforeAll(async () => {
    stack = await startSeededStack({
      serviceNumber: '+3225550100',
      simulator: true,
      sweepEveryMs: 3_600_000,
      logger: silent,
      whisperModel: model,
    });
  }, 60_000);
  afterAll(async () => stack?.stop(), 30_000);

  const running = (): LocalStack => {
    if (!stack) throw new Error('the local stack did not start');
    return stack;
  };
  const send = async (phone: string, text: string) => {
    const res = await fetch(`${running().url}/simulator/api/send`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ channel: 'whatsapp', phone, text }),
    });
    expect(res.status).toBe(200);
  };

  it('a Dutch voice note is transcribed in-process, redacted, attached and exported; every copy of the audio is gone', async () => {
    const s = running();
    const phone = '+32470222001';
    for (const text of ['JOIN DEMO', '1', '1', '4', '1']) await send(phone, text);
    const form = new FormData();
    form.set('channel', 'whatsapp');
    form.set('phone', phone);
    form.set(
      'file',
      new Blob([new Uint8Array(speech('note', 'nl', 'Ik wacht al drie weken. Mijn nummer is nul vier zeven nul.', ['-c:a', 'libopus'], 'ogg'))], {
        type: 'audio/ogg; codecs=opus',
      }),
      'note.ogg',
    );
    const posted = await fetch(`${s.url}/simulator/api/send-media`, { method: 'POST', body: form });
    expect(posted.status).toBe(200);
    await s.voiceQueue.drained();

    expect(await s.deps.voiceJobs.unfinished()).toEqual([]); // nothing left to do: not in the human queue either
    // They finish the survey, and four more do by text: results are released once five have finished.
    for (const text of ['1', 'Meer uren open', 'ja']) await send(phone, text);
    for (const other of ['+32470222002', '+32470222003', '+32470222004', '+32470222005']) {
      for (const text of ['JOIN DEMO', '1', 'ja', '3', '1', 'Vriendelijk onthaal', '1', 'Meer uren open', 'ja']) await send(other, text);
    }
    const voiceAnswers = await (
      await fetch(`${s.url}/api/projects/demo/rounds/demo-start/voice-answers`, { headers: { authorization: `Bearer ${s.tokens.staffDemo}` } })
    ).json();
    expect(voiceAnswers).toMatchObject({
      answers: [{ questionId: 'respected.probe', voice: 'transcribed', transcript: 'Ik wacht al drie weken. Mijn nummer is [phone].' }],
    });
    const csv = await (
      await fetch(`${s.url}/api/projects/demo/rounds/demo-start/results.csv`, { headers: { authorization: `Bearer ${s.tokens.staffDemo}` } })
    ).text();
    const row = csv.split('\n').find((line) => line.includes('respected.probe') && line.includes('transcribed'));
    expect(row).toContain('Ik wacht al drie weken. Mijn nummer is [phone].');
    expect(csv).not.toContain('0470');
    expect(s.mediaHost.count()).toBe(0); // deleted at "Twilio"
    expect(readdirSync(s.mediaDir)).toEqual([]); // and our encrypted copy too
  }, 60_000);

  it('identifies the language when the participant never chose one, and keeps to the project languages', async () => {
    const s = running();
    const ogg = speech('auto', 'nl', 'Ik wacht al drie weken.', ['-c:a', 'libopus'], 'ogg');
    const store = new Map<string, { bytes: Uint8Array; contentType: string }>([['k', { bytes: ogg, contentType: 'audio/ogg' }]]);
    const audio: AudioStore = { put: async () => undefined, get: async (key) => store.get(key) ?? null, remove: async () => undefined };
    const whisper = s.voice.transcribers.find((t) => t.name === 'whisper');
    expect(whisper).toBeInstanceOf(WhisperTranscriber);
    const opened = await openWhisper(model, audio);
    try {
      const request = { jobName: 'stem-k', audioKey: 'k', contentType: 'audio/ogg', language: null };
      expect(await opened.transcriber.start({ ...request, candidates: ['fr', 'nl'] })).toEqual({
        status: 'completed',
        text: SAID.join('').trim(),
        language: 'nl',
      });
      expect(await opened.transcriber.start({ ...request, candidates: ['fr', 'en'] })).toEqual({
        status: 'failed',
        reason: "identified language nl is not one of the project's",
      });
      expect(opened.transcriber.covers('ti', ['ti'])).toBe(false); // Tigrinya: to a person
      expect(opened.transcriber.covers(null, ['ti', 'ar'])).toBe(true);
    } finally {
      await opened.release();
    }
  }, 60_000);
});
