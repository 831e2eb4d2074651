import { byId, el, errorPart, fieldsOf, issuesOf, listOf, minutes, parseJson, phoneField, randomParticipant, stringOrNull } from './common.js';

/**
 * The participant simulator's script: the page (../page.ts) says what it does and lists its test hooks.
 *
 * Threads are kept per (channel, phone) in this page's memory only. Messages are posted one at a time
 * (a queue), to /simulator/api/send as JSON or, for a voice note, to /simulator/api/send-media as
 * multipart form data; each answer's replies (or an error note) land in the thread it was sent from.
 * The local outbox (`GET /dev/outbox?to=`) is polled every 2 s for what the service sent on its own.
 */

type Channel = 'sms' | 'whatsapp';

interface Note {
  kind: 'note';
  level: 'error' | 'info';
  text: string;
}

interface Bubble {
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
  /** A voice note: the local recording's blob: URL, and its player, kept across renders so playback goes on. */
  voice?: boolean;
  audioUrl?: string;
  audioEl?: HTMLAudioElement;
}

type Item = Note | Bubble;

interface Thread {
  items: Item[];
  /** What "Resend last" re-posts. */
  last: { text: string; messageSid: string | null } | null;
  /** Messages on their way. */
  pending: number;
}

/** The microphone recording in progress. */
interface Recording {
  recorder: MediaRecorder;
  stream: MediaStream;
  chunks: Blob[];
  started: number;
  ch: Channel;
  ph: string;
  timer: number | undefined;
}

const API = '/simulator/api/send';
const MEDIA_API = '/simulator/api/send-media';
const MAX_VOICE_BYTES = 16 * 1024 * 1024;
const MAX_RECORD_MS = 10 * 60 * 1000;
const RECORD_TYPES = ['audio/ogg;codecs=opus', 'audio/webm;codecs=opus', 'audio/ogg', 'audio/webm'];
const E164 = /^\+[1-9]\d{6,14}$/;

const { input: phoneEl, phone, showFieldErrors, clearFieldErrors } = phoneField();
const profileEl = byId('profile-name', HTMLInputElement);
const inputEl = byId('message-input', HTMLTextAreaElement);
const threadEl = byId('thread', HTMLElement);
const resendEl = byId('resend', HTMLButtonElement);
const frame = byId('frame', HTMLElement);
const composer = byId('composer', HTMLFormElement);
const recordEl = byId('record', HTMLButtonElement);
const stopEl = byId('stop-record', HTMLButtonElement);
const fileEl = byId('audio-file', HTMLInputElement);
const recTimeEl = byId('recording-time', HTMLElement);
const uploadEl = byId('upload', HTMLLabelElement);
const newParticipantEl = byId('new-participant', HTMLButtonElement);

/** Threads per "channel|phone". */
const threads = new Map<string, Thread>();
let queue: Promise<void> = Promise.resolve();
let recording: Recording | null = null;
/** Messages the service sent on its own (local outbox), once each, per number; a 404 turns polling off. */
let outboxOn = true;
const outboxSeen = new Map<string, Set<string>>();

function channel(): Channel {
  const checked = document.querySelector<HTMLInputElement>('input[name="channel"]:checked');
  return checked?.value === 'sms' ? 'sms' : 'whatsapp';
}
const key = (ch: Channel, ph: string): string => `${ch}|${ph}`;
function thread(k: string): Thread {
  let t = threads.get(k);
  if (!t) {
    t = { items: [], last: null, pending: 0 };
    threads.set(k, t);
  }
  return t;
}
const twoDigits = (n: number): string => String(n).padStart(2, '0');
const clock = (d: Date): string => `${twoDigits(d.getHours())}:${twoDigits(d.getMinutes())}`;
const now = (): string => clock(new Date());

/** A picture the service sent (a WhatsApp triad), fetched from this server: the signed URL's path, or null. */
function pictureOf(url: unknown): string | null {
  if (typeof url !== 'string') return null;
  try {
    const u = new URL(url, location.href);
    return u.pathname.startsWith('/media/') ? u.pathname + u.search : null;
  } catch {
    return null;
  }
}
const shortSid = (sid: string | null | undefined): string => (sid ? `${sid.slice(0, 8)}…` : '');

function renderItem(item: Item): HTMLElement {
  if (item.kind === 'note') {
    return el('div', { class: 'note', 'data-testid': 'note', 'data-kind': item.level, role: item.level === 'error' ? 'alert' : null }, item.text);
  }
  const row = el('div', { class: `row ${item.from}` });
  const label = item.from === 'participant' ? 'You' : 'Service';
  const bubble = el(
    'div',
    {
      class: 'bubble',
      'data-testid': 'bubble',
      'data-from': item.from,
      dir: 'auto',
      'data-retry': item.retry ? 'true' : null,
      'data-kind': item.outbox ? 'outbox' : null,
      'data-voice': item.voice ? 'true' : null,
    },
    item.text,
  );
  if (item.picture) {
    // Kept across renders, like a voice note's player: the picture is fetched once.
    item.pictureEl ??= el('img', { class: 'picture', src: item.picture, alt: 'Picture: a triangle with numbered zones (1 to 7)', 'data-testid': 'picture' });
    bubble.insertBefore(item.pictureEl, bubble.firstChild);
  }
  if (item.audioUrl) {
    // One element per voice note, kept across renders so playback goes on when a reply arrives.
    item.audioEl ??= el('audio', { controls: '', preload: 'metadata', src: item.audioUrl, 'data-testid': 'voice-audio', 'aria-label': 'Play your voice note' });
    bubble.appendChild(item.audioEl);
  }
  row.appendChild(bubble);
  const meta = el('div', { class: 'meta' });
  meta.appendChild(el('span', { class: 'visually-hidden' }, `${label}, `));
  if (item.retry) meta.appendChild(el('span', { class: 'retry' }, '↻ retry · '));
  if (item.outbox) {
    const template = item.template ? ` (template ${item.template})` : '';
    meta.appendChild(el('span', { class: 'outbox', 'data-testid': 'outbox-tag' }, `📨 invitation / reminder${template} · `));
  }
  let status = item.time;
  if (item.from === 'participant') status += item.failed ? ' · not delivered ⚠' : item.sid ? ` · ${shortSid(item.sid)} ✓✓` : ' · sending…';
  meta.appendChild(el('span', null, status));
  row.appendChild(meta);
  return row;
}

function render(): void {
  const t = thread(key(channel(), phone()));
  frame.setAttribute('data-channel', channel());
  threadEl.replaceChildren();
  if (t.items.length === 0) {
    threadEl.appendChild(el('p', { class: 'empty' }, `No messages yet with ${phone() || '(no number)'}. Send "JOIN DEMO" to start the demo survey.`));
  }
  for (const item of t.items) threadEl.appendChild(renderItem(item));
  if (t.pending > 0) threadEl.appendChild(el('div', { class: 'typing', 'data-testid': 'typing' }, 'Service is typing…'));
  threadEl.setAttribute('aria-busy', t.pending > 0 ? 'true' : 'false');
  resendEl.disabled = !t.last || !t.last.messageSid;
  threadEl.scrollTop = threadEl.scrollHeight;
}

function describeProblem(status: number, body: Record<string, unknown>): string {
  const errors = issuesOf(body.errors);
  if (errors.length > 0) return `Not sent (HTTP ${status}). ${errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`;
  if (typeof body.error === 'string') {
    const webhook = body.status ? `, webhook answered ${String(body.status)}` : '';
    return `The service failed (HTTP ${status}${webhook}): ${body.error.slice(0, 300)}`;
  }
  const title = body.title || body.detail ? [body.title, body.detail].filter(Boolean).join(': ') : 'unexpected answer';
  return `Not sent (HTTP ${status}): ${title}`;
}

/**
 * Send one participant message (out, already a bubble) with request(); replies (or an error note)
 * land in the thread it was sent from. remember(thread, sid) decides what "Resend last" re-posts.
 */
function send(ch: Channel, ph: string, out: Bubble, request: () => Promise<Response>, remember: (t: Thread, sid: string | null) => void): void {
  const k = key(ch, ph);
  const t = thread(k);
  const retry = out.retry;
  t.items.push(out);
  t.pending++;
  render();
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
        if (replies.length === 0) t.items.push({ kind: 'note', level: 'info', text: 'No reply: the service sent nothing back.' });
        const pictures = listOf(body.pictures);
        replies.forEach((r, i) => {
          t.items.push({ kind: 'bubble', from: 'service', text: String(r), picture: pictures ? pictureOf(pictures[i]) : null, time: now(), retry });
        });
        if (k === key(channel(), phone())) clearFieldErrors();
      } else {
        out.failed = true;
        // A failed webhook is what Twilio retries: keep its MessageSid for "Resend last".
        if (typeof body.messageSid === 'string') remember(t, body.messageSid);
        t.items.push({ kind: 'note', level: 'error', text: describeProblem(res.status, json ? body : { title: raw.slice(0, 200) }) });
        if (Array.isArray(body.errors) && k === key(channel(), phone())) showFieldErrors(issuesOf(body.errors));
      }
    } catch (err) {
      out.failed = true;
      t.items.push({ kind: 'note', level: 'error', text: `Network error: the simulator server could not be reached (${errorPart(err, 'message')}).` });
    }
    t.pending--;
    if (k === key(channel(), phone())) render();
  });
}

/** Post one text message (again, with its MessageSid, for "Resend last"). */
function post(ch: Channel, ph: string, text: string, messageSid: string | null): void {
  const retry = Boolean(messageSid);
  const out: Bubble = { kind: 'bubble', from: 'participant', text, time: now(), sid: messageSid || null, retry };
  const body: { channel: Channel; phone: string; text: string; messageSid?: string; profileName?: string } = { channel: ch, phone: ph, text };
  if (messageSid) body.messageSid = messageSid;
  if (ch === 'whatsapp' && profileEl.value.trim()) body.profileName = profileEl.value.trim();
  send(
    ch,
    ph,
    out,
    () => fetch(API, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify(body) }),
    (t, sid) => {
      if (!retry) t.last = { text, messageSid: sid };
    },
  );
}

/**
 * Post a voice note (a recording or a chosen file) as a media message. Its bubble plays the local copy.
 * A media message cannot be re-posted with the same MessageSid here, so "Resend last" is off after it.
 */
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
  if (ch === 'whatsapp' && profileEl.value.trim()) form.append('profileName', profileEl.value.trim());
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
  thread(key(ch, ph)).items.push({ kind: 'note', level, text });
  if (ch === channel() && ph === phone()) render();
}

/** The length of an audio file, read from its metadata by the browser; NaN when it cannot tell (soon). */
function audioLength(url: string): Promise<number> {
  return new Promise((resolve) => {
    const probe = document.createElement('audio');
    let done = false;
    const finish = (value: number): void => {
      if (!done) {
        done = true;
        probe.removeAttribute('src');
        resolve(value);
      }
    };
    probe.preload = 'metadata';
    probe.addEventListener('loadedmetadata', () => finish(probe.duration));
    probe.addEventListener('error', () => finish(Number.NaN));
    setTimeout(() => finish(Number.NaN), 3000);
    probe.src = url;
  });
}

function showRecording(): void {
  const rec = recording;
  recordEl.hidden = rec !== null;
  stopEl.hidden = rec === null;
  fileEl.disabled = rec !== null;
  uploadEl.hidden = rec !== null;
  if (!rec) {
    recTimeEl.textContent = '';
    recordEl.disabled = false;
    return;
  }
  const elapsed = Date.now() - rec.started;
  recTimeEl.textContent = `Recording ${minutes(elapsed / 1000)}`;
  if (elapsed >= MAX_RECORD_MS) stopRecording();
}

function startRecording(): void {
  if (recording) return;
  const ch = channel();
  const ph = phone();
  if (!navigator.mediaDevices || typeof navigator.mediaDevices.getUserMedia !== 'function' || typeof MediaRecorder === 'undefined') {
    noteIn(ch, ph, 'error', 'This browser cannot record here (the microphone needs https or localhost, and MediaRecorder). Upload an audio file instead.');
    return;
  }
  recordEl.disabled = true;
  navigator.mediaDevices
    .getUserMedia({ audio: true })
    .then((stream) => {
      const type = RECORD_TYPES.find((candidate) => MediaRecorder.isTypeSupported(candidate));
      const recorder = type ? new MediaRecorder(stream, { mimeType: type }) : new MediaRecorder(stream);
      const rec: Recording = { recorder, stream, chunks: [], started: Date.now(), ch, ph, timer: undefined };
      recorder.addEventListener('dataavailable', (e) => {
        if (e.data && e.data.size > 0) rec.chunks.push(e.data);
      });
      recorder.addEventListener('stop', () => {
        clearInterval(rec.timer);
        for (const track of stream.getTracks()) track.stop();
        const seconds = (Date.now() - rec.started) / 1000;
        const mime = recorder.mimeType || type || 'audio/webm';
        recording = null;
        showRecording();
        recordEl.focus();
        const blob = new Blob(rec.chunks, { type: mime });
        if (blob.size === 0) {
          noteIn(rec.ch, rec.ph, 'error', 'Nothing was recorded: check the microphone and try again.');
          return;
        }
        sendVoice(rec.ch, rec.ph, blob, seconds, `voice-note.${mime.includes('ogg') ? 'ogg' : 'webm'}`);
      });
      recorder.start(250);
      recording = rec;
      rec.timer = setInterval(showRecording, 250);
      showRecording();
      stopEl.focus();
    })
    .catch((err: unknown) => {
      recordEl.disabled = false;
      noteIn(ch, ph, 'error', `The microphone is not available (${errorPart(err, 'name')}): allow it for this page, or upload an audio file.`);
    });
}

function stopRecording(): void {
  if (recording && recording.recorder.state !== 'inactive') recording.recorder.stop();
}

function sendInput(): void {
  const text = inputEl.value;
  if (text.trim() === '') {
    inputEl.focus();
    return;
  }
  inputEl.value = '';
  post(channel(), phone(), text, null);
  inputEl.focus();
}

/** Adds what the service sent on its own (invitations, reminders) as incoming bubbles, in the thread of their channel. */
async function pollOutbox(): Promise<void> {
  const ph = phone();
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
      thread(key(ch, ph)).items.push({
        kind: 'bubble',
        from: 'service',
        text: String(m.text),
        outbox: true,
        picture: pictureOf(m.picture),
        time: Number.isNaN(at.getTime()) ? now() : clock(at),
        template: stringOrNull(fieldsOf(m.template).contentSid),
      });
      if (ch === channel()) shown = true;
    }
    if (shown && ph === phone()) render();
  } catch {
    // The next poll tries again.
  }
}

composer.addEventListener('submit', (e) => {
  e.preventDefault();
  sendInput();
});
recordEl.addEventListener('click', startRecording);
stopEl.addEventListener('click', stopRecording);
fileEl.addEventListener('change', () => {
  const file = fileEl.files?.[0];
  fileEl.value = '';
  if (!file) return;
  const ch = channel();
  const ph = phone();
  if (file.type && !file.type.startsWith('audio/')) {
    noteIn(ch, ph, 'error', `Not sent: "${file.name}" is not an audio file (${file.type}).`);
    return;
  }
  const url = URL.createObjectURL(file);
  void audioLength(url).then((seconds) => {
    URL.revokeObjectURL(url);
    sendVoice(ch, ph, file, seconds, file.name || 'voice-note');
  });
});
inputEl.addEventListener('keydown', (e) => {
  // Enter sends; Shift+Enter is a new line; never while an input method (Arabic, Tigrinya…) is composing.
  if (e.key === 'Enter' && !e.shiftKey && !e.isComposing && e.keyCode !== 229) {
    e.preventDefault();
    sendInput();
  }
});
for (const b of document.querySelectorAll<HTMLButtonElement>('[data-quick]')) {
  b.addEventListener('click', () => post(channel(), phone(), b.getAttribute('data-quick') ?? '', null));
}
resendEl.addEventListener('click', () => {
  const t = thread(key(channel(), phone()));
  if (t.last && t.last.messageSid) post(channel(), phone(), t.last.text, t.last.messageSid);
});
for (const r of document.querySelectorAll<HTMLInputElement>('input[name="channel"]')) {
  r.addEventListener('change', () => {
    clearFieldErrors();
    render();
  });
}
phoneEl.addEventListener('input', () => {
  clearFieldErrors();
  render();
  void pollOutbox();
});
newParticipantEl.addEventListener('click', () => {
  phoneEl.value = randomParticipant();
  clearFieldErrors();
  render();
  inputEl.focus();
});
setInterval(() => void pollOutbox(), 2000);
render();
void pollOutbox();
