import { createServer, type IncomingMessage, type Server } from 'node:http';
import { performance } from 'node:perf_hooks';
import { XMLParser } from 'fast-xml-parser';

/**
 * Twilio's REST API cannot be reached from here: an HTTP server on loopback speaking its shapes for
 * Messages.create and Calls.create (form-encoded POST under /2010-04-01/Accounts/{sid}/, Basic auth,
 * JSON bodies as Twilio returns them: 201 with the resource, errors as `{code, message, more_info,
 * status}`, 429 with Retry-After). The real REST client is pointed at it by its base URL. Answers are
 * scripted per recipient; a recipient without a script gets 201 Created.
 *
 * It also speaks the Content API (content.twilio.com, the same base here): POST /v1/Content with a JSON
 * body (`friendly_name`, `language`, `variables`, `types`) answers 201 with the Content resource as
 * documented (https://www.twilio.com/docs/content/content-api-resources: `sid` HX…, `account_sid`,
 * `types`, `url`, `links`…), DELETE /v1/Content/{sid} answers 204. A message sent with the ContentSid of
 * a template deleted since answers 400 with error 21655, as Twilio documents it
 * (https://www.twilio.com/docs/api/errors/21655); other SIDs stand for templates made in the console.
 *
 * Like Twilio, it fetches a message's MediaUrl before handing the message on: the Message stays `queued`
 * until the fetch is done, then is `sent` — or `failed` with error 11200 (HTTP retrieval failure) when the
 * URL answers other than 200 with a type WhatsApp plays. GET …/Messages/{sid}.json reads its status
 * (https://www.twilio.com/docs/messaging/api/message-resource#fetch-a-message-resource). Each message
 * records when it was made and when it was handed on, on one counter, so a test can see what overtook what.
 *
 * A webhook's TwiML reply can be handed to it too (`takeTwiml`): Twilio makes each <Message> of it a
 * Message, in order, and fetches its <Media> the same way, so a test sees everything a person got in one
 * list. Media at Stem's public URL is reached through the test's local server (`reachMediaBy`), as DNS
 * would route Twilio's fetch to it.
 */

export interface Answer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** A template the fake Content API made (and whether it was deleted since). */
export interface MadeContent {
  sid: string;
  request: { friendly_name?: string; language?: string; variables?: Record<string, string>; types?: Record<string, unknown> };
  deleted: boolean;
}

export interface SeenRequest {
  resource: 'Messages' | 'Calls';
  to: string;
  form: URLSearchParams;
  /** performance.now() when it arrived, to measure the waits between tries. */
  at: number;
  answered: number;
}

/** A message the fake took, as Twilio would hand it on. */
export interface FakeMessage {
  sid: string;
  to: string;
  body: string | null;
  contentSid: string | null;
  mediaUrl: string | null;
  status: 'queued' | 'sent' | 'failed';
  /** Made by a REST request, or from a webhook's TwiML reply. */
  via: 'rest' | 'twiml';
  /** What fetching the MediaUrl gave (as Twilio fetches it before sending). */
  media: { status: number; contentType: string; bytes: Uint8Array } | null;
  /** On one counter: when the message was made, and when it was handed on (sent or failed). */
  madeAt: number;
  handedOnAt: number | null;
}

/** Media types Twilio sends to WhatsApp (https://www.twilio.com/docs/whatsapp/guidance-whatsapp-media-messages). */
const WHATSAPP_MEDIA = /^(audio\/(ogg|amr|3gpp|aac|mpeg)|image\/(jpeg|png|webp)|video\/(mp4|3gpp)|application\/pdf)$/;

const error = (status: number, code: number, message: string): Answer => ({
  status,
  body: { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status },
});

/** Twilio's error answers, as recorded. */
export const TWILIO_ERRORS = {
  tooManyRequests: (retryAfterSeconds?: number): Answer => ({
    ...error(429, 20429, 'Too Many Requests'),
    ...(retryAfterSeconds === undefined ? {} : { headers: { 'Retry-After': String(retryAfterSeconds) } }),
  }),
  serviceUnavailable: (): Answer => error(503, 20503, 'Service Unavailable'),
  internalError: (): Answer => error(500, 20500, 'Internal Server Error'),
  contentSidInvalid: (): Answer => error(400, 21655, 'The ContentSid is Invalid'),
};

export async function startFakeTwilioRest(accountSid: string, authToken: string) {
  const scripts = new Map<string, Answer[]>();
  /** Recipients for whom every request fails with this answer. */
  const failing = new Map<string, Answer>();
  const seen: SeenRequest[] = [];
  let serial = 0;
  const contents: MadeContent[] = [];
  /** Content API: every create answered with this until null; and a delay before each create answers. */
  let contentFailure: Answer | null = null;
  let contentDelayMs = 0;
  let contentSerial = 0;
  const messages: FakeMessage[] = [];
  let tick = 0;
  /** How long fetching a medium takes before the message is handed on (Twilio's fetch and WhatsApp's upload). */
  let mediaDelayMs = 0;
  /** How a MediaUrl is fetched (Twilio fetches without credentials). */
  let fetchMedia: (url: string) => Promise<Response> = (url) => fetch(url);

  const handOn = async (m: FakeMessage): Promise<void> => {
    if (m.mediaUrl === null) {
      m.status = 'sent';
      m.handedOnAt = ++tick;
      return;
    }
    const fetched = await fetchMedia(m.mediaUrl).then(
      async (r) => ({ status: r.status, contentType: (r.headers.get('content-type') ?? '').split(';')[0] ?? '', bytes: new Uint8Array(await r.arrayBuffer()) }),
      () => ({ status: 0, contentType: '', bytes: new Uint8Array() }),
    );
    if (mediaDelayMs > 0) await new Promise((r) => setTimeout(r, mediaDelayMs));
    m.media = fetched;
    m.status = fetched.status === 200 && WHATSAPP_MEDIA.test(fetched.contentType) ? 'sent' : 'failed';
    m.handedOnAt = ++tick;
  };

  const contentCreated = (request: MadeContent['request']): Answer => {
    const sid = `HX${(++contentSerial).toString(16).padStart(32, '0')}`;
    contents.push({ sid, request, deleted: false });
    const url = `https://content.twilio.com/v1/Content/${sid}`;
    return {
      status: 201,
      body: {
        account_sid: accountSid,
        date_created: '2026-11-23T10:00:00Z',
        date_updated: '2026-11-23T10:00:00Z',
        friendly_name: request.friendly_name ?? null,
        language: request.language ?? null,
        links: { approval_create: `${url}/ApprovalRequests/whatsapp`, approval_fetch: `${url}/ApprovalRequests` },
        sid,
        types: request.types ?? {},
        url,
        variables: request.variables ?? {},
      },
    };
  };

  const created = (resource: 'Messages' | 'Calls', form: URLSearchParams): Answer => {
    const kind = resource === 'Calls' ? 'CA' : form.has('MediaUrl') ? 'MM' : 'SM';
    const sid = `${kind}${(++serial).toString(16).padStart(32, '0')}`;
    if (resource === 'Messages') {
      const m: FakeMessage = {
        sid,
        to: (form.get('To') ?? '').replace(/^whatsapp:/, ''),
        body: form.get('Body'),
        contentSid: form.get('ContentSid'),
        mediaUrl: form.get('MediaUrl'),
        status: 'queued',
        via: 'rest',
        media: null,
        madeAt: ++tick,
        handedOnAt: null,
      };
      messages.push(m);
      void handOn(m);
    }
    const common = {
      account_sid: accountSid,
      api_version: '2010-04-01',
      date_created: 'Mon, 23 Nov 2026 10:00:00 +0000',
      from: form.get('From'),
      to: form.get('To'),
      sid,
      uri: `/2010-04-01/Accounts/${accountSid}/${resource}/${sid}.json`,
    };
    return resource === 'Messages'
      ? {
          status: 201,
          body: {
            ...common,
            body: form.get('Body'),
            direction: 'outbound-api',
            error_code: null,
            num_media: form.has('MediaUrl') ? '1' : '0',
            num_segments: '1',
            status: 'queued',
          },
        }
      : { status: 201, body: { ...common, direction: 'outbound-api', status: 'queued' } };
  };

  const server: Server = createServer((req, res) => {
    void read(req).then(async (text) => {
      const match = /^\/2010-04-01\/Accounts\/([^/]+)\/(Messages|Calls)\.json$/.exec(req.url ?? '');
      const reply = (a: Answer) => {
        res.writeHead(a.status, { 'content-type': 'application/json', ...a.headers });
        res.end(a.status === 204 ? undefined : JSON.stringify(a.body));
      };
      const authorized = req.headers.authorization === `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`;
      const content = /^\/v1\/Content(?:\/(HX[0-9a-f]{32}))?$/.exec(req.url ?? '');
      if (content) {
        if (!authorized) return reply(error(401, 20003, 'Authenticate'));
        if (req.method === 'POST' && !content[1] && req.headers['content-type'] === 'application/json') {
          if (contentDelayMs > 0) await new Promise((r) => setTimeout(r, contentDelayMs));
          return reply(contentFailure ?? contentCreated(JSON.parse(text) as MadeContent['request']));
        }
        if (req.method === 'DELETE' && content[1]) {
          const made = contents.find((c) => c.sid === content[1] && !c.deleted);
          if (!made) return reply(error(404, 20404, 'The requested resource was not found'));
          made.deleted = true;
          return reply({ status: 204, body: null });
        }
        return reply(error(405, 20004, 'Method not allowed'));
      }
      const one = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\/((?:SM|MM)[0-9a-f]{32})\.json$/.exec(req.url ?? '');
      if (req.method === 'GET' && one) {
        if (one[1] !== accountSid || !authorized) return reply(error(401, 20003, 'Authenticate'));
        const m = messages.find((x) => x.sid === one[2]);
        if (!m) return reply(error(404, 20404, 'The requested resource was not found'));
        return reply({
          status: 200,
          body: { sid: m.sid, account_sid: accountSid, status: m.status, error_code: m.status === 'failed' ? 11200 : null, num_media: m.mediaUrl ? '1' : '0' },
        });
      }
      if (req.method !== 'POST' || !match) return reply(error(404, 20404, 'The requested resource was not found'));
      if (match[1] !== accountSid || !authorized) return reply(error(401, 20003, 'Authenticate'));
      const resource = match[2] as 'Messages' | 'Calls';
      const form = new URLSearchParams(text);
      const to = (form.get('To') ?? '').replace(/^whatsapp:/, '');
      const contentSid = form.get('ContentSid');
      // A template made here and deleted since is gone; any other SID stands for one made in the console.
      const unknownContent = contentSid !== null && contents.some((c) => c.sid === contentSid && c.deleted);
      const answer = failing.get(to) ?? scripts.get(to)?.shift() ?? (unknownContent ? TWILIO_ERRORS.contentSidInvalid() : created(resource, form));
      seen.push({ resource, to, form, at: performance.now(), answered: answer.status });
      reply(answer);
    });
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', () => ready()));
  const address = server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

  return {
    base,
    /** Answer the next requests to `to` with these, in order; then 201 again. */
    script(to: string, answers: Answer[]) {
      scripts.set(to, [...answers]);
    },
    /** Answer every request to `to` with this, until `recover(to)`. */
    fail(to: string, answer: Answer) {
      failing.set(to, answer);
    },
    recover(to: string) {
      failing.delete(to);
    },
    /** Content API: answer every create with this (null: create again), or make each create wait. */
    failContent(answer: Answer | null) {
      contentFailure = answer;
    },
    delayContent(ms: number) {
      contentDelayMs = ms;
    },
    /** Templates made, in order (deleted ones marked). */
    contents: (): MadeContent[] => contents.map((c) => ({ ...c })),
    /** Delete a template behind Stem's back (as someone in the Twilio console would). */
    deleteContent(sid: string) {
      const made = contents.find((c) => c.sid === sid);
      if (made) made.deleted = true;
    },
    /** Make fetching each medium take this long before its message is handed on. */
    delayMedia(ms: number) {
      mediaDelayMs = ms;
    },
    /** Fetch media through this (e.g. Stem's public URL answered by the test's local server). */
    reachMediaBy(fetcher: (url: string) => Promise<Response>) {
      fetchMedia = fetcher;
    },
    /**
     * Act on a webhook's TwiML reply to `to` as Twilio does: each <Message> becomes a Message, in order
     * (its <Body> or text, its first <Media>), media fetched before it is handed on. The messages made.
     */
    takeTwiml(to: string, twiml: string): FakeMessage[] {
      return twimlMessages(twiml).map((t): FakeMessage => {
        const sid = `${t.media === null ? 'SM' : 'MM'}${(++serial).toString(16).padStart(32, '0')}`;
        const body = t.body === '' ? null : t.body;
        const m: FakeMessage = {
          sid,
          to,
          body,
          contentSid: null,
          mediaUrl: t.media,
          status: 'queued',
          via: 'twiml',
          media: null,
          madeAt: ++tick,
          handedOnAt: null,
        };
        messages.push(m);
        void handOn(m);
        return m;
      });
    },
    /** Until every message made so far has been handed on (or failed); throws after `maxMs`. */
    async settled(maxMs = 10_000): Promise<void> {
      const until = performance.now() + maxMs;
      while (messages.some((m) => m.handedOnAt === null)) {
        if (performance.now() > until) throw new Error('a message was never handed on (its media fetch hangs)');
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    /** The messages made for `to`, in order, with their status and what their media fetch gave. */
    messages: (to: string): FakeMessage[] => messages.filter((m) => m.to === to),
    /** Every request to `to`, in order. */
    requests(to: string): SeenRequest[] {
      return seen.filter((r) => r.to === to);
    },
    /** Messages (or calls) Twilio took for `to`: what the person would receive. */
    sent(to: string): number {
      return seen.filter((r) => r.to === to && r.answered === 201).length;
    },
    stop: () => new Promise<void>((done) => server.close(() => done())),
  };
}

export type FakeTwilioRest = Awaited<ReturnType<typeof startFakeTwilioRest>>;

const xml = new XMLParser({ isArray: (name) => name === 'Message' || name === 'Media', parseTagValue: false, trimValues: false });
type TwimlMessage = string | { Body?: string; Media?: string[]; '#text'?: string };

/** A TwiML reply's <Message>s: their text and first medium. */
function twimlMessages(twiml: string): Array<{ body: string; media: string | null }> {
  const response = (xml.parse(twiml) as { Response?: { Message?: TwimlMessage[] } | '' }).Response;
  const list = response === undefined || response === '' ? [] : (response.Message ?? []);
  return list.map((m) => (typeof m === 'string' ? { body: m, media: null } : { body: m.Body ?? m['#text'] ?? '', media: m.Media?.[0] ?? null }));
}

async function read(req: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of req) text += String(chunk);
  return text;
}
