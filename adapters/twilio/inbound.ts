import * as z from '../../core/zod.js';
import { fieldIssues } from '../../core/validation.js';
import type { Inbound } from '../../core/conversation/handle-inbound.js';

/**
 * Twilio's messaging webhook parameters (form fields) → `Inbound`. Only what the conversation needs is
 * kept: ProfileName, media URLs, AccountSid and the rest stop here.
 */
const TwilioAddress = z
  .string()
  .check(z.trim(), z.regex(/^(whatsapp:)?\+[1-9]\d{6,14}$/, 'a phone number in E.164 form, optionally prefixed with "whatsapp:"'));

export const TwilioMessageParams = z.object({
  MessageSid: z.string().check(z.regex(/^(SM|MM)[0-9a-fA-F]{32}$/, 'a Twilio message SID (SM… or MM…, 34 characters)')),
  From: TwilioAddress,
  To: TwilioAddress,
  Body: z._default(z.string().check(z.maxLength(4096)), ''),
  NumMedia: z._default(z.pipe(z.coerce.number(), z.int().check(z.minimum(0), z.maximum(10))), 0),
  ButtonPayload: z.optional(z.string().check(z.maxLength(256))),
});

const MediaUrl = z.string().check(z.regex(/^(https:\/\/|http:\/\/(127\.0\.0\.1|localhost)(:\d+)?\/)\S+$/, 'an https URL (or the local media host)'));

export type ParsedTwilioMessage = { ok: true; inbound: Inbound } | { ok: false; issues: Array<{ field: string; message: string }> };

export function parseTwilioMessage(params: Record<string, string>): ParsedTwilioMessage {
  const result = TwilioMessageParams.safeParse(params);
  if (!result.success) {
    return { ok: false, issues: fieldIssues(result.error) };
  }
  const p = result.data;
  const whatsapp = p.From.startsWith('whatsapp:');
  const media: Inbound['media'] = [];
  for (let i = 0; i < p.NumMedia; i++) {
    const url = MediaUrl.safeParse(params[`MediaUrl${i}`]);
    if (!url.success) return { ok: false, issues: [{ field: `MediaUrl${i}`, message: 'an https URL for each of NumMedia attachments' }] };
    media.push({ url: url.data, contentType: params[`MediaContentType${i}`] ?? 'application/octet-stream' });
  }
  return {
    ok: true,
    inbound: {
      channel: whatsapp ? 'whatsapp' : 'sms',
      from: p.From.replace(/^whatsapp:/, ''),
      text: p.Body,
      buttonPayload: p.ButtonPayload ?? null,
      media,
      providerId: p.MessageSid,
    },
  };
}
