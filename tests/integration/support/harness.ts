import { serve, type ServerType } from '@hono/node-server';
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { generateProtectorKeys } from '../../../adapters/crypto/node-protector.js';
import { ensureTable } from '../../../adapters/dynamodb/table.js';
import { twilioSignature } from '../../../adapters/twilio/signature.js';
import type { Clock, Logger } from '../../../core/ports.js';
import { composeConversation, composeStaffApi } from '../../../functions/commons/compose.js';
import { composeVoice } from '../../../functions/commons/compose-voice.js';
import { composeTaps } from '../../../functions/commons/compose-taps.js';
import { composeVoiceNotes } from '../../../functions/commons/compose-voice-notes.js';
import { FfmpegOggOpus } from '../../../adapters/audio/ffmpeg-ogg-opus.js';
import { EspeakSynthesizer } from '../../../adapters/speech/espeak-synthesizer.js';
import type { SpeechSynthesizer } from '../../../core/voice-notes/ports.js';
import { voiceNoteRoutes } from '../../../http/voice-note-routes.js';
import { audioDurationSeconds } from '../../../adapters/audio/audio-duration.js';
import { FfmpegVoiceDisguiser } from '../../../adapters/audio/ffmpeg-voice-disguiser.js';
import { LocalAudioStore } from '../../../adapters/local/local-audio-store.js';
import { TwilioMediaSource } from '../../../adapters/twilio/twilio-media.js';
import { twilioMediaHosts } from '../../../adapters/twilio/media-hosts.js';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { MESSAGES_PATH, messagingRoutes } from '../../../http/messaging-routes.js';
import { voiceRoutes } from '../../../http/call-webhook-routes.js';
import { studioRoutes } from '../../../http/studio-routes.js';
import { messageStatusRoutes } from '../../../http/message-status-routes.js';
import { localDynamoDbClient } from '../../../local/dynamodb-local.js';
import { seedDemo } from '../../../local/seed.js';
import { twimlMessages } from '../../../local/simulator/routes.js';
import { rawRequest as sendRaw } from './raw-http.js';
import { scanTable } from '../../support/scan-table.js';

export const PUBLIC_URL = 'https://stem.example.be';
export const AUTH_TOKEN = 'test-auth-token-7f3a9c1e5b2d4f60';
export const SERVICE_NUMBER = '+3225550100';
/** A second service number, which is no project's own (the demo's call number is SERVICE_NUMBER). */
export const SHARED_NUMBER = '+3225550111';
/**
 * The tests' stand-ins for Twilio's media (a fake REST API, the local media host) listen on loopback
 * ports of their own: allowed here next to Twilio's API hosts. tests/integration/attack-media-hosts.test.ts
 * uses the production policies instead.
 */
export const TEST_MEDIA_HOSTS = twilioMediaHosts({ extra: () => ['http://127.0.0.1:'] });

/** A clock the test moves by hand. */
export class TestClock implements Clock {
  constructor(public current = new Date('2026-11-23T10:00:00.000Z')) {}
  now(): Date {
    return new Date(this.current);
  }
}

/** Collects log lines so tests can prove what is (not) in them. */
export class CapturingLogger implements Logger {
  readonly lines: string[] = [];
  private push(level: string, event: string, fields?: Record<string, string | number | boolean>) {
    this.lines.push(JSON.stringify({ level, event, ...fields }));
  }
  info(e: string, f?: Record<string, string | number | boolean>) {
    this.push('info', e, f);
  }
  warn(e: string, f?: Record<string, string | number | boolean>) {
    this.push('warn', e, f);
  }
  error(e: string, f?: Record<string, string | number | boolean>) {
    this.push('error', e, f);
  }
}

export interface Sent {
  status: number;
  body: string;
  replies: string[];
  messageSid: string;
}

export interface Message {
  channel: 'sms' | 'whatsapp';
  phone: string;
  text: string;
  messageSid?: string;
  extra?: Record<string, string>;
}

export const newSid = (): string => `SM${randomBytes(16).toString('hex')}`;

/** The Twilio form parameters for a message, as Twilio sends them. */
export function twilioParams(m: Message, sid: string): Record<string, string> {
  const prefix = m.channel === 'whatsapp' ? 'whatsapp:' : '';
  return {
    MessageSid: sid,
    SmsMessageSid: sid,
    SmsSid: sid,
    AccountSid: `AC${'1'.repeat(32)}`,
    From: `${prefix}${m.phone}`,
    To: `${prefix}${SERVICE_NUMBER}`,
    Body: m.text,
    NumMedia: '0',
    NumSegments: '1',
    ApiVersion: '2010-04-01',
    ...(m.channel === 'whatsapp' ? { ProfileName: 'Test Participant', WaId: m.phone.slice(1) } : {}),
    ...m.extra,
  };
}

/**
 * A fresh table in the shared DynamoDB Local, the real conversation wiring, and the webhook served over
 * real HTTP. Messages are signed with the `twilio` helper exactly as Twilio signs them. With `taps`, the
 * webhook sends WhatsApp answers to tap through Twilio's REST APIs at that base (fake-twilio-rest.ts).
 */
export async function startHarness(opts: { taps?: { accountSid: string; authToken: string; base: string } } = {}) {
  const dynamoDb = localDynamoDbClient(inject('dynamoDbEndpoint'));
  const tableName = `t${randomBytes(6).toString('hex')}`;
  await ensureTable(dynamoDb, tableName, { expireItems: false }); // the clock of these tests may stand in the past (ensureTable)
  const clock = new TestClock();
  const logger = new CapturingLogger();
  const keys = generateProtectorKeys();
  const audioDir = await mkdtemp(join(tmpdir(), 'stem-audio-'));
  const audio = new LocalAudioStore(audioDir, randomBytes(32));
  const deps = {
    ...composeConversation({ dynamoDb, tableName, keys, logger, clock, mediaUrls: TEST_MEDIA_HOSTS, audio }),
    // What apiApp needs besides, as the local runtime picks it (local/stack.ts): the staff API's own
    // adapters, and the transcription queue's disguise by ffmpeg.
    ...composeStaffApi(),
    disguiser: new FfmpegVoiceDisguiser(),
  };
  const seeded = await seedDemo(deps.directory, clock.now());
  // The voice pipeline with a local encrypted store; tests that need another media source build their own.
  const voice = composeVoice(deps, {
    media: new TwilioMediaSource(`AC${'1'.repeat(32)}`, AUTH_TOKEN, TEST_MEDIA_HOSTS),
    audio,
    transcribers: [],
    messenger: null,
    audioDuration: audioDurationSeconds,
  });
  // WhatsApp voice notes as the local runtime makes them (espeak-ng, ffmpeg), every synthesis counted.
  const transcoder = new FfmpegOggOpus();
  const synthesizer = countingSynthesizer(new EspeakSynthesizer(transcoder));
  const voiceNotes = composeVoiceNotes(deps, { audio, synthesizer, transcoder });
  const app = new Hono();
  // WhatsApp answers to tap, when asked for: Twilio's REST APIs at `base` (a stand-in), as functions/twilio-messages.ts wires them.
  const taps = opts.taps && composeTaps({ dynamoDb, tableName, ...opts.taps, bases: { api: opts.taps.base, content: opts.taps.base } });
  app.route(
    '/',
    messagingRoutes(
      taps ? { ...deps, taps } : deps,
      { publicUrl: PUBLIC_URL, twilioAuthToken: AUTH_TOKEN, serviceNumbers: new Set([SERVICE_NUMBER, SHARED_NUMBER]) },
      voiceNotes.availability,
    ),
  );
  app.route('/', voiceNoteRoutes({ protector: deps.protector, clock, logger, notes: voiceNotes.notes }));
  app.route(
    '/',
    voiceRoutes(
      deps,
      { publicUrl: PUBLIC_URL, twilioAuthToken: AUTH_TOKEN, serviceNumbers: new Set([SERVICE_NUMBER, SHARED_NUMBER]) },
      { store: deps.prompts, audio: voice.audio },
    ),
  );
  app.route('/', messageStatusRoutes(deps, { publicUrl: PUBLIC_URL, twilioAuthToken: AUTH_TOKEN }));
  app.route('/', studioRoutes({ ...deps, audio: voice.audio, media: voice.media }, { publicUrl: PUBLIC_URL, twilioAuthToken: AUTH_TOKEN }));
  const server = await new Promise<{ server: ServerType; origin: string }>((ready) => {
    const s: ServerType = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => ready({ server: s, origin: `http://127.0.0.1:${info.port}` }));
  });

  async function post(params: Record<string, string>, signature?: string): Promise<{ status: number; body: string }> {
    const response = await fetch(`${server.origin}${MESSAGES_PATH}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        ...(signature === undefined ? {} : { 'x-twilio-signature': signature }),
      },
      body: new URLSearchParams(params).toString(),
    });
    return { status: response.status, body: await response.text() };
  }

  async function send(m: Message): Promise<Sent> {
    const sid = m.messageSid ?? newSid();
    const params = twilioParams(m, sid);
    const { status, body } = await post(params, twilioSignature(AUTH_TOKEN, `${PUBLIC_URL}${MESSAGES_PATH}`, params));
    return { status, body, replies: status === 200 ? twimlMessages(body) : [], messageSid: sid };
  }

  /**
   * A Twilio voice request to `url` (the public URL Twilio was given: the webhook, or an action from our
   * TwiML), signed over that exact URL, served by the local server.
   */
  /** A plain GET to the local server, by a public URL (e.g. a <Play> URL Twilio would fetch). */
  async function fetchPublic(url: string): Promise<Response> {
    const target = new URL(url);
    return fetch(`${server.origin}${target.pathname}${target.search}`);
  }

  async function callWebhook(
    url: string,
    params: Record<string, string>,
    opts: { signedUrl?: string; signature?: string } = {},
  ): Promise<{ status: number; body: string }> {
    const target = new URL(url);
    const response = await fetch(`${server.origin}${target.pathname}${target.search}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': opts.signature ?? twilioSignature(AUTH_TOKEN, opts.signedUrl ?? url, params),
      },
      body: new URLSearchParams(params).toString(),
    });
    return { status: response.status, body: await response.text() };
  }

  /** A request exactly as given (see raw-http.ts), to the local server. */
  const rawRequest = (
    method: string,
    pathAndQuery: string,
    headers: Record<string, string> = {},
    body?: string | Uint8Array,
    opts: { unfinished?: boolean } = {},
  ) => sendRaw(server.origin, method, pathAndQuery, headers, body, opts);

  /** Every item of the table, unmarshalled. */
  const dump = () => scanTable(dynamoDb, tableName);

  return {
    deps,
    keys,
    clock,
    logger,
    tableName,
    dynamoDb,
    seeded,
    voice,
    /** Syntheses made so far (the voice-note route's cache saves the rest). */
    syntheses: () => synthesizer.calls,
    audioDir,
    send,
    post,
    callWebhook,
    fetchPublic,
    rawRequest,
    dump,
    stop: async () => {
      await rm(audioDir, { recursive: true, force: true });
      await new Promise<void>((done) => server.server.close(() => done()));
      dynamoDb.destroy();
    },
  };
}

export type Harness = Awaited<ReturnType<typeof startHarness>>;

/** A synthesizer that counts its calls, through the port. */
function countingSynthesizer(inner: SpeechSynthesizer): SpeechSynthesizer & { calls: number } {
  const counted = {
    id: inner.id,
    calls: 0,
    synthesize: (text: string, voice: Parameters<SpeechSynthesizer['synthesize']>[1]) => {
      counted.calls++;
      return inner.synthesize(text, voice);
    },
  };
  return counted;
}
