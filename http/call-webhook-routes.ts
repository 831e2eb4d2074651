import { Hono } from 'hono';
import { VoiceResponse } from '../adapters/twilio/twiml-writer.js';
import { parseTwilioCall } from '../adapters/twilio/call-inbound.js';
import { isValidTwilioSignature } from '../adapters/twilio/signature.js';
import { callTwiml, messageCallTwiml } from '../adapters/twilio/voice-twiml.js';
import { callEnded, callOutcome, openTicket } from '../core/calls/outbound.js';
import type { FeedbackStore } from '../core/feedback/ports.js';
import type { PromptStore } from '../core/calls/prompts.js';
import { utterances } from '../core/calls/speak.js';
import type { Protector } from '../core/ports.js';
import type { AudioStore } from '../core/voice/ports.js';
import { spokenNotEnrolled } from '../core/conversation/spoken.js';
import { handleTurn, type ConversationDeps, type Turn } from '../core/conversation/handle-inbound.js';
import type { ParticipantStore } from '../core/participants/ports.js';
import * as z from '../kernel/zod.js';
import { problem } from './problem.js';
import { unprocessed } from './unprocessed.js';
import { ownerOfNumber } from '../core/conversation/our-numbers.js';
import { serviceDay } from '../core/day.js';
import type { ForeignNumberCounter } from '../core/ports.js';
import { webhookBodyLimit } from './webhook-body-limit.js';
import type { InboundConfig } from './messaging-routes.js';

export const VOICE_PATH = '/twilio/voice';
export const VOICE_STATUS_PATH = '/twilio/voice/status';
export const VOICE_MESSAGE_PATH = '/twilio/voice/message';
export const PROMPT_AUDIO_PATH = '/media/prompts';

/** Recorded prompts: where they are listed, and where their (encrypted) audio lives. */
export interface PromptMedia {
  store: PromptStore;
  audio: AudioStore;
}

/**
 * <Play> URLs Twilio fetches without credentials: the audio key with a keyed MAC, so only URLs Stem
 * wrote can be fetched. A prompt is a staff or interpreter voice reading a question, not an answer.
 */
export function promptUrl(protector: Protector, base: string, audioKey: string): string {
  return `${base}${PROMPT_AUDIO_PATH}/${encodeURIComponent(audioKey)}.${protector.ledgerKey(`prompt-audio|${audioKey}`)}`;
}
export function audioKeyOfPromptUrl(protector: Protector, token: string): string | null {
  const dot = token.lastIndexOf('.');
  if (dot <= 0) return null;
  const key = token.slice(0, dot);
  return protector.ledgerKey(`prompt-audio|${key}`) === token.slice(dot + 1) ? key : null;
}

const StatusParams = z.object({
  CallStatus: z.string().check(z.maxLength(64)),
  AnsweredBy: z.optional(z.string().check(z.maxLength(64))),
});
/** Silences in a row before a call is ended (a menu is otherwise said again and again). */
const MAX_QUIET = 3;

const xml = { 'Content-Type': 'text/xml; charset=utf-8' };

/**
 * POST /twilio/voice: Twilio's voice webhook, for the call's first request and every turn after it
 * (`?step=N&on=input|silence`). Same guarantees as messages: signed, recorded before it is applied,
 * each turn applied once (CallSid and step), the same TwiML again for a retried turn.
 */
export function voiceRoutes(
  deps: ConversationDeps & { participants: ParticipantStore; feedback?: FeedbackStore; foreignNumbers: ForeignNumberCounter },
  config: InboundConfig,
  prompts?: PromptMedia,
): Hono {
  const app = new Hono();
  const base = config.publicUrl.replace(/\/$/, '');
  const playUrl = (audioKey: string) => promptUrl(deps.protector, base, audioKey);

  app.get(`${PROMPT_AUDIO_PATH}/:token`, async (c) => {
    const key = audioKeyOfPromptUrl(deps.protector, c.req.param('token'));
    const audio = key && prompts ? await prompts.audio.get(key) : null;
    if (!audio) return problem(c, 404, 'Not found', 'no such prompt');
    return c.body(Buffer.from(audio.bytes), 200, { 'Content-Type': audio.contentType, 'Cache-Control': 'private, max-age=300' });
  });

  /** The end of a call Stem placed (an invitation): unanswered ones are tried again later. */
  app.post(VOICE_STATUS_PATH, webhookBodyLimit, async (c) => {
    const params = Object.fromEntries(new URLSearchParams(await c.req.text()));
    const url = `${base}${VOICE_STATUS_PATH}${new URL(c.req.url).search}`;
    if (!isValidTwilioSignature(config.twilioAuthToken, c.req.header('x-twilio-signature'), url, params)) {
      deps.logger.warn('call.bad-signature');
      return problem(c, 403, 'Forbidden', 'missing or invalid X-Twilio-Signature for the configured PUBLIC_URL', [
        { field: 'X-Twilio-Signature', message: 'does not match' },
      ]);
    }
    const parsed = StatusParams.safeParse(params);
    const ticket = new URL(c.req.url).searchParams.get('t');
    if (!parsed.success) return problem(c, 400, 'Bad request', 'a call status callback needs CallStatus', [{ field: 'CallStatus', message: 'missing' }]);
    if (!ticket) {
      // A status callback set on a number in Twilio's console (an inbound call) carries no ticket of ours:
      // nothing to record, and a 4xx would only be logged as an error at Twilio.
      deps.logger.info('call.status-without-ticket');
      return c.body(null, 204);
    }
    const outcome = callOutcome(parsed.data.CallStatus, parsed.data.AnsweredBy);
    if (outcome) await callEnded(deps, ticket, outcome);
    return c.body(null, 204);
  });

  /** A message call Stem placed ("you said, we did"): the ticket in the URL names the round and language. */
  app.post(VOICE_MESSAGE_PATH, webhookBodyLimit, async (c) => {
    const params = Object.fromEntries(new URLSearchParams(await c.req.text()));
    const url = `${base}${VOICE_MESSAGE_PATH}${new URL(c.req.url).search}`;
    if (!isValidTwilioSignature(config.twilioAuthToken, c.req.header('x-twilio-signature'), url, params)) {
      deps.logger.warn('call.bad-signature');
      return problem(c, 403, 'Forbidden', 'missing or invalid X-Twilio-Signature for the configured PUBLIC_URL', [
        { field: 'X-Twilio-Signature', message: 'does not match' },
      ]);
    }
    const ticket = openTicket(deps.protector, new URL(c.req.url).searchParams.get('t') ?? '');
    if (!ticket || ticket.type !== 'feedback' || !ticket.language)
      return problem(c, 400, 'Bad request', 'a message call needs our ticket', [{ field: 't', message: 'missing or not ours' }]);
    const hangUp = () => {
      const response = new VoiceResponse();
      response.hangup();
      return c.body(response.toString(), 200, xml);
    };
    // Voicemail gets nothing: a message from the centre on a shared voicemail would tell others the person took part.
    if (params.AnsweredBy && /^(machine|fax)/.test(params.AnsweredBy)) return hangUp();
    const feedback = await deps.feedback?.get(ticket.projectId, ticket.roundId);
    const audioKey = prompts ? feedback?.audio[ticket.language] : undefined;
    const text = feedback?.texts[ticket.language];
    if (audioKey) return c.body(messageCallTwiml({ audioKey }, playUrl), 200, xml);
    if (text) return c.body(messageCallTwiml({ text, lang: ticket.language }, playUrl), 200, xml);
    return hangUp();
  });

  app.post(VOICE_PATH, webhookBodyLimit, async (c) => {
    const type = c.req.header('content-type') ?? '';
    if (!type.startsWith('application/x-www-form-urlencoded')) {
      return problem(c, 415, 'Unsupported media type', 'Twilio webhooks are application/x-www-form-urlencoded', [
        { field: 'content-type', message: `got "${type}"` },
      ]);
    }
    const params = Object.fromEntries(new URLSearchParams(await c.req.text()));
    const search = new URL(c.req.url).searchParams;
    const url = `${base}${VOICE_PATH}${new URL(c.req.url).search}`;
    if (!isValidTwilioSignature(config.twilioAuthToken, c.req.header('x-twilio-signature'), url, params)) {
      deps.logger.warn('call.bad-signature');
      return problem(c, 403, 'Forbidden', 'missing or invalid X-Twilio-Signature for the configured PUBLIC_URL', [
        { field: 'X-Twilio-Signature', message: 'does not match' },
      ]);
    }
    const parsed = parseTwilioCall(params, search);
    if (!parsed.ok) return problem(c, 400, 'Bad request', 'the webhook parameters are not a Twilio call', parsed.issues);
    const goodbye = async (texts: Turn['replies']): Promise<Response> =>
      c.body(callTwiml(await utterances(texts, null, undefined), null, { input: '', silence: '' }, playUrl), 200, xml);
    if (parsed.kind === 'machine') return goodbye([]);
    if (parsed.kind === 'anonymous') return goodbye(spokenNotEnrolled(deps.texts));
    const { inbound, query } = parsed;
    // Staff and interpreters: `*` at the language menu opens the prompt studio (it asks for a one-time code).
    if (params.Digits === '*' && search.get('menu') === '1') {
      const studio = new VoiceResponse();
      studio.redirect({ method: 'POST' }, `${base}/twilio/voice/studio`);
      return c.body(studio.toString(), 200, xml);
    }
    if (inbound.call?.event === 'silence' && query.quiet + 1 >= MAX_QUIET) return goodbye([]);
    try {
      const owner =
        inbound.call?.event === 'start'
          ? await ownerOfNumber(parsed.calledNumber, config.serviceNumbers, (n) => deps.catalog.projectIdByCallNumber(n), 'project')
          : null;
      if (owner?.kind === 'foreign') {
        // Not our number: the call is refused before it is answered (<Reject>: the caller pays nothing), and counted.
        const now = deps.clock.now();
        await deps.foreignNumbers.countForeign('voice', serviceDay(now), now);
        deps.logger.warn('call.foreign-number');
        const reject = new VoiceResponse();
        reject.reject();
        return c.body(reject.toString(), 200, xml);
      }
      const entryProjectId = owner?.kind === 'project' ? owner.projectId : null;
      const turn = await handleTurn(deps, { ...inbound, call: inbound.call ? { ...inbound.call, entryProjectId } : undefined });
      const next = `${base}${VOICE_PATH}?step=${query.step + 1}`;
      // Only a menu is said again and again on silence (a question is passed over): count those in a row.
      // The last moment of a call that offers 0 (DELETE) before goodbye: its silence just hangs up.
      const lastChance = turn.listen?.kind === 'keys' && turn.listen.options === 0;
      const quiet = lastChance ? MAX_QUIET - 1 : inbound.call?.event === 'silence' && turn.listen?.kind === 'keys' && turn.listen.menu ? query.quiet + 1 : 0;
      const parts = await utterances(turn.replies, turn.scope, prompts?.store);
      const menu = turn.listen?.kind === 'keys' && turn.listen.menu && turn.listen.language === null ? '&menu=1' : '';
      return c.body(callTwiml(parts, turn.listen, { input: `${next}&on=input${menu}`, silence: `${next}&on=silence&quiet=${quiet}` }, playUrl), 200, xml);
    } catch (error) {
      // A 5xx makes Twilio play its error message, and the caller can call again.
      deps.logger.error('call.failed', { error: error instanceof Error ? error.name : 'unknown' });
      return unprocessed(c, error, 'call turn');
    }
  });
  return app;
}
