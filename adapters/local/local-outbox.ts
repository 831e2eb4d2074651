import type { Messenger, Outbound, SendResult } from '../../core/rounds/ports.js';

export interface OutboxEntry {
  at: string;
  channel: 'sms' | 'whatsapp';
  /** What the participant would read; for a template, the text it stands for. */
  text: string;
  template: { contentSid: string; variables: Record<string, string> } | null;
}

/**
 * The local stand-in for Twilio's REST API: outbound messages are kept in memory per number, for the
 * simulator and `GET /dev/outbox?to=`. A development tool only: it holds numbers, and never in the table.
 */
export class LocalOutbox implements Messenger {
  private readonly byNumber = new Map<string, OutboxEntry[]>();

  constructor(
    private readonly now: () => Date = () => new Date(),
    private readonly perNumber = 200,
  ) {}

  async send(message: Outbound): Promise<SendResult> {
    const list = this.byNumber.get(message.to) ?? [];
    const text = 'text' in message ? message.text : message.preview;
    list.push({ at: this.now().toISOString(), channel: message.channel, text, template: 'template' in message ? message.template : null });
    this.byNumber.set(message.to, list.slice(-this.perNumber));
    return { ok: true };
  }

  list(to: string): OutboxEntry[] {
    return [...(this.byNumber.get(to) ?? [])];
  }

  count(): number {
    let n = 0;
    for (const list of this.byNumber.values()) n += list.length;
    return n;
  }
}
