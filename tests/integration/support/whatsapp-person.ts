import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as z from '../../../kernel/zod.js';
import type { FakeMessage, FakeTwilioRest } from './fake-twilio-rest.js';
import type { Harness, Sent } from './harness.js';
import type { VoiceNotes } from './voice-notes.js';

/**
 * A person on WhatsApp as Twilio sees them: what they send arrives as Twilio posts it (signed webhooks
 * through the harness: a text, a button or list tap, a voice note), and what Stem sends them — by REST
 * and by the webhook's TwiML reply alike — is taken by the fake Twilio (fake-twilio-rest.ts), which
 * fetches every medium before handing its message on. Each turn gives the messages it made, in order.
 */

/** A template Stem made, read as Twilio's Content API documents it (twilio/quick-reply, twilio/list-picker). */
const Types = z.union([
  z.object({
    'twilio/quick-reply': z.object({ body: z.string(), actions: z.array(z.object({ type: z.literal('QUICK_REPLY'), title: z.string(), id: z.string() })) }),
  }),
  z.object({
    'twilio/list-picker': z.object({
      body: z.string(),
      button: z.string(),
      items: z.array(z.object({ item: z.string(), id: z.string(), description: z.optional(z.string()) })),
    }),
  }),
]);

export interface Shown {
  kind: 'buttons' | 'list';
  body: string;
  options: Array<{ id: string; title: string }>;
  /** A list's button (what opens it). */
  button?: string;
}

/** What the message with this ContentSid showed: its template, as made through the fake Content API. */
export function shownBy(twilio: FakeTwilioRest, contentSid: string): Shown {
  const made = twilio.contents().find((c) => c.sid === contentSid);
  if (!made) throw new Error(`no template ${contentSid}`);
  const types = Types.parse(made.request.types);
  if ('twilio/quick-reply' in types) {
    const q = types['twilio/quick-reply'];
    return { kind: 'buttons', body: q.body, options: q.actions.map((a) => ({ id: a.id, title: a.title })) };
  }
  const l = types['twilio/list-picker'];
  return { kind: 'list', body: l.body, button: l.button, options: l.items.map((i) => ({ id: i.id, title: i.item })) };
}

export interface Turn {
  sent: Sent;
  /** Every message this turn made for the person, in the order made (REST first: the webhook waits for it). */
  messages: FakeMessage[];
}

export interface Person {
  phone: string;
  write(text: string): Promise<Turn>;
  /** Tap a button or pick a list item exactly as Twilio posts it. */
  tap(option: { id: string; title: string }, kind: Shown['kind']): Promise<Turn>;
  /** Send an Ogg/Opus voice note as Twilio posts a WhatsApp media message (the turn's `sent.messageSid` is its SID). */
  speak(ogg: Uint8Array): Promise<Turn>;
}

export function whatsappPerson(h: Harness, twilio: FakeTwilioRest, media: VoiceNotes, phone: string): Person {
  let seen = twilio.messages(phone).length;
  const turn = async (sent: Sent): Promise<Turn> => {
    if (sent.status !== 200) throw new Error(`the webhook answered ${sent.status}`);
    twilio.takeTwiml(phone, sent.body);
    await twilio.settled();
    const all = twilio.messages(phone);
    const messages = all.slice(seen);
    seen = all.length;
    return { sent, messages };
  };
  return {
    phone,
    write: async (text) => turn(await h.send({ channel: 'whatsapp', phone, text })),
    tap: async (option, kind) =>
      turn(
        await h.send({
          channel: 'whatsapp',
          phone,
          text: option.title,
          extra:
            kind === 'buttons'
              ? { MessageType: 'button', ButtonPayload: option.id, ButtonText: option.title }
              : { MessageType: 'interactive', ListId: option.id, ListTitle: option.title },
        }),
      ),
    speak: async (ogg) => {
      // On Twilio's media host (here the local stand-in, fetched with the account's credentials), as Twilio posts it.
      const url = media.add(ogg, 'audio/ogg');
      return turn(
        await h.send({ channel: 'whatsapp', phone, text: '', extra: { MessageType: 'audio', NumMedia: '1', MediaUrl0: url, MediaContentType0: 'audio/ogg' } }),
      );
    },
  };
}

/** Speech by espeak-ng (`voice`: ar; am for Ge'ez script, as espeak-ng has no Tigrinya) as a WAV file's path. */
export function speakWav(dir: string, name: string, voice: string, text: string): string {
  const wav = join(dir, `${name}.wav`);
  execFileSync('espeak-ng', ['-v', voice, '-w', wav, text]);
  return wav;
}

/** That speech encoded as a WhatsApp voice note is: Ogg/Opus, mono. */
export function voiceNoteOf(dir: string, name: string, voice: string, text: string): Uint8Array {
  const ogg = join(dir, `${name}.ogg`);
  execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-i', speakWav(dir, name, voice, text), '-ac', '1', '-c:a', 'libopus', '-b:a', '24k', ogg]);
  return new Uint8Array(readFileSync(ogg));
}

/** That speech as MP3 (what a recording app gives staff). */
export function mp3Of(dir: string, name: string, voice: string, text: string): Uint8Array {
  const mp3 = join(dir, `${name}.mp3`);
  execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-i', speakWav(dir, name, voice, text), '-c:a', 'libmp3lame', '-b:a', '64k', mp3]);
  return new Uint8Array(readFileSync(mp3));
}
