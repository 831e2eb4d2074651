import { randomBytes } from 'node:crypto';
import { XMLParser } from 'fast-xml-parser';
import { Hono } from 'hono';
import * as z from '../../core/zod.js';
import { fieldIssues } from '../../core/validation.js';
import { twilioSignature } from '../../adapters/twilio/signature.js';
import { MESSAGES_PATH } from '../../functions/http/messaging-routes.js';
import { problem } from '../../functions/http/problem.js';
import { simulatorPage } from './page.js';

export interface SimulatorConfig {
  publicUrl: string;
  twilioAuthToken: string;
  /** Our service number, in E.164: the `To` of every simulated message. */
  serviceNumber: string;
  /** Where this process itself listens: the simulator posts there, signed for `publicUrl`, as Twilio would. */
  webhookOrigin: () => string;
}

const SendRequest = z.object({
  channel: z.enum(['sms', 'whatsapp']),
  phone: z.string().check(z.trim(), z.regex(/^\+[1-9]\d{6,14}$/, 'a phone number in E.164 form, like +32470123456')),
  text: z.string().check(z.maxLength(1600)),
  buttonPayload: z.optional(z.string().check(z.maxLength(256))),
  /** Re-send with the same MessageSid, as Twilio does on a retry. */
  messageSid: z.optional(z.string().check(z.regex(/^SM[0-9a-f]{32}$/, 'a MessageSid sent before'))),
});

const xml = new XMLParser({ isArray: (name) => name === 'Message', parseTagValue: false, trimValues: false });

/** The texts of a TwiML messaging response. */
export function twimlMessages(twiml: string): string[] {
  const doc = z
    .object({ Response: z.union([z.literal(''), z.object({ Message: z.optional(z.array(z.union([z.string(), z.object({ '#text': z.string() })]))) })]) })
    .parse(xml.parse(twiml));
  if (doc.Response === '') return [];
  return (doc.Response.Message ?? []).map((m) => (typeof m === 'string' ? m : m['#text']));
}

/** The participant simulator: a phone-like page, and an endpoint that turns its messages into signed Twilio webhooks. */
export function simulatorRoutes(config: SimulatorConfig): Hono {
  const app = new Hono();
  app.get('/simulator', (c) => c.html(simulatorPage({ serviceNumber: config.serviceNumber })));
  app.post('/simulator/api/send', async (c) => {
    // It signs whatever it is given: only this page may use it. A cross-site form or fetch from another
    // page in the developer's browser is refused (JSON only, same origin).
    if (!(c.req.header('content-type') ?? '').startsWith('application/json')) {
      return problem(c, 415, 'Unsupported media type', 'send JSON', [{ field: 'content-type', message: 'must be application/json' }]);
    }
    const origin = c.req.header('origin');
    if (origin !== undefined && new URL(origin).host !== c.req.header('host')) {
      return problem(c, 403, 'Forbidden', 'the simulator only accepts requests from its own page', [{ field: 'Origin', message: `"${origin}" is another site` }]);
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
      ...(m.channel === 'whatsapp' ? { ProfileName: 'Simulator', WaId: m.phone.slice(1) } : {}),
      ...(m.buttonPayload ? { ButtonPayload: m.buttonPayload, ButtonText: m.text } : {}),
    };
    const signedUrl = `${config.publicUrl.replace(/\/$/, '')}${MESSAGES_PATH}`;
    const response = await fetch(`${config.webhookOrigin()}${MESSAGES_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilioSignature(config.twilioAuthToken, signedUrl, params) },
      body: new URLSearchParams(params).toString(),
    });
    const body = await response.text();
    if (!response.ok) return c.json({ status: response.status, messageSid, replies: [], error: body }, 502);
    return c.json({ status: response.status, messageSid, replies: twimlMessages(body) });
  });
  return app;
}
