import { showOutbox, type ShownOutbox } from './chat-outbox.js';
import { type Bubble, type Channel, describeProblem, key, type Note, now, pictureOf, type Tap, type Thread } from './chat-thread.js';
import { errorPart, fieldsOf, issuesOf, listOf, minutes, type PhoneField, parseJson, stringOrNull } from './common.js';

/**
 * The participant's messages, posted one at a time (a queue): text (or a tap on the service's buttons or
 * list) to /simulator/api/send as JSON, a voice note to /simulator/api/send-media as multipart form data;
 * each answer's replies (or an error note) land in the thread it was sent from: first what the service
 * sent by "REST" while answering (the local outbox's messages, each shown once), then the TwiML replies.
 */

const API = '/simulator/api/send';
const MEDIA_API = '/simulator/api/send-media';
const MAX_VOICE_BYTES = 16 * 1024 * 1024;

export interface ChatSenderDeps {
  thread(k: string): Thread;
  /** Shows the thread now selected. */
  render(): void;
  /** The channel and phone now selected. */
  channel(): Channel;
  phone(): string;
  field: Pick<PhoneField, 'showFieldErrors' | 'clearFieldErrors'>;
  profileEl: HTMLInputElement;
  /** The outbox messages already shown (the poll's too). */
  shown: ShownOutbox;
}

export interface ChatSender {
  /** Post one text message (again, with its MessageSid, for "Resend last"). */
  post(ch: Channel, ph: string, text: string, messageSid: string | null, tap?: Tap): void;
  /** Tap one of the service's buttons or list items: sent as WhatsApp sends it, its title as the text. */
  tap(ch: Channel, ph: string, tap: Tap): void;
  /**
   * Post a voice note (a recording or a chosen file) as a media message. Its bubble plays the local copy.
   * A media message cannot be re-posted with the same MessageSid here, so "Resend last" is off after it.
   */
  sendVoice(ch: Channel, ph: string, blob: Blob, seconds: number, filename: string): void;
  /** A note in the thread of ch and ph. */
  noteIn(ch: Channel, ph: string, level: Note['level'], text: string): void;
}

export function chatSender(d: ChatSenderDeps): ChatSender {
  let queue: Promise<void> = Promise.resolve();
  const selected = (): string => key(d.channel(), d.phone());

  /**
   * Send one participant message (out, already a bubble) with request(); replies (or an error note)
   * land in the thread it was sent from. remember(thread, sid) decides what "Resend last" re-posts.
   */
  function send(ch: Channel, ph: string, out: Bubble, request: () => Promise<Response>, remember: (t: Thread, sid: string | null) => void): void {
    const k = key(ch, ph);
    const t = d.thread(k);
    const retry = out.retry;
    t.items.push(out);
    t.pending++;
    d.render();
    queue = queue.then(async () => {
      try {
        const res = await request();
        const raw = await res.text();
        const json = parseJson(raw);
        const body = fieldsOf(json);
        const replies = listOf(body.replies);
        if (res.ok && json && replies) {
          const sid = stringOrNull(body.messageSid);
          out.sid = sid;
          remember(t, sid);
          const rest = listOf(body.rest) ?? [];
          showOutbox(d.thread, d.shown, ph, rest);
          if (replies.length === 0 && rest.length === 0) t.items.push({ kind: 'note', level: 'info', text: 'No reply: the service sent nothing back.' });
          const pictures = listOf(body.pictures);
          const voiceNotes = listOf(body.voiceNotes);
          replies.forEach((r, i) => {
            // A question's voice note is a bubble with a player (its signed URL on this server), as in WhatsApp.
            const audioUrl = voiceNotes ? pictureOf(voiceNotes[i]) : null;
            t.items.push({
              kind: 'bubble',
              from: 'service',
              text: String(r),
              picture: pictures ? pictureOf(pictures[i]) : null,
              ...(audioUrl ? { voice: true, audioUrl } : {}),
              time: now(),
              retry,
            });
          });
          if (k === selected()) d.field.clearFieldErrors();
        } else {
          out.failed = true;
          // A failed webhook is what Twilio retries: keep its MessageSid for "Resend last".
          if (typeof body.messageSid === 'string') remember(t, body.messageSid);
          t.items.push({ kind: 'note', level: 'error', text: describeProblem(res.status, json ? body : { title: raw.slice(0, 200) }) });
          if (Array.isArray(body.errors) && k === selected()) d.field.showFieldErrors(issuesOf(body.errors));
        }
      } catch (err) {
        out.failed = true;
        t.items.push({ kind: 'note', level: 'error', text: `Network error: the simulator server could not be reached (${errorPart(err, 'message')}).` });
      }
      t.pending--;
      if (k === selected()) d.render();
    });
  }

  function post(ch: Channel, ph: string, text: string, messageSid: string | null, tap?: Tap): void {
    const retry = Boolean(messageSid);
    const out: Bubble = { kind: 'bubble', from: 'participant', text, time: now(), sid: messageSid || null, retry, ...(tap ? { tapped: tap.kind } : {}) };
    const body: { channel: Channel; phone: string; text: string; tap?: Tap; messageSid?: string; profileName?: string } = { channel: ch, phone: ph, text };
    if (tap) body.tap = { kind: tap.kind, id: tap.id, title: tap.title };
    if (messageSid) body.messageSid = messageSid;
    if (ch === 'whatsapp' && d.profileEl.value.trim()) body.profileName = d.profileEl.value.trim();
    send(
      ch,
      ph,
      out,
      () => fetch(API, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify(body) }),
      (t, sid) => {
        if (!retry) t.last = { text, messageSid: sid, ...(tap ? { tap } : {}) };
      },
    );
  }

  function tap(ch: Channel, ph: string, chosen: Tap): void {
    post(ch, ph, chosen.title, null, chosen);
  }

  function sendVoice(ch: Channel, ph: string, blob: Blob, seconds: number, filename: string): void {
    if (blob.size > MAX_VOICE_BYTES) {
      noteIn(ch, ph, 'error', `Not sent: this audio is ${(blob.size / 1048576).toFixed(1)} MB; WhatsApp takes voice notes up to 16 MB.`);
      return;
    }
    const length = minutes(seconds);
    const out: Bubble = {
      kind: 'bubble',
      from: 'participant',
      text: `🎤 voice note${length ? ` (${length})` : ''}`,
      time: now(),
      sid: null,
      retry: false,
      voice: true,
      audioUrl: URL.createObjectURL(blob),
    };
    const form = new FormData();
    form.append('channel', ch);
    form.append('phone', ph);
    if (ch === 'whatsapp' && d.profileEl.value.trim()) form.append('profileName', d.profileEl.value.trim());
    form.append('file', blob, filename);
    send(
      ch,
      ph,
      out,
      () => fetch(MEDIA_API, { method: 'POST', headers: { accept: 'application/json' }, body: form }),
      (t) => {
        t.last = null;
      },
    );
  }

  function noteIn(ch: Channel, ph: string, level: Note['level'], text: string): void {
    d.thread(key(ch, ph)).items.push({ kind: 'note', level, text });
    if (ch === d.channel() && ph === d.phone()) d.render();
  }

  return { post, tap, sendVoice, noteIn };
}
