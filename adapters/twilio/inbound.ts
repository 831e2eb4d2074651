import { z } from 'zod';
import type { Inbound } from '../../core/conversation/handle-inbound.js';

/**
 * Twilio's messaging webhook parameters (form fields) → `Inbound`. Only what the conversation needs is
 * kept: ProfileName, media URLs, AccountSid and the rest stop here.
 */
const TwilioAddress = z
  .string()
  .trim()
  .regex(/^(whatsapp:)?\+[1-9]\d{6,14}$/, 'a phone number in E.164 form, optionally prefixed with "whatsapp:"');

export const TwilioMessageParams = z.object({
  MessageSid: z.string().regex(/^(SM|MM)[0-9a-fA-F]{32}$/, 'a Twilio message SID (SM… or MM…, 34 characters)'),
  From: TwilioAddress,
  To: TwilioAddress,
  Body: z.string().max(4096).default(''),
  NumMedia: z.coerce.number().int().min(0).max(10).default(0),
  ButtonPayload: z.string().max(256).optional(),
});

export type ParsedTwilioMessage = { ok: true; inbound: Inbound } | { ok: false; issues: Array<{ field: string; message: string }> };

export function parseTwilioMessage(params: Record<string, string>): ParsedTwilioMessage {
  const result = TwilioMessageParams.safeParse(params);
  if (!result.success) {
    return { ok: false, issues: result.error.issues.map((i) => ({ field: i.path.join('.') || '(body)', message: i.message })) };
  }
  const p = result.data;
  const whatsapp = p.From.startsWith('whatsapp:');
  return {
    ok: true,
    inbound: {
      channel: whatsapp ? 'whatsapp' : 'sms',
      from: p.From.replace(/^whatsapp:/, ''),
      text: p.Body,
      buttonPayload: p.ButtonPayload ?? null,
      mediaCount: p.NumMedia,
      providerId: p.MessageSid,
    },
  };
}
