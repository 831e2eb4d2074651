import { randomBytes } from 'node:crypto';
import { XMLParser } from 'fast-xml-parser';
import { Hono } from 'hono';
import * as z from '../../kernel/zod.js';
import { fieldIssues } from '../../kernel/validation.js';
import { twilioSignature } from '../../adapters/twilio/signature.js';
import { LIMITS } from '../../adapters/twilio/content-types.js';
import type { OutboxEntry } from '../../adapters/local/local-outbox.js';
import { MESSAGES_PATH } from '../../http/messaging-routes.js';
import { problem } from '../../http/problem.js';
import { simulatorPage } from './page.js';
import { simulatorScripts } from './client-bundle.js';
import { callSimulatorRoutes } from './call-routes.js';
import type { SimulatorConfig } from './config.js';

export type { SimulatorConfig } from './config.js';

const MAX_VOICE_BYTES = 16 * 1024 * 1024;

/** The WhatsApp profile name Twilio sends with every WhatsApp message (the person's own, in real life). */
const PROFILE_NAME = z.string().check(z.trim(), z.maxLength(100));
const DEFAULT_PROFILE_NAME = 'Simulator';

const tapId = z.string().check(z.minLength(1), z.maxLength(LIMITS.id));
/** A tap on the service's WhatsApp buttons or list: the id and title it was shown with (content-types.ts's limits). */
const Tap = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('button'), id: tapId, title: z.string().check(z.minLength(1), z.maxLength(LIMITS.buttonTitle)) }),
  z.object({ kind: z.literal('list'), id: tapId, title: z.string().check(z.minLength(1), z.maxLength(LIMITS.itemTitle)) }),
]);

const SendRequest = z
  .object({
    channel: z.enum(['sms', 'whatsapp']),
    phone: z.string().check(z.trim(), z.regex(/^\+[1-9]\d{6,14}$/, 'a phone number in E.164 form, like +32470123456')),
    text: z.string().check(z.maxLength(1600)),
    buttonPayload: z.optional(z.string().check(z.maxLength(256))),
    tap: z.optional(Tap),
    /** Re-send with the same MessageSid, as Twilio does on a retry. */
    messageSid: z.optional(z.string().check(z.regex(/^SM[0-9a-f]{32}$/, 'a MessageSid sent before'))),
    profileName: z.optional(PROFILE_NAME),
  })
  .check(
    z.refine((m) => !m.tap || m.channel === 'whatsapp', { message: 'buttons and lists are WhatsApp only', path: ['tap'] }),
    // WhatsApp sends the tapped title as the message's text (Body).
    z.refine((m) => !m.tap || m.text === m.tap.title, { message: "a tap's text is its title", path: ['text'] }),
    z.refine((m) => !m.tap || !m.buttonPayload, { message: 'a tap carries its own id', path: ['buttonPayload'] }),
  );

/**
 * What Twilio adds to a WhatsApp webhook for a tap (https://www.twilio.com/docs/messaging/guides/webhook-request,
 * https://www.twilio.com/docs/content/twiliolist-picker; tests/fixtures/twilio/messages-whatsapp.json): a quick-reply
 * button as MessageType "button" with ButtonPayload (its id) and ButtonText; a list item as MessageType
 * "interactive" with ListId and ListTitle. The title is the Body as well.
 */
export function tapParams(tap: z.infer<typeof Tap>): Record<string, string> {
  return tap.kind === 'button'
    ? { MessageType: 'button', ButtonPayload: tap.id, ButtonText: tap.title }
    : { MessageType: 'interactive', ListId: tap.id, ListTitle: tap.title };
}

const xml = new XMLParser({ isArray: (name) => name === 'Message' || name === 'Media', parseTagValue: false, trimValues: false });

/** A <Message>: its text (plain, or in <Body>) and the URLs of its <Media>. */
const TwimlMessage = z.union([z.string(), z.object({ '#text': z.optional(z.string()), Body: z.optional(z.string()), Media: z.optional(z.array(z.string())) })]);

/** The messages of a TwiML messaging response, each with its text and the URLs of its media (pictures). */
export function twimlReplies(twiml: string): Array<{ text: string; media: string[] }> {
  const doc = z.object({ Response: z.union([z.literal(''), z.object({ Message: z.optional(z.array(TwimlMessage)) })]) }).parse(xml.parse(twiml));
  if (doc.Response === '') return [];
  return (doc.Response.Message ?? []).map((m) => (typeof m === 'string' ? { text: m, media: [] } : { text: m.Body ?? m['#text'] ?? '', media: m.Media ?? [] }));
}

/** The texts of a TwiML messaging response (a message that is only a picture has none). */
export function twimlMessages(twiml: string): string[] {
  return twimlReplies(twiml)
    .filter((m) => m.text !== '')
    .map((m) => m.text);
}

/** A question's voice note (http/voice-note-urls.ts), told from a triad's picture by its path. */
const isVoiceNote = (url: string): boolean => {
  try {
    return new URL(url).pathname.startsWith('/media/voice/');
  } catch {
    return false;
  }
};

/**
 * The replies as the simulator shows them: texts, the picture that came with each (or null), and the voice
 * note each is (or null). A picture sent in a message of its own (its text too long for a caption) goes
 * with the text before it; a voice note, a message of its own in WhatsApp too, is a bubble of its own.
 */
export function simulatorReplies(twiml: string): { replies: string[]; pictures: Array<string | null>; voiceNotes: Array<string | null> } {
  const replies: string[] = [];
  const pictures: Array<string | null> = [];
  const voiceNotes: Array<string | null> = [];
  for (const { text, media } of twimlReplies(twiml)) {
    const voiceNote = media.find(isVoiceNote) ?? null;
    const picture = media.find((url) => !isVoiceNote(url)) ?? null;
    if (text === '' && voiceNote === null && replies.length > 0) {
      pictures[pictures.length - 1] ??= picture;
      continue;
    }
    replies.push(text);
    pictures.push(picture);
    voiceNotes.push(voiceNote);
  }
  return { replies, pictures, voiceNotes };
}

/** The participant simulator: a phone-like page, and an endpoint that turns its messages into signed Twilio webhooks. */
export function simulatorRoutes(config: SimulatorConfig): Hono {
  const app = new Hono();
  app.get('/simulator', async (c) => c.html(simulatorPage({ serviceNumber: config.serviceNumber, script: (await simulatorScripts()).chat })));
  app.post('/simulator/api/send', async (c) => {
    // It signs whatever it is given: only this page may use it. A cross-site form or fetch from another
    // page in the developer's browser is refused (JSON only, same origin).
    if (!(c.req.header('content-type') ?? '').startsWith('application/json')) {
      return problem(c, 415, 'Unsupported media type', 'send JSON', [{ field: 'content-type', message: 'must be application/json' }]);
    }
    const origin = c.req.header('origin');
    if (origin !== undefined && new URL(origin).host !== c.req.header('host')) {
      return problem(c, 403, 'Forbidden', 'the simulator only accepts requests from its own page', [
        { field: 'Origin', message: `"${origin}" is another site` },
      ]);
    }
    const parsed = SendRequest.safeParse(await c.req.json().catch(() => null));
    if (!parsed.success) {
      return problem(c, 400, 'Bad request', 'not a simulator message', fieldIssues(parsed.error));
    }
    const m = parsed.data;
    const prefix = m.channel === 'whatsapp' ? 'whatsapp:' : '';
    const messageSid = m.messageSid ?? `SM${randomBytes(16).toString('hex')}`;
    const params: Record<string, string> = {
      MessageSid: messageSid,
      SmsMessageSid: messageSid,
      AccountSid: `AC${'0'.repeat(32)}`,
      From: `${prefix}${m.phone}`,
      To: `${prefix}${config.serviceNumber}`,
      Body: m.text,
      NumMedia: '0',
      NumSegments: '1',
      ApiVersion: '2010-04-01',
      ...(m.channel === 'whatsapp' ? { ProfileName: m.profileName || DEFAULT_PROFILE_NAME, WaId: m.phone.slice(1) } : {}),
      ...(m.buttonPayload ? { ButtonPayload: m.buttonPayload, ButtonText: m.text } : {}),
      ...(m.tap ? tapParams(m.tap) : {}),
    };
    const result = await postSigned(config, params, m.phone);
    return c.json({ ...result, messageSid }, result.status === 200 ? 200 : 502);
  });

  /** A voice note (recorded in the browser or an uploaded file), sent like a WhatsApp or MMS media message. */
  app.post('/simulator/api/send-media', async (c) => {
    const host = config.mediaHost;
    if (!host) return problem(c, 404, 'Not found', 'no local media host (a real Twilio account is configured)');
    const origin = c.req.header('origin');
    if (origin !== undefined && new URL(origin).host !== c.req.header('host')) {
      return problem(c, 403, 'Forbidden', 'the simulator only accepts requests from its own page', [
        { field: 'Origin', message: `"${origin}" is another site` },
      ]);
    }
    const form = await c.req.parseBody().catch(() => null);
    const parsed = MediaRequest.safeParse({ channel: form?.channel, phone: form?.phone, profileName: form?.profileName });
    const file = form?.file;
    if (!parsed.success) return problem(c, 400, 'Bad request', 'not a simulator message', fieldIssues(parsed.error));
    if (!(file instanceof File) || file.size === 0)
      return problem(c, 400, 'Bad request', 'no audio', [{ field: 'file', message: 'record or choose an audio file' }]);
    if (file.size > MAX_VOICE_BYTES) return problem(c, 413, 'Too large', 'at most 16 MB, as WhatsApp', [{ field: 'file', message: 'too large' }]);
    const { channel, phone, profileName } = parsed.data;
    const prefix = channel === 'whatsapp' ? 'whatsapp:' : '';
    const messageSid = `MM${randomBytes(16).toString('hex')}`;
    const contentType = (file.type || 'audio/ogg').split(';')[0] ?? 'audio/ogg';
    const mediaUrl = host.add(config.webhookOrigin(), new Uint8Array(await file.arrayBuffer()), contentType);
    const params: Record<string, string> = {
      MessageSid: messageSid,
      SmsMessageSid: messageSid,
      AccountSid: host.accountSid,
      From: `${prefix}${phone}`,
      To: `${prefix}${config.serviceNumber}`,
      Body: '',
      NumMedia: '1',
      MediaUrl0: mediaUrl,
      MediaContentType0: contentType,
      ApiVersion: '2010-04-01',
      ...(channel === 'whatsapp' ? { ProfileName: profileName || DEFAULT_PROFILE_NAME, WaId: phone.slice(1) } : {}),
    };
    const result = await postSigned(config, params, phone);
    // The media URL is returned like the MessageSid: what "Twilio" made up, so a test can look for it afterwards.
    return c.json({ ...result, messageSid, mediaUrl }, result.status === 200 ? 200 : 502);
  });
  app.route('/', callSimulatorRoutes(config));
  return app;
}

const MediaRequest = z.object({
  channel: z.enum(['sms', 'whatsapp']),
  phone: z.string().check(z.trim(), z.regex(/^\+[1-9]\d{6,14}$/, 'a phone number in E.164 form, like +32470123456')),
  profileName: z.optional(PROFILE_NAME),
});

interface Posted {
  status: number;
  /** What the local outbox got for the number while the webhook ran: by "REST", so before the TwiML replies. */
  rest: OutboxEntry[];
  replies: string[];
  pictures?: Array<string | null>;
  voiceNotes?: Array<string | null>;
  error?: string;
}

/**
 * Post Twilio-style form parameters to our own webhook, signed as Twilio signs them. The webhook sends what
 * TwiML cannot carry (answers to tap, the voice note before them) before it answers: with the local outbox,
 * those messages come back too, so the page shows them at once and in order (each has an id: shown once).
 */
async function postSigned(config: SimulatorConfig, params: Record<string, string>, phone: string): Promise<Posted> {
  const signedUrl = `${config.publicUrl.replace(/\/$/, '')}${MESSAGES_PATH}`;
  const before = config.outbox?.lastId() ?? 0;
  const response = await fetch(`${config.webhookOrigin()}${MESSAGES_PATH}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilioSignature(config.twilioAuthToken, signedUrl, params) },
    body: new URLSearchParams(params).toString(),
  });
  const body = await response.text();
  const rest = config.outbox?.since(phone, before) ?? [];
  if (!response.ok) return { status: response.status, rest, replies: [], error: body };
  return { status: response.status, rest, ...simulatorReplies(body) };
}
