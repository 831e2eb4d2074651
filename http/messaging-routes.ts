import { Hono } from 'hono';
import { isValidTwilioSignature } from '../adapters/twilio/signature.js';
import { parseTwilioMessage } from '../adapters/twilio/inbound.js';
import { messagingTwiml } from '../adapters/twilio/twiml.js';
import { handleInbound, type ConversationDeps } from '../core/conversation/handle-inbound.js';
import { ownerOfNumber } from '../core/conversation/our-numbers.js';
import { sendByRest, type TapMessenger } from '../core/conversation/tap-delivery.js';
import { serviceDay } from '../core/day.js';
import type { PictureRef } from '../core/model.js';
import type { ForeignNumberCounter } from '../core/ports.js';
import { keepSpeakable, type VoiceNoteAvailability } from '../core/voice-notes/availability.js';
import type { SpeechRef } from '../core/voice-notes/speech.js';
import { pictureUrl } from './picture-urls.js';
import { voiceNoteUrl } from './voice-note-urls.js';
import { problem } from './problem.js';
import { unprocessed } from './unprocessed.js';
import { webhookBodyLimit } from './webhook-body-limit.js';

export interface MessagingConfig {
  /** The URL Twilio calls, as configured there (e.g. https://stem.example.be): signatures are over it. */
  publicUrl: string;
  twilioAuthToken: string;
}

/** For the webhooks people write and call to: which numbers are ours. */
export interface InboundConfig extends MessagingConfig {
  /** Service numbers (`+32…`, bare): a message to another number that is no project's own is only counted. */
  serviceNumbers: ReadonlySet<string>;
}

export const MESSAGES_PATH = '/twilio/messages';

/**
 * The REST messages of a turn (answers to tap, a voice note before them) are begun within 7 s of the
 * webhook's arrival: one begun then ends within 6 s (a template made and sent, 3 s each at most), before
 * the function's 14 s timeout and Twilio's 15 s. What is not begun by then goes in the TwiML.
 */
export const REST_DEADLINE_MS = 7000;

export interface MessagingDeps extends ConversationDeps {
  foreignNumbers: ForeignNumberCounter;
  /** Sends WhatsApp answers to tap; without it, choices go as numbered text only. */
  taps?: TapMessenger | undefined;
}

/** POST /twilio/messages: Twilio's SMS and WhatsApp webhook. Same code in Lambda and locally. */
/**
 * `voiceNotes`: whether WhatsApp questions can go as voice notes here (core/voice-notes/availability.ts);
 * without it every question goes as written.
 */
export function messagingRoutes(deps: MessagingDeps, config: InboundConfig, voiceNotes: VoiceNoteAvailability | null = null): Hono {
  const app = new Hono();
  app.post(MESSAGES_PATH, webhookBodyLimit, async (c) => {
    const received = deps.clock.now();
    const type = c.req.header('content-type') ?? '';
    if (!type.startsWith('application/x-www-form-urlencoded')) {
      return problem(c, 415, 'Unsupported media type', 'Twilio webhooks are application/x-www-form-urlencoded', [
        { field: 'content-type', message: `got "${type}"` },
      ]);
    }
    // Every parameter that arrived takes part in the signature, including ones Twilio adds later.
    const params = Object.fromEntries(new URLSearchParams(await c.req.text()));
    const url = `${config.publicUrl.replace(/\/$/, '')}${MESSAGES_PATH}${new URL(c.req.url).search}`;
    if (!isValidTwilioSignature(config.twilioAuthToken, c.req.header('x-twilio-signature'), url, params)) {
      deps.logger.warn('inbound.bad-signature');
      return problem(c, 403, 'Forbidden', 'missing or invalid X-Twilio-Signature for the configured PUBLIC_URL', [
        { field: 'X-Twilio-Signature', message: 'does not match' },
      ]);
    }
    const parsed = parseTwilioMessage(params);
    if (!parsed.ok) return problem(c, 400, 'Bad request', 'the webhook parameters are not a Twilio message', parsed.issues);
    if (parsed.kind === 'no-reply-address') {
      // A short code or an alphanumeric sender (a carrier's notice, a bank): no one to answer or to count.
      // Acknowledged with empty TwiML, so Twilio neither retries nor replies; only the channel is logged.
      deps.logger.info('inbound.no-reply-address', { channel: parsed.channel });
      return c.body(messagingTwiml([]), 200, { 'Content-Type': 'text/xml; charset=utf-8' });
    }
    try {
      const owner = await ownerOfNumber(parsed.to, config.serviceNumbers, (n) => deps.catalog.projectIdByCallNumber(n), 'service');
      if (owner.kind === 'foreign') {
        // Not our number (a webhook URL pasted on someone else's): nothing joined, stored or answered; counted.
        const now = deps.clock.now();
        await deps.foreignNumbers.countForeign(parsed.inbound.channel, serviceDay(now), now);
        deps.logger.warn('inbound.foreign-number', { channel: parsed.inbound.channel });
        return c.body(messagingTwiml([]), 200, { 'Content-Type': 'text/xml; charset=utf-8' });
      }
      const inbound = owner.kind === 'project' ? { ...parsed.inbound, entryProjectId: owner.projectId } : parsed.inbound;
      const speakable = await keepSpeakable(await handleInbound(deps, inbound), voiceNotes);
      const now = deps.clock.now();
      const noteUrl = (speech: SpeechRef) => voiceNoteUrl(deps.protector, config.publicUrl, speech, now);
      const picUrl = (picture: PictureRef) => pictureUrl(deps.protector, config.publicUrl, picture);
      const deadline = new Date(received.getTime() + REST_DEADLINE_MS);
      // Answers to tap go by REST (with the question's voice note before them); what is left goes as TwiML
      // (core/conversation/tap-delivery.ts): nothing when all went, else the turn or its rest, numbered.
      const replies =
        deps.taps && inbound.channel === 'whatsapp'
          ? await sendByRest(deps.taps, deps.logger, { to: inbound.from, from: parsed.to }, speakable, {
              voiceNoteUrl: noteUrl,
              pictureUrl: picUrl,
              clock: deps.clock,
              deadline,
            })
          : speakable;
      // Pictures (WhatsApp triads) and voice notes by signed URL, fetched by Twilio from their routes.
      return c.body(messagingTwiml(replies, picUrl, noteUrl), 200, { 'Content-Type': 'text/xml; charset=utf-8' });
    } catch (error) {
      // A 5xx lets Twilio retry (with #rc=…&rp=all on the webhook URL). Log the kind of error only, never its data.
      deps.logger.error('inbound.failed', { error: error instanceof Error ? error.name : 'unknown' });
      return unprocessed(c, error, 'message');
    }
  });
  return app;
}
