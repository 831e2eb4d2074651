import { fieldsOf, issuesOf, listOf } from './common.js';

/**
 * The participant simulator's threads: what one holds (messages and notes), where each is kept, and
 * the pure helpers for their times, pictures and problems.
 */

export type Channel = 'sms' | 'whatsapp';

export interface Note {
  kind: 'note';
  level: 'error' | 'info';
  text: string;
}

export interface Bubble {
  kind: 'bubble';
  from: 'participant' | 'service';
  text: string;
  time: string;
  /** The participant's message's MessageSid, once the server answered. */
  sid?: string | null;
  retry?: boolean;
  failed?: boolean;
  /** Sent by the service on its own (an invitation or reminder), with the WhatsApp template's ContentSid. */
  outbox?: boolean;
  template?: string | null;
  /** A picture's path on this server, and its <img>, kept across renders so it is fetched once. */
  picture?: string | null;
  pictureEl?: HTMLImageElement;
  /** A voice note: the local recording's blob: URL (or the service's voice note), and its player, kept across renders so playback goes on. */
  voice?: boolean;
  audioUrl?: string;
  audioEl?: HTMLAudioElement;
  /** The service's answers to tap under its text (WhatsApp buttons or a list), and their element, kept across renders. */
  taps?: Taps;
  tapsEl?: HTMLElement;
  /** The participant's tap on a button or a list item (the bubble's text is its title), as WhatsApp shows it. */
  tapped?: Tap['kind'];
}

/** One answer to tap, as the service sent it. */
export interface TapOption {
  id: string;
  title: string;
  description?: string;
}

/** Answers to tap (adapters/local/local-outbox.ts's OutboxTaps, read from JSON). */
export type Taps = { kind: 'buttons'; language: string; options: TapOption[] } | { kind: 'list'; language: string; button: string; options: TapOption[] };

/** A tap as the simulator's endpoint takes it: what Twilio then posts as MessageType button or interactive. */
export interface Tap {
  kind: 'button' | 'list';
  id: string;
  title: string;
}

export type Item = Note | Bubble;

export interface Thread {
  items: Item[];
  /** What "Resend last" re-posts (a tap as a tap). */
  last: { text: string; messageSid: string | null; tap?: Tap } | null;
  /** Messages on their way. */
  pending: number;
}

/** A thread's key: "channel|phone". */
export const key = (ch: Channel, ph: string): string => `${ch}|${ph}`;

/** The threads per "channel|phone", kept in this page's memory only: thread(k) makes one on first use. */
export function threadStore(): (k: string) => Thread {
  const threads = new Map<string, Thread>();
  return (k) => {
    let t = threads.get(k);
    if (!t) {
      t = { items: [], last: null, pending: 0 };
      threads.set(k, t);
    }
    return t;
  };
}

const twoDigits = (n: number): string => String(n).padStart(2, '0');
export const clock = (d: Date): string => `${twoDigits(d.getHours())}:${twoDigits(d.getMinutes())}`;
export const now = (): string => clock(new Date());

/** A picture or voice note the service sent (a WhatsApp triad, a spoken question), fetched from this server: the signed URL's path, or null. */
export function pictureOf(url: unknown): string | null {
  if (typeof url !== 'string') return null;
  try {
    const u = new URL(url, location.href);
    return u.pathname.startsWith('/media/') ? u.pathname + u.search : null;
  } catch {
    return null;
  }
}

export const shortSid = (sid: string | null | undefined): string => (sid ? `${sid.slice(0, 8)}…` : '');

/** The note for a message the server did not take: its field errors, the webhook's failure, or its problem. */
export function describeProblem(status: number, body: Record<string, unknown>): string {
  const errors = issuesOf(body.errors);
  if (errors.length > 0) return `Not sent (HTTP ${status}). ${errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`;
  if (typeof body.error === 'string') {
    const webhook = body.status ? `, webhook answered ${String(body.status)}` : '';
    return `The service failed (HTTP ${status}${webhook}): ${body.error.slice(0, 300)}`;
  }
  const title = body.title || body.detail ? [body.title, body.detail].filter(Boolean).join(': ') : 'unexpected answer';
  return `Not sent (HTTP ${status}): ${title}`;
}

/** The answers to tap in an outbox message's `taps`, or null when there are none (or they are not what the server sends). */
export function tapsOf(value: unknown): Taps | null {
  const t = fieldsOf(value);
  const language = typeof t.language === 'string' ? t.language : '';
  const options = (listOf(t.kind === 'buttons' ? t.buttons : t.items) ?? []).flatMap((raw): TapOption[] => {
    const o = fieldsOf(raw);
    if (typeof o.id !== 'string' || typeof o.title !== 'string' || o.title === '') return [];
    return [{ id: o.id, title: o.title, ...(typeof o.description === 'string' ? { description: o.description } : {}) }];
  });
  if (options.length === 0) return null;
  if (t.kind === 'buttons') return { kind: 'buttons', language, options };
  if (t.kind === 'list' && typeof t.button === 'string') return { kind: 'list', language, button: t.button, options };
  return null;
}
