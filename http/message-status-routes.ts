import { Hono } from 'hono';
import { twilioDeliveryReport } from '../adapters/twilio/delivery-report.js';
import { isValidTwilioSignature } from '../adapters/twilio/signature.js';
import { messageStatusReported, type DeliveryReportDeps } from '../core/rounds/message-delivery.js';
import type { Clock } from '../core/ports.js';
import * as z from '../kernel/zod.js';
import type { MessagingConfig } from './messaging-routes.js';
import { problem } from './problem.js';
import { webhookBodyLimit } from './webhook-body-limit.js';
import { MESSAGE_STATUS_PATH } from './message-status-url.js';

export { MESSAGE_STATUS_PATH, messageStatusUrl } from './message-status-url.js';

// Twilio documents MessageStatus (and the older SmsStatus); any string is taken, an unknown status ignored.
const Params = z.object({
  MessageStatus: z.optional(z.string().check(z.maxLength(64))),
  SmsStatus: z.optional(z.string().check(z.maxLength(64))),
  ErrorCode: z.optional(z.string().check(z.maxLength(16))),
});

/**
 * POST /twilio/messages/status: Twilio's reports on the messages Stem sent (invitations, reminders,
 * "you said, we did" copies), signed like every webhook. Always 204 once the signature holds: a report
 * for a message that is not (or no longer) ours, or a status that says nothing, is logged without any
 * provider id and dropped — a 4xx would only make Twilio log errors, and it does not retry these.
 */
export function messageStatusRoutes(deps: DeliveryReportDeps & { clock: Clock }, config: MessagingConfig): Hono {
  const app = new Hono();
  const base = config.publicUrl.replace(/\/$/, '');
  app.post(MESSAGE_STATUS_PATH, webhookBodyLimit, async (c) => {
    const params = Object.fromEntries(new URLSearchParams(await c.req.text()));
    const url = `${base}${MESSAGE_STATUS_PATH}${new URL(c.req.url).search}`;
    if (!isValidTwilioSignature(config.twilioAuthToken, c.req.header('x-twilio-signature'), url, params)) {
      deps.logger.warn('message-status.bad-signature');
      return problem(c, 403, 'Forbidden', 'missing or invalid X-Twilio-Signature for the configured PUBLIC_URL', [
        { field: 'X-Twilio-Signature', message: 'does not match' },
      ]);
    }
    const parsed = Params.safeParse(params);
    const status = parsed.success ? (parsed.data.MessageStatus ?? parsed.data.SmsStatus) : undefined;
    const report = status === undefined ? null : twilioDeliveryReport(status, parsed.success ? parsed.data.ErrorCode : undefined);
    const ticket = new URL(c.req.url).searchParams.get('t');
    if (!report || !ticket) {
      deps.logger.info('message-status.ignored', { reason: report ? 'no ticket' : 'no known status' });
      return c.body(null, 204);
    }
    await messageStatusReported(deps, ticket, report, deps.clock.now().toISOString());
    return c.body(null, 204);
  });
  return app;
}
