/**
 * The voice-note route as the local runtime wires it (local/stack.ts): DynamoDB Local for the survey and
 * the recorded prompts, the encrypted file audio store (LocalAudioStore) as both the recordings' store and
 * the notes' cache, espeak-ng and ffmpeg behind the ports. Every port the notes cost is counted through a
 * wrapper: syntheses, transcodes (the synthesizer's own ffmpeg step included, as it shares the transcoder
 * like the local stack does), audio-store reads and writes by kind, DynamoDB requests, and the route's own
 * "voice-note.served" log lines (cached or not).
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Hono } from 'hono';
import { FfmpegOggOpus } from '../adapters/audio/ffmpeg-ogg-opus.js';
import { generateProtectorKeys } from '../adapters/crypto/node-protector.js';
import { ensureTable } from '../adapters/dynamodb/table.js';
import { LocalAudioStore } from '../adapters/local/local-audio-store.js';
import { EspeakSynthesizer } from '../adapters/speech/espeak-synthesizer.js';
import { promptId } from '../core/calls/prompts.js';
import type { Logger } from '../core/ports.js';
import type { AudioStore } from '../core/voice/ports.js';
import type { AudioTranscoder, SpeechSynthesizer } from '../core/voice-notes/ports.js';
import type { SpeechRef } from '../core/voice-notes/speech.js';
import { VOICE_NOTE_TYPE } from '../core/voice-notes/voice-note.js';
import type { CompiledSurvey } from '../flows/compile.js';
import type { SurveyDefinition } from '../flows/definition.js';
import { composeConversation } from '../functions/commons/compose.js';
import { composeVoiceNotes } from '../functions/commons/compose-voice-notes.js';
import { savePrompt } from '../http/api/prompts-routes.js';
import { voiceNoteRoutes } from '../http/voice-note-routes.js';
import { voiceNoteUrl } from '../http/voice-note-urls.js';
import { startDynamoDbLocal } from '../local/dynamodb-local.js';
import { countReads } from './dynamo-io.js';

const TABLE = 'bench-voice-notes';
const BASE = 'https://stem.bench.invalid';
export const ORGANISATION = 'bench-org';
/** Amharic shares Tigrinya's Ge'ez script and much of its sound; espeak-ng has no Tigrinya voice. */
const RECORDING_VOICE = 'am';

export interface Counts {
  syntheses: number;
  transcodes: number;
  cacheReads: number;
  cacheWrites: number;
  recordingReads: number;
  dynamoRequests: number;
  servedMade: number;
  servedCached: number;
}

export interface Fetched {
  ms: number;
  bytes: Uint8Array;
}

export interface VoiceNoteWorld {
  /** One request through the route with a freshly signed URL; throws unless it is 200 audio/ogg (Ogg for a GET). */
  fetch(ref: SpeechRef, method?: 'GET' | 'HEAD'): Promise<Fetched>;
  counts(): Counts;
  /** Record these questions in `language` as staff upload them (espeak-ng WAV → savePrompt); returns the bytes stored. */
  record(survey: CompiledSurvey, language: string, questionIds: readonly string[]): Promise<number>;
  stop(): Promise<void>;
}

export async function voiceNoteWorld(survey: SurveyDefinition): Promise<VoiceNoteWorld> {
  const dynamo = await startDynamoDbLocal();
  const dir = mkdtempSync(join(tmpdir(), 'stem-bench-voice-notes-'));
  try {
    await ensureTable(dynamo.client, TABLE);
    const counts: Counts = { syntheses: 0, transcodes: 0, cacheReads: 0, cacheWrites: 0, recordingReads: 0, dynamoRequests: 0, servedMade: 0, servedCached: 0 };
    const audio = countingStore(new LocalAudioStore(join(dir, 'media'), randomBytes(32)), counts);
    const failures: string[] = [];
    const logger = countingLogger(counts, failures);
    const base = composeConversation({ dynamoDb: dynamo.client, tableName: TABLE, keys: generateProtectorKeys(), logger, audio });
    await base.directory.saveSurvey(survey);
    const reads = countReads(dynamo.client);
    const transcoder = countingTranscoder(new FfmpegOggOpus(), counts);
    const synthesizer = countingSynthesizer(new EspeakSynthesizer(transcoder), counts);
    const { notes } = composeVoiceNotes(base, { audio, synthesizer, transcoder });
    const app: Hono = voiceNoteRoutes({ protector: base.protector, clock: base.clock, logger, notes });

    return {
      async fetch(ref, method = 'GET') {
        const url = new URL(voiceNoteUrl(base.protector, BASE, ref, base.clock.now()));
        const started = performance.now();
        const res = await app.request(`${url.pathname}${url.search}`, { method });
        const bytes = new Uint8Array(await res.arrayBuffer());
        const ms = performance.now() - started;
        const what = `${method} ${ref.questionId} in ${ref.language}`;
        if (res.status !== 200 || res.headers.get('content-type') !== VOICE_NOTE_TYPE) {
          throw new Error(`${what}: ${res.status} ${res.headers.get('content-type')}${failures.length ? ` (${failures.join('; ')})` : ''}`);
        }
        if (method === 'GET' && Buffer.from(bytes.subarray(28, 36)).toString('latin1') !== 'OpusHead') throw new Error(`${what}: not Ogg/Opus`);
        return { ms, bytes };
      },
      counts: () => {
        counts.dynamoRequests += reads.take().requests;
        return { ...counts };
      },
      async record(compiled, language, questionIds) {
        let stored = 0;
        for (const questionId of questionIds) {
          const words = compiled.askables.get(questionId)?.text[language];
          if (!words) throw new Error(`${questionId} has no ${language} text to record`);
          const wav = join(dir, `${questionId}-${language}.wav`);
          execFileSync('espeak-ng', ['-v', RECORDING_VOICE, '-b', '1', '-w', wav, words]);
          const bytes = new Uint8Array(readFileSync(wav));
          stored += bytes.byteLength;
          const scope = { organisationId: ORGANISATION, surveyId: compiled.definition.id, surveyVersion: compiled.definition.version };
          const id = promptId({ kind: 'question', questionId });
          await savePrompt({ prompts: base.prompts, clock: base.clock, voice: { audio } }, scope, {
            language,
            promptId: id,
            bytes,
            contentType: 'audio/wav',
            source: 'upload',
          });
        }
        return stored;
      },
      async stop() {
        await dynamo.stop();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await dynamo.stop();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

function countingSynthesizer(inner: SpeechSynthesizer, counts: Counts): SpeechSynthesizer {
  return {
    id: inner.id,
    synthesize: (text, voice) => {
      counts.syntheses++;
      return inner.synthesize(text, voice);
    },
  };
}

function countingTranscoder(inner: AudioTranscoder, counts: Counts): AudioTranscoder {
  return {
    id: inner.id,
    toOggOpus: (audio) => {
      counts.transcodes++;
      return inner.toOggOpus(audio);
    },
  };
}

/** Notes are kept under `voice-note.…` (core/voice-notes/voice-note.ts), recorded prompts under `prompt-…`. */
function countingStore(inner: AudioStore, counts: Counts): AudioStore {
  const isNote = (key: string) => key.startsWith('voice-note.');
  return {
    get: (key) => {
      if (isNote(key)) counts.cacheReads++;
      else counts.recordingReads++;
      return inner.get(key);
    },
    put: (key, bytes, contentType) => {
      if (isNote(key)) counts.cacheWrites++;
      return inner.put(key, bytes, contentType);
    },
    remove: (key) => inner.remove(key),
  };
}

/** Quiet, but the route's own word on each request: made now or served from the cache; failures kept to explain a 5xx. */
function countingLogger(counts: Counts, failures: string[]): Logger {
  return {
    info: (event, fields) => {
      if (event === 'voice-note.served') {
        if (fields?.cached === true) counts.servedCached++;
        else counts.servedMade++;
      }
    },
    warn: () => undefined,
    error: (event, fields) => void failures.push(`${event} ${JSON.stringify(fields ?? {})}`),
  };
}
