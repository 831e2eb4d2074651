import type { PictureRef } from '../../core/model.js';
import type { Messenger, SendResult } from '../../core/rounds/ports.js';
import type { OutboundWithPicture } from '../twilio/twilio-messenger.js';

export interface OutboxEntry {
  at: string;
  channel: 'sms' | 'whatsapp';
  /** What the participant would read; for a template, the text it stands for. */
  text: string;
  template: { contentSid: string; variables: Record<string, string> } | null;
  /** The signed URL of the picture sent with it (a WhatsApp triad), as Twilio would have fetched it. */
  picture: string | null;
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
    /** Signs a picture's URL, as for Twilio (http/picture-urls.ts); without it pictures are left out. */
    private readonly pictureUrl?: (picture: PictureRef) => string,
  ) {}

  async send(message: OutboundWithPicture): Promise<SendResult> {
    const list = this.byNumber.get(message.to) ?? [];
    const text = 'text' in message ? message.text : message.preview;
    const picture = 'text' in message && message.channel === 'whatsapp' && message.picture && this.pictureUrl ? this.pictureUrl(message.picture) : null;
    list.push({ at: this.now().toISOString(), channel: message.channel, text, template: 'template' in message ? message.template : null, picture });
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
