import { createServer, type IncomingMessage, type Server } from 'node:http';
import { performance } from 'node:perf_hooks';

/**
 * Twilio's REST API cannot be reached from here: an HTTP server on loopback speaking its shapes for
 * Messages.create and Calls.create (form-encoded POST under /2010-04-01/Accounts/{sid}/, Basic auth,
 * JSON bodies as Twilio returns them: 201 with the resource, errors as `{code, message, more_info,
 * status}`, 429 with Retry-After). The real REST client is pointed at it by its base URL. Answers are
 * scripted per recipient; a recipient without a script gets 201 Created.
 */

export interface Answer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export interface SeenRequest {
  resource: 'Messages' | 'Calls';
  to: string;
  form: URLSearchParams;
  /** performance.now() when it arrived, to measure the waits between tries. */
  at: number;
  answered: number;
}

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
};

export async function startFakeTwilioRest(accountSid: string, authToken: string) {
  const scripts = new Map<string, Answer[]>();
  /** Recipients for whom every request fails with this answer. */
  const failing = new Map<string, Answer>();
  const seen: SeenRequest[] = [];
  let serial = 0;

  const created = (resource: 'Messages' | 'Calls', form: URLSearchParams): Answer => {
    const sid = `${resource === 'Messages' ? 'SM' : 'CA'}${(++serial).toString(16).padStart(32, '0')}`;
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
    void read(req).then((text) => {
      const match = /^\/2010-04-01\/Accounts\/([^/]+)\/(Messages|Calls)\.json$/.exec(req.url ?? '');
      const reply = (a: Answer) => {
        res.writeHead(a.status, { 'content-type': 'application/json', ...a.headers });
        res.end(JSON.stringify(a.body));
      };
      if (req.method !== 'POST' || !match) return reply(error(404, 20404, 'The requested resource was not found'));
      if (match[1] !== accountSid || req.headers.authorization !== `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`)
        return reply(error(401, 20003, 'Authenticate'));
      const resource = match[2] as 'Messages' | 'Calls';
      const form = new URLSearchParams(text);
      const to = (form.get('To') ?? '').replace(/^whatsapp:/, '');
      const answer = failing.get(to) ?? scripts.get(to)?.shift() ?? created(resource, form);
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

async function read(req: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of req) text += String(chunk);
  return text;
}
