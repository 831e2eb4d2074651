import * as z from '../../kernel/zod.js';
import { fieldIssues } from '../../kernel/validation.js';
import type { Inbound } from '../../core/conversation/handle-inbound.js';

/**
 * Twilio's voice webhook (form fields, and our own `step` / `on` in the URL) → one turn of a call as an
 * `Inbound`. Keys, speech and recordings become the same text and media a message would carry.
 */
const E164 = /^\+[1-9]\d{6,14}$/;

export const TwilioCallParams = z.object({
  CallSid: z.string().check(z.regex(/^CA[0-9a-fA-F]{32}$/, 'a Twilio call SID (CA…, 34 characters)')),
  // E.164, "anonymous", "client:…", or a SIP URI (which may be long): anything but E.164 is a caller without a number.
  From: z.string().check(z.maxLength(512)),
  To: z.string().check(z.maxLength(512)),
  // After <Record>, `hangup` says the caller ended the recording by hanging up: a finished recording.
  Digits: z.optional(z.string().check(z.regex(/^([0-9*#]{0,32}|hangup)$/, 'keypad digits, * and #, or "hangup"'))),
  SpeechResult: z.optional(z.string().check(z.maxLength(10_000))),
  RecordingUrl: z.optional(z.string().check(z.regex(/^(https:\/\/|http:\/\/(127\.0\.0\.1|localhost)(:\d+)?\/)\S+$/, 'an https URL (or the local media host)'))),
  RecordingDuration: z.optional(z.pipe(z.coerce.number(), z.int().check(z.minimum(0)))),
  AnsweredBy: z.optional(z.string().check(z.maxLength(64))),
  // `inbound`, or `outbound-api` / `outbound-dial` for calls Stem placed (an invitation by phone): there
  // `From` is Stem's number and `To` the person called. https://www.twilio.com/docs/voice/twiml#request-parameters
  Direction: z.optional(z.string().check(z.maxLength(32))),
});

/** Where a turn sits in its call: `step` numbers the turns (the idempotency key), `on` says why Twilio came. */
export const CallQuery = z.object({
  step: z._default(z.pipe(z.coerce.number(), z.int().check(z.minimum(0), z.maximum(500))), 0),
  on: z._default(z.enum(['start', 'input', 'silence']), 'start'),
  /** Silences in a row, so a caller who never presses anything is not kept on the line for ever. */
  quiet: z._default(z.pipe(z.coerce.number(), z.int().check(z.minimum(0), z.maximum(50))), 0),
});
export type CallQuery = z.infer<typeof CallQuery>;

export type ParsedCallTurn =
  | { ok: true; kind: 'turn'; inbound: Inbound; query: CallQuery; calledNumber: string }
  /** Voicemail or fax on an outbound call: leave no survey on a machine. */
  | { ok: true; kind: 'machine' }
  /** A withheld or unusable caller number: nobody to continue a survey with. */
  | { ok: true; kind: 'anonymous' }
  | { ok: false; issues: Array<{ field: string; message: string }> };

export function parseTwilioCall(params: Record<string, string>, search: URLSearchParams): ParsedCallTurn {
  const parsed = TwilioCallParams.safeParse(params);
  if (!parsed.success) return { ok: false, issues: fieldIssues(parsed.error) };
  const query = CallQuery.safeParse(Object.fromEntries(search));
  if (!query.success) return { ok: false, issues: fieldIssues(query.error) };
  const p = parsed.data;
  if (p.AnsweredBy && /^(machine|fax)/.test(p.AnsweredBy)) return { ok: true, kind: 'machine' };
  const placedByUs = p.Direction?.startsWith('outbound') ?? false;
  const person = placedByUs ? p.To : p.From;
  const ourNumber = placedByUs ? p.From : p.To;
  if (!E164.test(person)) return { ok: true, kind: 'anonymous' };
  const q = query.data;
  const recording = p.RecordingUrl !== undefined && (p.RecordingDuration ?? 1) > 0 ? p.RecordingUrl : null;
  const digits = p.Digits === 'hangup' ? '' : (p.Digits ?? '').replace(/#$/, '');
  const heard = recording === null && digits === '' && (p.SpeechResult ?? '').trim() === '';
  const event = q.on === 'start' ? 'start' : q.on === 'silence' || heard ? 'silence' : 'input';
  return {
    ok: true,
    kind: 'turn',
    query: q,
    calledNumber: ourNumber,
    inbound: {
      channel: 'voice',
      from: person,
      // "*" is the keypad's "skip" (said in every prompt that allows it); the engine knows the word.
      text: digits === '*' ? 'skip' : digits !== '' ? digits : (p.SpeechResult ?? ''),
      buttonPayload: null,
      media: recording ? [{ url: recording, contentType: 'audio/wav' }] : [],
      providerId: `${p.CallSid}#${q.step}`,
      call: { event, entryProjectId: null },
    },
  };
}
