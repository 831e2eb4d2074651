import { type Bubble, type Channel, clock, key, now, pictureOf, tapsOf, type Thread } from './chat-thread.js';
import { fieldsOf, listOf, stringOrNull } from './common.js';

/**
 * What the local outbox holds for a number (`GET /dev/outbox?to=`): what the service sent on its own
 * (invitations, reminders), and what it sent by "REST" while answering (the texts before a question, its
 * voice note, the answers to tap). The latter come back with the answer to each message too (chat-send.ts);
 * the poll finds the rest. Each message is shown once, by its id, as an incoming bubble in its channel's thread.
 */

const E164 = /^\+[1-9]\d{6,14}$/;

/** The outbox messages shown so far, per number: whichever of the poll and a reply brings one first shows it. */
export type ShownOutbox = (phone: string) => Set<string>;

export function shownOutbox(): ShownOutbox {
  const byPhone = new Map<string, Set<string>>();
  return (phone) => {
    let seen = byPhone.get(phone);
    if (!seen) {
      seen = new Set();
      byPhone.set(phone, seen);
    }
    return seen;
  };
}

/**
 * Adds the outbox messages of `phone` not shown yet to their threads (`messages` as the server sent them,
 * in order); returns the channels that got one.
 */
export function showOutbox(thread: (k: string) => Thread, shown: ShownOutbox, phone: string, messages: readonly unknown[]): Set<Channel> {
  const seen = shown(phone);
  const channels = new Set<Channel>();
  for (const message of messages) {
    const m = fieldsOf(message);
    const id = typeof m.id === 'number' ? String(m.id) : `${String(m.at)}|${String(m.channel)}|${String(m.text)}`;
    if (seen.has(id)) continue;
    seen.add(id);
    const ch: Channel = m.channel === 'sms' ? 'sms' : 'whatsapp';
    thread(key(ch, phone)).items.push(outboxBubble(m));
    channels.add(ch);
  }
  return channels;
}

/** One outbox message as a bubble: an invitation (tagged so), or part of a reply (a text, a voice note, answers to tap). */
function outboxBubble(m: Record<string, unknown>): Bubble {
  const at = new Date(typeof m.at === 'string' || typeof m.at === 'number' ? m.at : Number.NaN);
  const audioUrl = pictureOf(m.voiceNote);
  const taps = tapsOf(m.taps);
  return {
    kind: 'bubble',
    from: 'service',
    text: String(m.text ?? ''),
    picture: pictureOf(m.picture),
    time: Number.isNaN(at.getTime()) ? now() : clock(at),
    ...(m.reply === true ? {} : { outbox: true, template: stringOrNull(fieldsOf(m.template).contentSid) }),
    ...(audioUrl ? { voice: true, audioUrl } : {}),
    ...(taps ? { taps } : {}),
  };
}

export interface OutboxDeps {
  thread(k: string): Thread;
  shown: ShownOutbox;
  render(): void;
  channel(): Channel;
  phone(): string;
}

/** The poll: adds what is new for the number now typed; a 404 (no outbox) turns polling off. */
export function outboxPoller(d: OutboxDeps): () => Promise<void> {
  let outboxOn = true;

  return async function pollOutbox(): Promise<void> {
    const ph = d.phone();
    if (!outboxOn || !E164.test(ph)) return;
    try {
      const res = await fetch(`/dev/outbox?to=${encodeURIComponent(ph)}`, { headers: { accept: 'application/json' } });
      if (res.status === 404) {
        outboxOn = false;
        return;
      }
      if (!res.ok) return;
      const messages = listOf(fieldsOf(await res.json()).messages);
      if (!messages) return;
      const channels = showOutbox(d.thread, d.shown, ph, messages);
      if (channels.has(d.channel()) && ph === d.phone()) d.render();
    } catch {
      // The next poll tries again.
    }
  };
}
