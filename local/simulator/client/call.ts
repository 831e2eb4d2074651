import { callLog } from './call-log.js';
import { callRecorder } from './call-recorder.js';
import { createSpeaker } from './call-speaker.js';
import { live, newCallState } from './call-state.js';
import { callTurns, postJson } from './call-turns.js';
import { type CallControls, callView } from './call-view.js';
import { byId, phoneField, randomParticipant } from './common.js';

/**
 * The phone-call simulator's script: the page (../call-page.ts) says what it does and lists its test hooks.
 *
 * Each turn of the call is one POST to /simulator/api/call (JSON, or multipart form data with a
 * recording); the server plays Twilio and answers what was said and what the TwiML listens for next
 * (../call-routes.ts: `twimlCall`). This script plays the caller: it shows and speaks the prompts, and
 * answers with the keypad, typed "speech", a microphone recording or silence.
 *
 * This file finds the page's elements and wires them; the parts are call-answer.ts (reading the server's
 * answer), call-log.ts, call-speaker.ts, call-state.ts, call-view.ts, call-turns.ts and call-recorder.ts.
 */

const field = phoneField();
const controls: CallControls = {
  phoneEl: field.input,
  newParticipantEl: byId('new-participant', HTMLButtonElement),
  logEl: byId('call-log', HTMLElement),
  statusEl: byId('call-status', HTMLElement),
  endedEl: byId('call-ended', HTMLElement),
  startEl: byId('call-start', HTMLButtonElement),
  hangupEl: byId('call-hangup', HTMLButtonElement),
  digitsEl: byId('call-digits', HTMLOutputElement),
  recordEl: byId('call-record', HTMLButtonElement),
  stopEl: byId('call-record-stop', HTMLButtonElement),
  silenceEl: byId('call-silence', HTMLButtonElement),
  replayEl: byId('call-replay', HTMLButtonElement),
  speechForm: byId('speech-form', HTMLFormElement),
  speechEl: byId('call-speech', HTMLInputElement),
  speechLabel: byId('call-speech-label', HTMLLabelElement),
  speechSendEl: byId('call-speech-send', HTMLButtonElement),
  keys: Array.from(document.querySelectorAll<HTMLButtonElement>('[data-key]')),
};
const recTimeEl = byId('call-recording-time', HTMLElement);
const serviceNumberEl = byId('service-number', HTMLElement);
const { phoneEl, newParticipantEl, startEl, hangupEl, recordEl, stopEl, silenceEl, replayEl, speechForm, speechEl, keys } = controls;

const state = newCallState();
const log = callLog(controls.logEl);
const speaker = createSpeaker(log.note);
const recorder = callRecorder({
  recordEl,
  stopEl,
  recTimeEl,
  state,
  note: log.note,
  hush: speaker.hush,
  update: () => view.update(),
  refocus: () => view.refocus(),
  send: (rec, blob, seconds, filename) => turns.sendRecording(rec, blob, seconds, filename),
});
const view = callView(controls, state, () => recorder.active() !== null);
const turns = callTurns({ state, log, speaker, field, view, recorder, serviceNumberEl, startEl, keys });

// ---- wiring ------------------------------------------------------------------------------------

startEl.addEventListener('click', turns.startCall);
hangupEl.addEventListener('click', turns.hangUp);
for (const b of keys) {
  b.addEventListener('click', () => {
    const k = b.getAttribute('data-key');
    if (k) turns.pressKey(k);
  });
}
recordEl.addEventListener('click', recorder.start);
stopEl.addEventListener('click', () => {
  const recording = recorder.active();
  if (recording) {
    recording.finishedOnKey = null;
    recorder.stop();
  }
});
silenceEl.addEventListener('click', () => turns.sendSilence('🤐 (silence)'));
replayEl.addEventListener('click', () => speaker.speak(state.lastSays));
speechForm.addEventListener('submit', (e) => {
  e.preventDefault();
  const words = speechEl.value.trim();
  const now = live(state);
  if (!words || !now || !(now.listen.kind === 'keys' || now.listen.kind === 'number')) {
    speechEl.focus();
    return;
  }
  speechEl.value = '';
  speaker.hush();
  const you = log.addYou(`🗣 ${words}`, 'speech');
  void turns.turn(now.call, postJson({ phone: now.call.phone, callSid: now.call.sid, url: now.listen.input, speech: words }), you);
});
document.addEventListener('keydown', (e) => {
  const t = e.target;
  if (e.ctrlKey || e.metaKey || e.altKey) return;
  if ((t instanceof HTMLInputElement && !t.readOnly) || t instanceof HTMLTextAreaElement || (t instanceof HTMLElement && t.isContentEditable)) return;
  if (!/^[0-9*#]$/.test(e.key)) return;
  const b = keys.find((x) => x.getAttribute('data-key') === e.key);
  if (!b || b.disabled) return;
  e.preventDefault();
  turns.pressKey(e.key);
});
phoneEl.addEventListener('input', () => field.clearFieldErrors());
phoneEl.addEventListener('keydown', (e) => {
  if (e.key === 'Enter' && !e.isComposing) {
    e.preventDefault();
    turns.startCall();
  }
});
newParticipantEl.addEventListener('click', () => {
  phoneEl.value = randomParticipant();
  field.clearFieldErrors();
  startEl.focus();
});
view.update();
