import { type Channel, clock, key, now, pictureOf, type Thread } from './chat-thread.js';
import { fieldsOf, listOf, stringOrNull } from './common.js';

/**
 * What the service sent on its own (invitations, reminders): the local outbox (`GET /dev/outbox?to=`),
 * polled for the number typed, each message shown once, as an incoming bubble in its channel's thread.
 */

const E164 = /^\+[1-9]\d{6,14}$/;

export interface OutboxDeps {
  thread(k: string): Thread;
  render(): void;
  channel(): Channel;
  phone(): string;
}

/** The poll: adds what is new for the number now typed; a 404 (no outbox) turns polling off. */
export function outboxPoller(d: OutboxDeps): () => Promise<void> {
  let outboxOn = true;
  /** Messages shown, once each, per number. */
  const outboxSeen = new Map<string, Set<string>>();

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
      let seen = outboxSeen.get(ph);
      if (!seen) {
        seen = new Set();
        outboxSeen.set(ph, seen);
      }
      let shown = false;
      for (const message of messages) {
        const m = fieldsOf(message);
        const id = `${String(m.at)}|${String(m.channel)}|${String(m.text)}`;
        if (seen.has(id)) continue;
        seen.add(id);
        const ch: Channel = m.channel === 'sms' ? 'sms' : 'whatsapp';
        const at = new Date(typeof m.at === 'string' || typeof m.at === 'number' ? m.at : Number.NaN);
        d.thread(key(ch, ph)).items.push({
          kind: 'bubble',
          from: 'service',
          text: String(m.text),
          outbox: true,
          picture: pictureOf(m.picture),
          time: Number.isNaN(at.getTime()) ? now() : clock(at),
          template: stringOrNull(fieldsOf(m.template).contentSid),
        });
        if (ch === d.channel()) shown = true;
      }
      if (shown && ph === d.phone()) d.render();
    } catch {
      // The next poll tries again.
    }
  };
}
