import type { PictureRef } from '../../core/model.js';
import type { Messenger, SendResult } from '../../core/rounds/ports.js';
import type { OutboundWithPicture } from '../twilio/twilio-messenger.js';

/** Answers to tap as WhatsApp shows them: up to three buttons, or a list behind a button (adapters/twilio/content-types.ts fits them). */
export type OutboxTaps =
  | { kind: 'buttons'; language: string; buttons: Array<{ id: string; title: string }> }
  | { kind: 'list'; language: string; button: string; items: Array<{ id: string; title: string; description?: string }> };

export interface OutboxEntry {
  /** Increasing across the outbox: the simulator shows each message once, whether a reply or a poll brought it. */
  id: number;
  at: string;
  channel: 'sms' | 'whatsapp';
  /** What the participant would read; for a template, the text it stands for; '' for a voice note alone. */
  text: string;
  template: { contentSid: string; variables: Record<string, string> } | null;
  /** The signed URL of the picture sent with it (a WhatsApp triad), as Twilio would have fetched it. */
  picture: string | null;
  /** Sent by REST while answering the person's message (local-tap-messenger.ts), not on the service's own (an invitation). */
  reply: boolean;
  /** A question's voice note sent by REST: its signed URL, as Twilio would have fetched it. */
  voiceNote: string | null;
  /** The answers to tap under the text. */
  taps: OutboxTaps | null;
}

/** A message sent by REST while answering: a text, a voice note, or a text with answers to tap. */
export type OutboxReply = { text: string; voiceNote?: string; picture?: string; taps?: OutboxTaps };

/**
 * The local stand-in for Twilio's REST API: outbound messages are kept in memory per number, for the
 * simulator and `GET /dev/outbox?to=`. A development tool only: it holds numbers, and never in the table.
 */
export class LocalOutbox implements Messenger {
  private readonly byNumber = new Map<string, OutboxEntry[]>();
  private last = 0;

  constructor(
    private readonly now: () => Date = () => new Date(),
    private readonly perNumber = 200,
    /** Signs a picture's URL, as for Twilio (http/picture-urls.ts); without it pictures are left out. */
    private readonly pictureUrl?: (picture: PictureRef) => string,
  ) {}

  async send(message: OutboundWithPicture): Promise<SendResult> {
    const text = 'text' in message ? message.text : message.preview;
    const picture = 'text' in message && message.channel === 'whatsapp' && message.picture && this.pictureUrl ? this.pictureUrl(message.picture) : null;
    const template = 'template' in message ? message.template : null;
    this.keep(message.to, { channel: message.channel, text, template, picture, reply: false, voiceNote: null, taps: null });
    return { ok: true };
  }

  /** A WhatsApp message sent by REST while answering the person (the texts before a question, its voice note, the answers to tap). */
  keepReply(to: string, message: OutboxReply): OutboxEntry {
    return this.keep(to, {
      channel: 'whatsapp',
      text: message.text,
      template: null,
      picture: message.picture ?? null,
      reply: true,
      voiceNote: message.voiceNote ?? null,
      taps: message.taps ?? null,
    });
  }

  list(to: string): OutboxEntry[] {
    return [...(this.byNumber.get(to) ?? [])];
  }

  /** The messages to `to` kept after the one numbered `after`, in order. */
  since(to: string, after: number): OutboxEntry[] {
    return this.list(to).filter((m) => m.id > after);
  }

  /** The number of the last message kept (0 before the first). */
  lastId(): number {
    return this.last;
  }

  count(): number {
    let n = 0;
    for (const list of this.byNumber.values()) n += list.length;
    return n;
  }

  private keep(to: string, message: Omit<OutboxEntry, 'id' | 'at'>): OutboxEntry {
    const entry: OutboxEntry = { id: ++this.last, at: this.now().toISOString(), ...message };
    const list = this.byNumber.get(to) ?? [];
    list.push(entry);
    this.byNumber.set(to, list.slice(-this.perNumber));
    return entry;
  }
}
