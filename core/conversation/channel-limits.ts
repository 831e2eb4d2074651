import type { Channel } from '../model.js';

/**
 * The longest message body each channel brings, in characters (null: no limit on typed text). A module of
 * its own so that what only needs the numbers (the WhatsApp delivery, the survey preview) does not pull
 * in the answer planner and its redaction.
 */
export const CHANNEL_TEXT_LIMIT: Readonly<Record<Channel, number | null>> = { sms: 1600, whatsapp: 4096, voice: null };
