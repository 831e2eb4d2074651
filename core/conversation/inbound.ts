import type { Channel } from '../model.js';
import type { MediaRef } from '../voice/model.js';
import type { TapRef } from './taps.js';

/**
 * One inbound message as an edge hands it to core, after validating the provider's request (see
 * adapters/twilio/inbound.ts): provider details are reduced to this.
 */
export interface Inbound {
  channel: Channel;
  /** E.164, without any `whatsapp:` prefix. */
  from: string;
  text: string;
  buttonPayload: string | null;
  /** Attachments; their URLs go no further than a sealed voice job. */
  media: MediaRef[];
  /** MessageSid, or CallSid and the turn's step: only ever stored as a keyed hash. */
  providerId: string;
  /** Present for a turn of a phone call. */
  call?: CallTurnInput | undefined;
  /** A message with nothing a survey can take (a location, a reaction…): answered "we cannot use this". */
  unusable?: true | undefined;
  /** Sent to a project's own number (not a service number): that project's rounds apply, a stranger joins it. */
  entryProjectId?: string | null | undefined;
}

export interface CallTurnInput {
  /** start: the call was answered; input: keys, speech or a recording; silence: the keypad timed out. */
  event: 'start' | 'input' | 'silence';
  /** The project whose number was called, if the number is a project's: a stranger joins it. */
  entryProjectId: string | null;
}

/**
 * What the planner reads of an inbound message: never the number, the provider's id or an attachment's
 * URL (the view carries what is derived from them: keys, sealed values, job ids).
 */
export type PlanInbound = Pick<Inbound, 'channel' | 'text' | 'buttonPayload' | 'call' | 'unusable' | 'entryProjectId'> & {
  /** A tap on one of Stem's own buttons or lists: which question it answers (plan/taps.ts). */
  tap?: TapRef | undefined;
};
