import * as z from '../../kernel/zod.js';
import { readEnv } from './env.js';

/**
 * Where the Twilio REST API is reached: Twilio's processing region and edge location
 * (https://www.twilio.com/docs/global-infrastructure/understanding-edge-locations). In the EU:
 * TWILIO_REGION=ie1 and TWILIO_EDGE=dublin → https://api.dublin.ie1.twilio.com, which keeps the data in
 * Ireland. Both or neither: Twilio's older `api.<region>.twilio.com` (a region without an edge) stopped
 * working on 2026-04-28, and an edge without a region would process in the US. Neither: api.twilio.com.
 * TWILIO_API_BASE overrides both with a full URL (a local stand-in for Twilio, in tests).
 */
const TWILIO_REST_ENV = {
  TWILIO_REGION: z.optional(z.string().check(z.regex(/^[a-z]{2}\d$/, 'a Twilio region id, e.g. ie1'))),
  TWILIO_EDGE: z.optional(z.string().check(z.regex(/^[a-z][a-z-]{1,30}$/, 'a Twilio edge location id, e.g. dublin'))),
  TWILIO_API_BASE: z.optional(z.url()),
};

export const TwilioRestEnv = z.object(TWILIO_REST_ENV).check(
  z.refine((env) => (env.TWILIO_REGION === undefined) === (env.TWILIO_EDGE === undefined), {
    message: 'TWILIO_REGION and TWILIO_EDGE go together (e.g. ie1 and dublin), or neither is set',
    path: ['TWILIO_EDGE'],
  }),
);
export type TwilioRestEnv = z.infer<typeof TwilioRestEnv>;

/** The REST API's base URL for this configuration (no trailing slash). */
export function twilioApiBase(env: TwilioRestEnv): string {
  if (env.TWILIO_API_BASE) return env.TWILIO_API_BASE.replace(/\/$/, '');
  if (env.TWILIO_REGION && env.TWILIO_EDGE) return `https://api.${env.TWILIO_EDGE}.${env.TWILIO_REGION}.twilio.com`;
  return 'https://api.twilio.com';
}

/** Read once at a function's start, failing it when the pair is incomplete or malformed. */
export const readTwilioApiBase = (env: NodeJS.ProcessEnv = process.env): string => twilioApiBase(readEnv(TwilioRestEnv, env));
