import { randomBytes } from 'node:crypto';
import { Hono, type Context } from 'hono';
import * as z from '../../kernel/zod.js';
import { fieldIssues } from '../../kernel/validation.js';
import { twilioSignature } from '../../adapters/twilio/signature.js';
import { VOICE_PATH } from '../../http/call-webhook-routes.js';
import { problem } from '../../http/problem.js';
import { callSimulatorPage } from './call-page.js';
import { simulatorScripts } from './client-bundle.js';
import type { SimulatorConfig } from './config.js';
import { twimlCall, TwimlError } from './call-twiml.js';

/**
 * The phone-call simulator: `GET /simulator/call` (the page) and `POST /simulator/api/call`, which plays
 * Twilio for one turn of a call. It signs Twilio-style form parameters for `${publicUrl}/twilio/voice`
 * (and only there: never an arbitrary URL), posts them to this process, and turns the TwiML answer into
 * JSON the page can show and speak: what was said (text, language, voice) and what is listened for next.
 */

const MAX_RECORDING_BYTES = 16 * 1024 * 1024;
const E164 = z.string().check(z.trim(), z.regex(/^\+[1-9]\d{6,14}$/, 'a phone number in E.164 form, like +32470123456'));
const CALL_SID = z.string().check(z.regex(/^CA[0-9a-f]{32}$/, 'a CallSid this simulator started (CA and 32 hex digits)'));

const CallRequest = z.object({
  phone: E164,
  callSid: z.optional(CALL_SID),
  /** The action or redirect URL of the last TwiML: where the turn goes. Absent: a new call. */
  url: z.optional(z.string().check(z.maxLength(2000))),
  digits: z.optional(z.string().check(z.regex(/^[0-9*#]{1,32}$/, 'keypad keys: 0-9, * and #'))),
  speech: z.optional(z.string().check(z.trim(), z.minLength(1, 'say something'), z.maxLength(1000))),
});

const RecordingRequest = z.object({
  phone: E164,
  callSid: CALL_SID,
  url: z.string().check(z.maxLength(2000)),
  /** Seconds recorded, as Twilio's RecordingDuration (whole seconds). */
  duration: z.pipe(z.coerce.number(), z.int().check(z.minimum(0), z.maximum(3600))),
  /** The key that ended the recording, if one did (Twilio's `Digits` on a <Record> action). */
  digits: z.optional(z.string().check(z.regex(/^[0-9*#]$/, 'one keypad key'))),
});

// ---- the routes --------------------------------------------------------------------------------

/** A cross-site page in the developer's browser may not make the simulator sign webhooks. */
function foreignOrigin(c: Context): Response | null {
  const origin = c.req.header('origin');
  if (origin === undefined) return null;
  let host: string | null = null;
  try {
    host = new URL(origin).host;
  } catch {
    host = null;
  }
  if (host === c.req.header('host')) return null;
  return problem(c, 403, 'Forbidden', 'the simulator only accepts requests from its own page', [{ field: 'Origin', message: `"${origin}" is another site` }]);
}

export function callSimulatorRoutes(config: SimulatorConfig): Hono {
  const app = new Hono();
  const base = config.publicUrl.replace(/\/$/, '');
  const voiceUrl = `${base}${VOICE_PATH}`;

  /** The next turn's URL must be our own voice webhook's: the simulator never signs anything else. */
  const urlIssue = (url: string): { field: string; message: string } | null =>
    url.startsWith(`${voiceUrl}?`) && !/[\s#]/.test(url)
      ? null
      : { field: 'url', message: `must be a URL of this service's voice webhook, starting with ${voiceUrl}?` };

  // Recorded prompts (<Play>) are fetched from the public URL, as Twilio fetches them.
  const promptOrigin = new URL(base).origin;
  app.get('/simulator/call', async (c) =>
    c.html(callSimulatorPage({ serviceNumber: config.serviceNumber, promptOrigin, script: (await simulatorScripts()).call })),
  );

  app.post('/simulator/api/call', async (c) => {
    const refused = foreignOrigin(c);
    if (refused) return refused;
    const type = c.req.header('content-type') ?? '';
    let params: Record<string, string>;
    let callSid: string;
    let url: string;
    /** What "Twilio" made up for a recording, returned like the CallSid so a test can look for it afterwards. */
    let recording: { recordingSid: string; recordingUrl: string } | undefined;
    if (type.startsWith('application/json')) {
      const parsed = CallRequest.safeParse(await c.req.json().catch(() => null));
      if (!parsed.success) return problem(c, 400, 'Bad request', 'not a simulator call turn', fieldIssues(parsed.error));
      const m = parsed.data;
      if (m.digits !== undefined && m.speech !== undefined) {
        return problem(c, 400, 'Bad request', 'a turn is keys or words, not both', [{ field: 'speech', message: 'send digits or speech, not both' }]);
      }
      if (m.url === undefined) {
        if (m.digits !== undefined || m.speech !== undefined) {
          return problem(c, 400, 'Bad request', 'a call starts with nothing pressed', [
            { field: 'url', message: 'required with digits or speech (the action URL of the last answer)' },
          ]);
        }
        callSid = m.callSid ?? `CA${randomBytes(16).toString('hex')}`;
        url = voiceUrl;
        params = callParams(config, m.phone, callSid, 'ringing');
      } else {
        const issue = urlIssue(m.url);
        if (issue) return problem(c, 400, 'Bad request', 'the simulator only signs requests for the voice webhook', [issue]);
        if (m.callSid === undefined) return problem(c, 400, 'Bad request', 'a turn belongs to a call', [{ field: 'callSid', message: 'required with url' }]);
        callSid = m.callSid;
        url = m.url;
        params = callParams(config, m.phone, callSid, 'in-progress');
        // Keys as a <Gather> sends them: without the finishing "#", which comes as FinishedOnKey.
        if (m.digits !== undefined) {
          const finished = m.digits.length > 1 && m.digits.endsWith('#');
          Object.assign(params, { Digits: finished ? m.digits.slice(0, -1) : m.digits, FinishedOnKey: finished ? '#' : '' });
        }
        if (m.speech !== undefined) Object.assign(params, { SpeechResult: m.speech, Confidence: '0.9' });
      }
    } else if (type.startsWith('multipart/form-data')) {
      const host = config.mediaHost;
      if (!host) return problem(c, 404, 'Not found', 'no local media host (a real Twilio account is configured)');
      const form = await c.req.parseBody().catch(() => null);
      const field = (name: string) => (typeof form?.[name] === 'string' ? form[name] : undefined);
      const parsed = RecordingRequest.safeParse({
        phone: field('phone'),
        callSid: field('callSid'),
        url: field('url'),
        duration: field('duration') ?? '0',
        digits: field('digits'),
      });
      if (!parsed.success) return problem(c, 400, 'Bad request', 'not a simulator recording', fieldIssues(parsed.error));
      const m = parsed.data;
      const issue = urlIssue(m.url);
      if (issue) return problem(c, 400, 'Bad request', 'the simulator only signs requests for the voice webhook', [issue]);
      const file = form?.file;
      if (!(file instanceof File) || file.size === 0) return problem(c, 400, 'Bad request', 'no audio', [{ field: 'file', message: 'record an answer first' }]);
      if (file.size > MAX_RECORDING_BYTES) return problem(c, 413, 'Too large', 'at most 16 MB', [{ field: 'file', message: 'too large' }]);
      const contentType = (file.type || 'audio/webm').split(';')[0] ?? 'audio/webm';
      callSid = m.callSid;
      url = m.url;
      recording = {
        recordingSid: `RE${randomBytes(16).toString('hex')}`,
        recordingUrl: host.add(config.webhookOrigin(), new Uint8Array(await file.arrayBuffer()), contentType),
      };
      params = {
        ...callParams(config, m.phone, callSid, 'in-progress'),
        RecordingUrl: recording.recordingUrl,
        RecordingDuration: String(m.duration),
        RecordingSid: recording.recordingSid,
        ...(m.digits !== undefined ? { Digits: m.digits } : {}),
      };
    } else {
      return problem(c, 415, 'Unsupported media type', 'send JSON, or multipart form data with a recording', [
        { field: 'content-type', message: 'must be application/json or multipart/form-data' },
      ]);
    }

    const response = await fetch(`${config.webhookOrigin()}${url.slice(base.length)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilioSignature(config.twilioAuthToken, url, params) },
      body: new URLSearchParams(params).toString(),
    });
    const body = await response.text();
    if (response.status !== 200) {
      return problem(c, 502, 'Bad gateway', `the voice webhook answered ${response.status}`, [
        { field: 'webhook', message: `HTTP ${response.status}: ${body.slice(0, 300)}` },
      ]);
    }
    let turn: ReturnType<typeof twimlCall>;
    try {
      turn = twimlCall(body);
    } catch (error) {
      const issue = error instanceof TwimlError ? { field: error.field, message: error.message } : { field: 'Response', message: 'not XML' };
      return problem(c, 502, 'Bad gateway', 'the voice webhook did not answer TwiML this simulator understands', [issue]);
    }
    return c.json({ callSid, ...recording, status: response.status, ...turn });
  });
  return app;
}

/** What Twilio sends with every request of an inbound call. */
function callParams(config: SimulatorConfig, phone: string, callSid: string, status: 'ringing' | 'in-progress'): Record<string, string> {
  return {
    AccountSid: config.mediaHost?.accountSid ?? `AC${'0'.repeat(32)}`,
    CallSid: callSid,
    From: phone,
    To: config.serviceNumber,
    Caller: phone,
    Called: config.serviceNumber,
    CallStatus: status,
    Direction: 'inbound',
    ApiVersion: '2010-04-01',
  };
}
