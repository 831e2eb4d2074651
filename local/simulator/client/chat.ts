import { outboxPoller, shownOutbox } from './chat-outbox.js';
import { audioLength, chatRecorder } from './chat-recorder.js';
import { renderThread } from './chat-render.js';
import { chatSender } from './chat-send.js';
import { type Channel, key, threadStore } from './chat-thread.js';
import { byId, phoneField, randomParticipant } from './common.js';

/**
 * The participant simulator's script: the page (../page.ts) says what it does and lists its test hooks.
 *
 * Threads are kept per (channel, phone) in this page's memory only. Messages are posted one at a time
 * (a queue), to /simulator/api/send as JSON (a tap on the service's buttons or list too) or, for a voice
 * note, to /simulator/api/send-media as multipart form data; each answer's replies (or an error note)
 * land in the thread it was sent from, after what the service sent by "REST" meanwhile (answers to tap,
 * the voice note before them). The local outbox (`GET /dev/outbox?to=`) is polled every 2 s for what the
 * service sent on its own; each outbox message is shown once, whichever brings it.
 *
 * This file finds the page's elements and wires them; the parts are chat-thread.ts (what a thread holds),
 * chat-render.ts, chat-taps.ts, chat-send.ts, chat-recorder.ts and chat-outbox.ts.
 */

const field = phoneField();
const { input: phoneEl, phone, clearFieldErrors } = field;
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

function channel(): Channel {
  const checked = document.querySelector<HTMLInputElement>('input[name="channel"]:checked');
  return checked?.value === 'sms' ? 'sms' : 'whatsapp';
}
const thread = threadStore();
const shown = shownOutbox();
function render(): void {
  renderThread({ frame, threadEl, resendEl }, thread(key(channel(), phone())), channel(), phone(), (ch, ph, tap) => sender.tap(ch, ph, tap));
}

const sender = chatSender({ thread, render, channel, phone, field, profileEl, shown });
const recorder = chatRecorder({ recordEl, stopEl, fileEl, recTimeEl, uploadEl }, { channel, phone, sender });
const pollOutbox = outboxPoller({ thread, shown, render, channel, phone });

function sendInput(): void {
  const text = inputEl.value;
  if (text.trim() === '') {
    inputEl.focus();
    return;
  }
  inputEl.value = '';
  sender.post(channel(), phone(), text, null);
  inputEl.focus();
}

// ---- wiring ------------------------------------------------------------------------------------

composer.addEventListener('submit', (e) => {
  e.preventDefault();
  sendInput();
});
recordEl.addEventListener('click', recorder.start);
stopEl.addEventListener('click', recorder.stop);
fileEl.addEventListener('change', () => {
  const file = fileEl.files?.[0];
  fileEl.value = '';
  if (!file) return;
  const ch = channel();
  const ph = phone();
  if (file.type && !file.type.startsWith('audio/')) {
    sender.noteIn(ch, ph, 'error', `Not sent: "${file.name}" is not an audio file (${file.type}).`);
    return;
  }
  const url = URL.createObjectURL(file);
  void audioLength(url).then((seconds) => {
    URL.revokeObjectURL(url);
    sender.sendVoice(ch, ph, file, seconds, file.name || 'voice-note');
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
  b.addEventListener('click', () => sender.post(channel(), phone(), b.getAttribute('data-quick') ?? '', null));
}
resendEl.addEventListener('click', () => {
  const t = thread(key(channel(), phone()));
  if (t.last && t.last.messageSid) sender.post(channel(), phone(), t.last.text, t.last.messageSid, t.last.tap);
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
