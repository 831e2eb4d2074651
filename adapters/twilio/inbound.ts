import * as z from '../../kernel/zod.js';
import { fieldIssues } from '../../kernel/validation.js';
import type { Inbound } from '../../core/conversation/handle-inbound.js';

/**
 * Twilio's messaging webhook parameters (form fields) → `Inbound`. Only what the conversation needs is
 * kept: ProfileName, WaId, media URLs, locations, referrals, AccountSid and the rest stop here.
 *
 * Every value Twilio documents is accepted (https://www.twilio.com/docs/messaging/guides/webhook-request):
 * a sender that is no phone number (an SMS from a short code or an alphanumeric sender ID) is a message
 * nobody can answer, not a bad request; a WhatsApp message that is neither text nor an attachment
 * (a location, a contact card without its file, a reaction, a type WhatsApp calls "unsupported") is
 * answered with a clear "we cannot use this kind of message", never dropped.
 */
const E164_ADDRESS = /^(whatsapp:)?\+[1-9]\d{6,14}$/;
/**
 * Senders with no number Stem can answer: SMS short codes, alphanumeric sender IDs (up to 11 characters, at
 * least one letter), numbers not in E.164 form (national, spaced), and channel addresses with an id instead
 * of a number. A From with characters no sender address has is not what Twilio sends: a 400 naming From.
 */
const NUMBERLESS_SENDER = /^(?:[+0-9 ().-]{3,32}|(?=.*[A-Za-z])[A-Za-z0-9 &+._-]{1,11}|(?:whatsapp|sms|messenger|rcs):[A-Za-z0-9+ ()._-]{1,128})$/;

export const TwilioMessageParams = z.object({
  MessageSid: z.string().check(z.regex(/^(SM|MM)[0-9a-fA-F]{32}$/, 'a Twilio message SID (SM… or MM…, 34 characters)')),
  // Phone numbers, short codes, alphanumeric sender IDs, channel addresses: only their form is checked below.
  From: z.string().check(z.trim(), z.minLength(1), z.maxLength(256)),
  To: z.string().check(z.trim(), z.minLength(1), z.maxLength(256)),
  // WhatsApp allows 4,096 characters; zod counts UTF-16 units, and an emoji is two of them.
  Body: z._default(z.string().check(z.maxLength(16_384)), ''),
  NumMedia: z._default(z.pipe(z.coerce.number(), z.int().check(z.minimum(0), z.maximum(10))), 0),
  /**
   * A tapped WhatsApp button: its id (ButtonPayload) and title (ButtonText, also sent as Body). A list-picker
   * reply: the chosen item's id (ListId, at most 200 characters at Twilio) and title (ListTitle). Stem's own
   * ids are read in core (core/conversation/taps.ts); a title only stands in for an empty Body.
   */
  ButtonPayload: z.optional(z.string().check(z.maxLength(1024))),
  ButtonText: z.optional(z.string().check(z.maxLength(1024))),
  ListId: z.optional(z.string().check(z.maxLength(1024))),
  ListTitle: z.optional(z.string().check(z.maxLength(1024))),
  MessageType: z.optional(z.string().check(z.maxLength(64))),
});

const MediaUrl = z.string().check(z.regex(/^(https:\/\/|http:\/\/(127\.0\.0\.1|localhost)(:\d+)?\/)\S+$/, 'an https URL (or the local media host)'));

/** WhatsApp message types with nothing a survey can take as an answer unless they carry a file (MessageType). */
const UNUSABLE_TYPES = new Set(['location', 'contacts', 'reaction', 'unsupported']);

export type ParsedTwilioMessage =
  /** `to`: the number it was sent to, without `whatsapp:` (whose it is decides what happens). */
  | { ok: true; kind: 'message'; inbound: Inbound; to: string }
  /** From a short code or an alphanumeric sender: no number to answer or to know the person by. */
  | { ok: true; kind: 'no-reply-address'; channel: 'sms' | 'whatsapp' }
  | { ok: false; issues: Array<{ field: string; message: string }> };

export function parseTwilioMessage(params: Record<string, string>): ParsedTwilioMessage {
  const result = TwilioMessageParams.safeParse(params);
  if (!result.success) {
    return { ok: false, issues: fieldIssues(result.error) };
  }
  const p = result.data;
  const whatsapp = p.From.startsWith('whatsapp:');
  if (!E164_ADDRESS.test(p.From)) {
    if (NUMBERLESS_SENDER.test(p.From)) return { ok: true, kind: 'no-reply-address', channel: whatsapp ? 'whatsapp' : 'sms' };
    return { ok: false, issues: [{ field: 'From', message: 'a phone number (E.164), an SMS short code, an alphanumeric sender ID or a WhatsApp address' }] };
  }
  const media: Inbound['media'] = [];
  for (let i = 0; i < p.NumMedia; i++) {
    const url = MediaUrl.safeParse(params[`MediaUrl${i}`]);
    if (!url.success) return { ok: false, issues: [{ field: `MediaUrl${i}`, message: 'an https URL for each of NumMedia attachments' }] };
    media.push({ url: url.data, contentType: params[`MediaContentType${i}`] ?? 'application/octet-stream' });
  }
  // A location's Body may hold its address or label; a reaction's, the emoji: neither is an answer.
  const unusable = media.length === 0 && UNUSABLE_TYPES.has(p.MessageType ?? '');
  return {
    ok: true,
    kind: 'message',
    to: p.To.replace(/^whatsapp:/, ''),
    inbound: {
      channel: whatsapp ? 'whatsapp' : 'sms',
      from: p.From.replace(/^whatsapp:/, ''),
      text: unusable ? '' : p.Body || (p.ButtonText ?? p.ListTitle ?? ''),
      buttonPayload: p.ButtonPayload || p.ListId || null,
      media,
      providerId: p.MessageSid,
      ...(unusable ? { unusable: true } : {}),
    },
  };
}
