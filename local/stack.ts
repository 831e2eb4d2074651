import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import { createHmac } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { audioDurationSeconds } from '../adapters/audio/audio-duration.js';
import { FfmpegVoiceDisguiser } from '../adapters/audio/ffmpeg-voice-disguiser.js';
import { renderTriadPictureOnDemand } from '../adapters/images/triad-picture-on-demand.js';
import { generateProtectorKeys } from '../adapters/crypto/node-protector.js';
import { ensureTable } from '../adapters/dynamodb/table.js';
import { LocalJobQueue, type ChannelRates } from '../adapters/local/local-job-queue.js';
import { LocalAudioStore } from '../adapters/local/local-audio-store.js';
import { LOCAL_MEDIA_PATH, LocalMediaHost } from '../adapters/local/local-media-host.js';
import { LocalOutbox } from '../adapters/local/local-outbox.js';
import { LocalTapMessenger } from '../adapters/local/local-tap-messenger.js';
import { LocalVoiceQueue } from '../adapters/local/local-voice-queue.js';
import { LocalDialer } from '../adapters/local/local-dialer.js';
import { TwilioDialer } from '../adapters/twilio/twilio-dialer.js';
import { openWhisper } from '../adapters/whisper/open-whisper.js';
import { TwilioMediaSource } from '../adapters/twilio/twilio-media.js';
import { twilioMediaHosts } from '../adapters/twilio/media-hosts.js';
import { JsonLogger } from '../adapters/logging/json-logger.js';
import { twilioRestClient } from '../adapters/twilio/rest-client.js';
import { retryingTwilioFetch, TwilioMessenger } from '../adapters/twilio/twilio-messenger.js';
import type { Authenticator } from '../core/access/principal.js';
import type { PictureRef } from '../core/model.js';
import type { VoiceNoteMode } from '../core/voice-notes/speech.js';
import type { Logger } from '../core/ports.js';
import { deliver } from '../core/rounds/deliver.js';
import type { Messenger } from '../core/rounds/ports.js';
import { sweep } from '../core/rounds/sweep.js';
import { composeConversation, composeStaffApi } from '../functions/commons/compose.js';
import { composeVoice } from '../functions/commons/compose-voice.js';
import { composeVoiceNotes } from '../functions/commons/compose-voice-notes.js';
import { FfmpegOggOpus } from '../adapters/audio/ffmpeg-ogg-opus.js';
import { EspeakSynthesizer } from '../adapters/speech/espeak-synthesizer.js';
import { voiceNoteRoutes } from '../http/voice-note-routes.js';
import { processVoice } from '../core/voice/process-voice.js';
import type { Transcriber } from '../core/voice/ports.js';
import { apiApp } from '../http/api/api-app.js';
import { messagingRoutes } from '../http/messaging-routes.js';
import { pictureRoutes } from '../http/picture-routes.js';
import { pictureUrl } from '../http/picture-urls.js';
import { voiceRoutes } from '../http/call-webhook-routes.js';
import { messageStatusRoutes, messageStatusUrl } from '../http/message-status-routes.js';
import { storeRestarting } from '../http/unprocessed.js';
import { serviceNumberSet } from '../core/conversation/our-numbers.js';
import { studioRoutes } from '../http/studio-routes.js';
import { dashboardRoutes } from '../web/dashboard/routes.js';
import { simulatorScripts } from './simulator/client-bundle.js';
import { buildDashboardScript } from '../cdk/dashboard-script.js';
import { simulatorRoutes } from './simulator/routes.js';
import { superviseDynamoDbLocal, type SupervisedStore } from './store-supervisor.js';
import { loadOrCreateSecrets, newUserToken, saveSecrets } from './secrets.js';
import { LOCAL_ACCOUNTS, seedDemo, seedOrganisations } from './seed.js';
import { seedDemoLife } from './demo-life.js';
import { seedLibrary } from './seed-library.js';
import { templateLibrary } from '../adapters/templates/template-library.js';

export interface TwilioRestSettings {
  accountSid: string;
  smsFrom: string;
  whatsappFrom: string;
}

export interface LocalStackOptions {
  /** HTTP port; 0 picks a free one. */
  port: number;
  /** Where DynamoDB Local keeps data and where the local keys live; null keeps everything in memory. */
  dataDir: string | null;
  publicUrl?: string | undefined;
  twilioAuthToken?: string | undefined;
  serviceNumber: string;
  /** Serve the participant simulator. It signs requests with the auth token: never with a real one. */
  simulator: boolean;
  /** Real Twilio REST for outbound messages; without it they go to the local outbox. */
  twilioRest?: TwilioRestSettings | null;
  /** Outbound messages per second per channel. */
  rates?: ChannelRates;
  /** Machine transcribers; none (and no whisper model): voice answers go to the human queue. */
  transcribers?: readonly Transcriber[];
  /** A whisper.cpp model file: voice notes in its languages are transcribed in this process. */
  whisperModel?: string | undefined;
  /** How the demo project's WhatsApp questions go (`npm start`: heard too); default: written only. */
  demoVoiceNotes?: VoiceNoteMode;
  /**
   * Also the second organisation's three-round demo (CPAS Exemple's Le Pont, local/demo-life.ts), so the
   * network page compares two organisations (`npm start`, tests/e2e/network.test.ts). Off: a quicker start.
   */
  demoNetwork?: boolean;
  /** How often the scheduler's sweep runs (invitations of opened rounds, reminders). */
  sweepEveryMs?: number;
  logger?: Logger;
}

export type AccountTokens = Record<keyof typeof LOCAL_ACCOUNTS, string>;

export const TABLE_NAME = 'stem';
/** The local process listens on loopback only: reaching it from elsewhere takes a tunnel someone set up. */
const LISTEN_HOST = '127.0.0.1';
const LOOPBACK = new Set(['127.0.0.1', '::1']);
const DEFAULT_RATES: ChannelRates = { sms: 10, whatsapp: 10, voice: 1 };

/** DynamoDB Local + the same HTTP apps as in the cloud + the simulator, queue and scheduler, in this process. */
export async function startLocalStack(opts: LocalStackOptions) {
  const secretsFile = opts.dataDir ? join(opts.dataDir, 'secrets.json') : null;
  const secrets = secretsFile ? loadOrCreateSecrets(secretsFile) : null;
  const keys = secrets?.keys ?? generateProtectorKeys();
  const twilioAuthToken = opts.twilioAuthToken ?? secrets?.twilioAuthToken ?? 'local-test-token-0123456789abcdef';
  const tokens = Object.fromEntries(Object.keys(LOCAL_ACCOUNTS).map((name) => [name, secrets?.userTokens[name] ?? newUserToken()])) as AccountTokens;
  if (secrets && secretsFile) saveSecrets(secretsFile, { ...secrets, userTokens: tokens });

  // The simulators' scripts, bundled before anything starts: a client that does not build stops here.
  if (opts.simulator) await simulatorScripts();
  // The dashboard's script (the progress bars that refresh themselves), built as the deploy builds it.
  const dashboardText = buildDashboardScript();
  const dashboardScript = () => Promise.resolve(dashboardText);
  const logger = opts.logger ?? new JsonLogger();
  // Supervised: a DynamoDB Local that dies is started again (same port and data), and meanwhile the
  // webhooks and the API answer 503 with Retry-After instead of hanging on the SDK's retries.
  const dynamoDb: SupervisedStore = await superviseDynamoDbLocal({
    dataDir: opts.dataDir ? join(opts.dataDir, 'dynamodb') : undefined,
    logger,
    afterRestart: (client) => ensureTable(client, TABLE_NAME), // in memory, a restart starts empty
  });
  try {
    await ensureTable(dynamoDb.client, TABLE_NAME);
    // Media is fetched with the account's credentials from Twilio's API hosts only, and here also from
    // the local media host (the simulator's voice notes) while there is no real Twilio behind us.
    const mediaKey = createHmac('sha256', Buffer.from(keys.sealKey, 'base64')).update('local-media').digest();
    const mediaDir = opts.dataDir ? join(opts.dataDir, 'media') : join(tmpdir(), `stem-media-${process.pid}`);
    const audio = new LocalAudioStore(mediaDir, mediaKey);
    let origin = '';
    const mediaUrls = twilioMediaHosts({ extra: () => (opts.twilioRest || origin === '' ? [] : [`${origin}${LOCAL_MEDIA_PATH}`]) });
    const base = composeConversation({ dynamoDb: dynamoDb.client, tableName: TABLE_NAME, keys, logger, mediaUrls, audio });
    await seedDemo(base.directory, base.clock.now(), opts.demoVoiceNotes ? { voiceNotes: opts.demoVoiceNotes } : {});
    await seedOrganisations(base.directory, base.users, tokens);
    // One survey in the network's library, shared by the Exemple, for demo staff to find and copy.
    await seedLibrary({ ...base, templates: templateLibrary }, base.clock.now());
    // The demo project's three-round life (start and midway answered, end open): once, on a fresh data folder.
    await seedDemoLife(base, base.clock.now(), { network: opts.demoNetwork === true });

    // Signed picture URLs on the public URL, known once the server listens (below).
    let publicUrl = '';
    const signPicture = (picture: PictureRef): string => pictureUrl(base.protector, publicUrl, picture);
    const outbox = opts.twilioRest ? null : new LocalOutbox(() => base.clock.now(), undefined, signPicture);
    const rest = opts.twilioRest ? twilioRestClient(opts.twilioRest.accountSid, twilioAuthToken, undefined, retryingTwilioFetch()) : null;
    const messenger: Messenger =
      rest && opts.twilioRest
        ? new TwilioMessenger(rest, { sms: opts.twilioRest.smsFrom, whatsapp: opts.twilioRest.whatsappFrom }, signPicture, (ticket) =>
            messageStatusUrl(publicUrl, ticket),
          )
        : (outbox as LocalOutbox);
    const dialer =
      rest && opts.twilioRest
        ? new TwilioDialer(rest, { from: opts.twilioRest.smsFrom, publicUrl: opts.publicUrl ?? '' })
        : new LocalDialer(() => base.clock.now());
    const deliveryDeps = { ...base, messenger, dialer };
    // Told which try it is: the last one records the failure on the invitation, where staff see it.
    const queue = new LocalJobQueue((job, attempt) => deliver(deliveryDeps, job, attempt), opts.rates ?? DEFAULT_RATES, logger);

    // Voice notes: the simulator's uploads live on a local "Twilio media" host; our copies are encrypted
    // files under .data/media; without a speech model, every voice answer goes to the human queue.
    const mediaHost = new LocalMediaHost(twilioAuthToken);
    const media = new TwilioMediaSource(opts.twilioRest?.accountSid ?? mediaHost.accountSid, twilioAuthToken, mediaUrls);
    const whisper = opts.whisperModel ? await openWhisper(opts.whisperModel, audio) : null;
    const transcribers = [...(opts.transcribers ?? []), ...(whisper ? [whisper.transcriber] : [])];
    const voice = composeVoice(base, { media, audio, transcribers, messenger, audioDuration: audioDurationSeconds });
    const voiceQueue = new LocalVoiceQueue((jobId) => processVoice(voice, jobId), logger);
    // Answers to tap (and the voice note before them) go by "REST": without real Twilio, into the outbox.
    const taps = outbox ? new LocalTapMessenger(outbox) : undefined;
    const deps = { ...base, queue, voice, voiceQueue, taps };
    // WhatsApp questions as voice notes: espeak-ng stands in for Polly, ffmpeg makes Ogg/Opus (and
    // transcodes recorded prompts); the notes are kept, encrypted, beside the voice notes under media/.
    const transcoder = new FfmpegOggOpus();
    const voiceNotes = composeVoiceNotes(base, { audio, synthesizer: new EspeakSynthesizer(transcoder), transcoder });
    const sweepNow = async () => {
      const delivery = await sweep({
        projects: () => base.directory.listProjects(),
        rounds: base.directory,
        participants: base.participants,
        queue,
        clock: base.clock,
        feedback: base.feedback,
      });
      await voiceQueue.enqueue((await base.voiceJobs.unfinished()).filter((j) => j.status !== 'needs-human').map((j) => j.jobId));
      return delivery;
    };
    const timer = setInterval(
      () => void sweepNow().catch((e: unknown) => logger.error('sweep.failed', { error: e instanceof Error ? e.name : 'unknown' })),
      opts.sweepEveryMs ?? 30_000,
    );
    timer.unref();

    let boundTo = '';
    const app = new Hono();
    // While the store restarts, say so at once (and nothing is half-done) rather than time out.
    for (const path of ['/twilio/*', '/api/*', '/studio/*']) {
      app.use(path, async (c, next) => (dynamoDb.state() === 'up' ? next() : storeRestarting(c, dynamoDb.retryAfterSeconds())));
    }
    const server = await new Promise<ServerType>((ready) => {
      const s: ServerType = serve({ fetch: app.fetch, port: opts.port, hostname: LISTEN_HOST }, (info) => {
        origin = `http://127.0.0.1:${info.port}`;
        boundTo = info.address;
        ready(s);
      });
    });
    publicUrl = opts.publicUrl ?? origin.replace('127.0.0.1', 'localhost');
    // Our numbers: the service number, and the Twilio senders when real Twilio is behind us.
    const inbound = {
      publicUrl,
      twilioAuthToken,
      serviceNumbers: serviceNumberSet([opts.serviceNumber, ...(opts.twilioRest ? [opts.twilioRest.smsFrom, opts.twilioRest.whatsappFrom] : [])]),
    };
    app.route('/', messagingRoutes(deps, inbound, voiceNotes.availability));
    // The triad pictures sent over WhatsApp (Twilio, or the simulator, fetch them by signed URL).
    app.route('/', pictureRoutes({ protector: base.protector, surveys: base.directory, logger, render: renderTriadPictureOnDemand }));
    app.route('/', voiceNoteRoutes({ protector: base.protector, clock: base.clock, logger, notes: voiceNotes.notes }));
    app.route('/', voiceRoutes(deps, inbound, { store: base.prompts, audio }));
    app.route('/', messageStatusRoutes(base, { publicUrl, twilioAuthToken }));
    app.route('/', studioRoutes({ ...base, audio, media }, { publicUrl, twilioAuthToken }));
    app.route('/', mediaHost.routes());
    // Voices in the transcription queue are disguised by ffmpeg on the PATH (the whisper path needs it anyway).
    const api = apiApp({ ...deps, ...composeStaffApi(), disguiser: new FfmpegVoiceDisguiser() });
    app.route('/', api);
    // The dashboard is a thin layer over the same API instance: same authorization, same validation.
    // Its survey preview shows the WhatsApp pictures this app serves (pictureRoutes above).
    app.route('/', dashboardRoutes(api, { timeZone: 'Europe/Brussels', script: dashboardScript, media: app }));
    if (outbox) {
      // What the local "Twilio" sent to a number: invitations, reminders, "you said, we did" (so also who
      // asked to hear back). Open only to the simulator's own setting: a token made here (no real Twilio
      // token) on a loopback-only server. Otherwise, a staff token as the staff API takes it.
      const openOutbox = opts.twilioAuthToken === undefined && LOOPBACK.has(boundTo);
      app.get('/dev/outbox', async (c) => {
        if (!openOutbox && !(await isStaff(base.users, c.req.header('authorization')))) {
          return c.json(
            {
              title: 'Unauthorized',
              status: 401,
              detail: 'send a staff token as "Authorization: Bearer <token>"',
              errors: [{ field: 'Authorization', message: 'missing or not a staff token' }],
            },
            401,
            {
              'Content-Type': 'application/problem+json',
            },
          );
        }
        const to = c.req.query('to') ?? '';
        if (!/^\+[1-9]\d{6,14}$/.test(to)) {
          return c.json({ title: 'Bad request', status: 400, errors: [{ field: 'to', message: 'an E.164 number like +32470123456' }] }, 400, {
            'Content-Type': 'application/problem+json',
          });
        }
        return c.json({ to, messages: outbox.list(to) });
      });
    }
    if (opts.simulator) {
      app.route(
        '/',
        simulatorRoutes({ publicUrl, twilioAuthToken, serviceNumber: opts.serviceNumber, webhookOrigin: () => origin, mediaHost, outbox: outbox ?? undefined }),
      );
      app.get('/', (c) => c.redirect('/simulator'));
    }
    // Up only when the store itself answers, not merely when this process runs.
    app.get('/health', async (c) => {
      const store = (await dynamoDb.probe(TABLE_NAME)) ? 'up' : dynamoDb.state() === 'up' ? 'not-answering' : dynamoDb.state();
      const body = { ok: store === 'up', store, storeRestarts: dynamoDb.restarts() };
      if (store === 'up') return c.json(body);
      c.header('Retry-After', String(dynamoDb.retryAfterSeconds()));
      return c.json(body, 503);
    });

    return {
      url: origin,
      publicUrl,
      twilioAuthToken,
      dynamoDb,
      tableName: TABLE_NAME,
      deps,
      outbox,
      /** Calls placed locally (invitations by phone): nothing rings, the participant calls in. */
      dialer,
      queue,
      voiceQueue,
      voice,
      voiceNotes,
      mediaHost,
      /** Where our encrypted copies of voice notes wait for their transcript. */
      mediaDir,
      tokens,
      sweepNow,
      stop: async () => {
        clearInterval(timer);
        queue.stop();
        voiceQueue.stop();
        await new Promise<void>((done) => server.close(() => done()));
        await whisper?.release();
        await dynamoDb.stop();
      },
    };
  } catch (error) {
    await dynamoDb.stop();
    throw error;
  }
}

export type LocalStack = Awaited<ReturnType<typeof startLocalStack>>;

/** A bearer token of a staff account (not a coordinator's or an interpreter's: they never see contacts). */
async function isStaff(users: Authenticator, header: string | undefined): Promise<boolean> {
  const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : '';
  return token !== '' && (await users.authenticate(token))?.role === 'staff';
}
