import type { Dialer, SendResult } from '../../core/rounds/ports.js';

export interface PlacedCall {
  at: string;
  to: string;
  /** Sealed; what the status callback would carry back. */
  ticket: string;
  /** A survey call, or a message read out ("you said, we did"). */
  purpose: 'survey' | 'message';
}

/**
 * The local stand-in for Twilio placing calls: no phone rings, so the call is kept per number for the
 * simulator and `GET /dev/outbox?to=` (the participant "answers" by calling the service number in the
 * simulator's phone-call page). A development tool only: it holds numbers, and never in the table.
 */
export class LocalDialer implements Dialer {
  private readonly byNumber = new Map<string, PlacedCall[]>();

  constructor(private readonly now: () => Date = () => new Date()) {}

  async call(to: string, ticket: string, purpose: 'survey' | 'message' = 'survey'): Promise<SendResult> {
    this.byNumber.set(to, [...(this.byNumber.get(to) ?? []), { at: this.now().toISOString(), to, ticket, purpose }].slice(-50));
    return { ok: true };
  }

  list(to: string): PlacedCall[] {
    return [...(this.byNumber.get(to) ?? [])];
  }
}
