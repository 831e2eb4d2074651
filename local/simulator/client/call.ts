import { byId, el, errorPart, fieldsOf, issuesOf, listOf, minutes, parseJson, phoneField, randomParticipant, stringOrNull } from './common.js';

/**
 * The phone-call simulator's script: the page (../call-page.ts) says what it does and lists its test hooks.
 *
 * Each turn of the call is one POST to /simulator/api/call (JSON, or multipart form data with a
 * recording); the server plays Twilio and answers what was said and what the TwiML listens for next
 * (../call-routes.ts: `twimlCall`). This script plays the caller: it shows and speaks the prompts, and
 * answers with the keypad, typed "speech", a microphone recording or silence.
 */

/** What the last TwiML listens for (call-routes.ts's `Listen`). */
interface Listen {
  kind: 'keys' | 'number' | 'record' | 'end';
  numDigits: number | null;
  /** Where keys, speech or a recording go (the <Gather>/<Record> action). */
  input: string | null;
  /** Where silence goes (the <Redirect>). */
  silence: string | null;
  /** The <Gather> speech-recognition language; null: keypad only. */
  speechLanguage: string | null;
  finishOnKey: string | null;
}

/** One prompt (call-routes.ts's `Said`): a text to speak, or a recorded prompt's URL (play) and, once shown, its player. */
interface Said {
  text: string;
  language: string | null;
  voice: string | null;
  play: string | null;
  audio?: HTMLAudioElement;
}

interface Call {
  sid: string | null;
  phone: string;
  listen: Listen | null;
  busy: boolean;
  ended: boolean;
}

/** A call that listens now (not ended, no turn on its way), and what it listens for. */
interface Live {
  call: Call;
  listen: Listen;
}

interface Recording {
  recorder: MediaRecorder;
  chunks: Blob[];
  started: number;
  timer: number | undefined;
  /** Hung up meanwhile: the recording is not sent. */
  discard: boolean;
  finishedOnKey: string | null;
  call: Call;
  listen: Listen;
}

/** What the caller did, in the log: its bubble and its delivery state. */
interface You {
  bubble: HTMLElement;
  state: HTMLElement;
}

const API = '/simulator/api/call';
const RECORD_TYPES = ['audio/ogg;codecs=opus', 'audio/webm;codecs=opus', 'audio/ogg', 'audio/webm'];
const MAX_RECORD_MS = 180 * 1000;
const LISTEN_KINDS: ReadonlyArray<Listen['kind']> = ['keys', 'number', 'record', 'end'];

const { input: phoneEl, phone, showFieldErrors, clearFieldErrors } = phoneField();
const logEl = byId('call-log', HTMLElement);
const statusEl = byId('call-status', HTMLElement);
const endedEl = byId('call-ended', HTMLElement);
const startEl = byId('call-start', HTMLButtonElement);
const hangupEl = byId('call-hangup', HTMLButtonElement);
const digitsEl = byId('call-digits', HTMLOutputElement);
const recordEl = byId('call-record', HTMLButtonElement);
const stopEl = byId('call-record-stop', HTMLButtonElement);
const recTimeEl = byId('call-recording-time', HTMLElement);
const silenceEl = byId('call-silence', HTMLButtonElement);
const replayEl = byId('call-replay', HTMLButtonElement);
const speechForm = byId('speech-form', HTMLFormElement);
const speechEl = byId('call-speech', HTMLInputElement);
const speechLabel = byId('call-speech-label', HTMLLabelElement);
const speechSendEl = byId('call-speech-send', HTMLButtonElement);
const newParticipantEl = byId('new-participant', HTMLButtonElement);
const serviceNumberEl = byId('service-number', HTMLElement);
const keys = Array.from(document.querySelectorAll<HTMLButtonElement>('[data-key]'));

/** The call in progress, or null. */
let call: Call | null = null;
/** Calls are numbered in the log. */
let calls = 0;
let typed = '';
let lastSays: Said[] = [];
let hungUp = false;
let recording: Recording | null = null;

// ---- reading the server's answer ---------------------------------------------------------------

function readListen(value: unknown): Listen | null {
  const f = fieldsOf(value);
  const kind = LISTEN_KINDS.find((k) => k === f.kind);
  if (!value || kind === undefined) return null;
  return {
    kind,
    numDigits: typeof f.numDigits === 'number' ? f.numDigits : null,
    input: stringOrNull(f.input),
    silence: stringOrNull(f.silence),
    speechLanguage: stringOrNull(f.speechLanguage),
    finishOnKey: stringOrNull(f.finishOnKey),
  };
}

function readSaid(value: unknown): Said {
  const f = fieldsOf(value);
  return { text: typeof f.text === 'string' ? f.text : '', language: stringOrNull(f.language), voice: stringOrNull(f.voice), play: stringOrNull(f.play) };
}

/** A turn's answer: the CallSid, what was said, and what is listened for next; null for anything else (a problem). */
function readTurn(json: unknown): { callSid: string | null; says: Said[]; listen: Listen } | null {
  const body = fieldsOf(json);
  const says = listOf(body.says);
  const listen = readListen(body.listen);
  if (!json || !says || !listen) return null;
  return { callSid: stringOrNull(body.callSid), says: says.map(readSaid), listen };
}

// ---- the log -----------------------------------------------------------------------------------

function scroll(): void {
  logEl.scrollTop = logEl.scrollHeight;
}
function clearEmpty(): void {
  logEl.querySelector('.empty')?.remove();
}

function addSaid(s: Said): void {
  clearEmpty();
  const row = el('div', { class: 'row service' });
  if (s.play) {
    // A recorded prompt (<Play>): played from where Twilio would fetch it.
    const bubble = el('div', { class: 'bubble', 'data-testid': 'said', 'data-play': 'true', dir: 'auto' }, '▶ recorded prompt');
    s.audio = el('audio', { controls: '', preload: 'auto', src: s.play, 'data-testid': 'said-audio', 'aria-label': 'Play the recorded prompt' });
    bubble.appendChild(s.audio);
    row.appendChild(bubble);
  } else {
    row.appendChild(el('div', { class: 'bubble', 'data-testid': 'said', lang: s.language || null, dir: 'auto' }, s.text));
  }
  const meta = el('div', { class: 'meta' });
  meta.appendChild(el('span', { class: 'visually-hidden' }, 'Service said, '));
  meta.appendChild(el('span', null, s.play ? '▶ <Play>' : `🔊 ${[s.language, s.voice].filter(Boolean).join(' · ')}`));
  row.appendChild(meta);
  logEl.appendChild(row);
  scroll();
}

function addYou(text: string, kind: 'key' | 'number' | 'speech' | 'record' | 'silence'): You {
  clearEmpty();
  const row = el('div', { class: 'row you' });
  const bubble = el('div', { class: 'bubble', 'data-testid': 'you', 'data-kind': kind, dir: 'auto' }, text);
  row.appendChild(bubble);
  const meta = el('div', { class: 'meta' });
  meta.appendChild(el('span', { class: 'visually-hidden' }, 'You, '));
  const state = el('span', null, 'sending…');
  meta.appendChild(state);
  row.appendChild(meta);
  logEl.appendChild(row);
  scroll();
  return { bubble, state };
}

function note(level: 'error' | 'info', text: string): void {
  clearEmpty();
  logEl.appendChild(el('div', { class: 'note', 'data-testid': 'note', 'data-kind': level, role: level === 'error' ? 'alert' : null }, text));
  scroll();
}

// ---- speaking ----------------------------------------------------------------------------------

const synth: SpeechSynthesis | null = 'speechSynthesis' in window ? window.speechSynthesis : null;
let toldNoVoice = false;
/** Bumped by hush(): a sequence of prompts stops when a newer one (or silence) replaces it. */
let spoken = 0;
let playing: HTMLAudioElement | null = null;

const norm = (tag: string | null): string =>
  String(tag || '')
    .replace(/_/g, '-')
    .toLowerCase();
/** "arb" (Modern Standard Arabic, as Polly calls it) is "ar" to a browser. */
function primary(tag: string | null): string {
  const p = norm(tag).split('-')[0];
  return p === 'arb' ? 'ar' : (p ?? '');
}
function voiceFor(lang: string | null): SpeechSynthesisVoice | null {
  if (!synth || !lang) return null;
  const voices = synth.getVoices() || [];
  const exact = voices.find((v) => norm(v.lang) === norm(lang));
  if (exact) return exact;
  return voices.find((v) => primary(v.lang) === primary(lang)) || null;
}
function hush(): void {
  spoken++;
  if (synth) synth.cancel();
  if (playing) {
    playing.pause();
    playing = null;
  }
}
/** Queue texts on speechSynthesis (it says them in order), each in its own language; the last utterance. */
function sayAll(batch: Said[]): SpeechSynthesisUtterance | null {
  if (!synth || typeof window.SpeechSynthesisUtterance !== 'function') {
    if (!toldNoVoice) {
      toldNoVoice = true;
      note('info', 'This browser cannot speak: read the prompts instead.');
    }
    return null;
  }
  let last: SpeechSynthesisUtterance | null = null;
  for (const s of batch) {
    const u = new SpeechSynthesisUtterance(s.text);
    u.lang = s.language || 'en';
    const v = voiceFor(s.language);
    if (v) u.voice = v;
    synth.speak(u);
    last = u;
  }
  return last;
}
/** Call next() once, when the utterance ends, or after about as long as it takes to say (no audio out). */
function after(u: SpeechSynthesisUtterance | null, text: string, next: () => void): void {
  let done = false;
  const go = (): void => {
    if (!done) {
      done = true;
      next();
    }
  };
  if (u) {
    u.addEventListener('end', go);
    u.addEventListener('error', go);
  }
  setTimeout(go, u ? 1000 + text.length * 90 : 0);
}
/** Say and play the prompts in order: texts by speechSynthesis, recorded prompts by their <audio>. */
function speak(says: Said[]): void {
  hush();
  const run = spoken;
  let i = 0;
  const step = (): void => {
    if (run !== spoken || i >= says.length) return;
    const batch: Said[] = [];
    // The texts up to the next recorded prompt, queued on speechSynthesis together.
    for (let s = says[i]; s && !s.play; s = says[++i]) batch.push(s);
    if (batch.length > 0) {
      const last = sayAll(batch);
      if (i < says.length) after(last, batch.map((s) => s.text).join(' '), step);
      return;
    }
    const s = says[i++];
    if (!s) return;
    const audio = s.audio ?? el('audio', { src: s.play });
    playing = audio;
    let done = false;
    const go = (): void => {
      if (!done) {
        done = true;
        if (playing === audio) playing = null;
        step();
      }
    };
    audio.addEventListener('ended', go, { once: true });
    audio.addEventListener('error', go, { once: true });
    try {
      audio.currentTime = 0;
    } catch {
      // Not loaded yet.
    }
    audio.play().catch(go);
  };
  step();
}
// Chromium loads its voices on the first getVoices(); they are read again at each prompt.
synth?.getVoices();

// ---- state and controls ------------------------------------------------------------------------

function live(): Live | null {
  return call && !call.ended && !call.busy && call.listen ? { call, listen: call.listen } : null;
}
function listening(): Listen['kind'] | null {
  return live()?.listen.kind ?? null;
}

function statusText(): string {
  if (recording) return 'Recording… press Stop (or #) when you are done';
  if (!call) return hungUp ? 'Call ended' : 'Press 📞 Call to ring the service number';
  if (call.busy) return call.sid ? 'The service is listening…' : 'Ringing…';
  if (call.ended) return 'Call ended';
  const l = call.listen;
  if (!l) return '';
  if (l.kind === 'keys') return l.speechLanguage ? 'Press a key (or say your answer)' : 'Press a key';
  if (l.kind === 'number') return 'Type a number, then #';
  if (l.kind === 'record') return 'Record your answer, then Stop';
  return 'Call ended';
}

function update(): void {
  const listen = live()?.listen ?? null;
  const kind = listen?.kind ?? null;
  const inCall = call !== null && !call.ended;
  startEl.hidden = inCall;
  startEl.disabled = inCall;
  hangupEl.hidden = !inCall;
  phoneEl.readOnly = inCall;
  newParticipantEl.disabled = inCall;
  const keypadOn = kind === 'keys' || kind === 'number' || kind === 'record';
  for (const k of keys) k.disabled = !keypadOn;
  // Record/Stop only where a <Record> listens: the row stays one line on a narrow phone.
  recordEl.hidden = recording !== null || kind !== 'record';
  stopEl.hidden = recording === null;
  recordEl.disabled = kind !== 'record';
  silenceEl.disabled = !listen?.silence || recording !== null;
  replayEl.disabled = lastSays.length === 0 || !call || recording !== null;
  const speech = (kind === 'keys' || kind === 'number') && listen ? listen.speechLanguage : null;
  speechForm.hidden = !speech;
  if (speech) {
    speechEl.setAttribute('lang', speech);
    speechLabel.textContent = `🗣 Or say it (${speech})`;
    speechEl.setAttribute('title', `Type the words, as speech recognition in ${speech} would hear them`);
  }
  speechEl.disabled = !speech;
  speechSendEl.disabled = !speech;
  const showDigits = kind === 'number' || (kind === 'keys' && (listen?.numDigits || 1) > 1) || typed !== '';
  digitsEl.hidden = !showDigits;
  digitsEl.textContent = typed;
  logEl.setAttribute('aria-busy', call?.busy ? 'true' : 'false');
  const ended = call ? call.ended : hungUp;
  endedEl.hidden = !ended;
  endedEl.textContent = hungUp ? 'Call ended — you hung up' : 'Call ended';
  statusEl.textContent = statusText();
}

/** Where the focus goes when the control that had it is gone or disabled. */
function refocus(): void {
  const active = document.activeElement;
  const stale = active === phoneEl || active === newParticipantEl;
  const usable =
    active instanceof HTMLElement && active !== document.body && !('disabled' in active && active.disabled) && !active.hidden && active.offsetParent !== null;
  if (!stale && usable) return;
  const kind = listening();
  const target = kind === 'record' ? recordEl : kind === 'keys' || kind === 'number' ? keys[0] : !call || call.ended ? startEl : null;
  if (target && !target.disabled && !target.hidden) target.focus();
}

function describeProblem(status: number, body: Record<string, unknown>): string {
  const head = `Not sent (HTTP ${status})`;
  const errors = issuesOf(body.errors);
  if (errors.length > 0) return `${head}. ${errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`;
  const title = body.title || body.detail ? [body.title, body.detail].filter(Boolean).join(': ') : 'unexpected answer';
  return `${head}: ${title}`;
}

/** One turn: post it, then show and speak what the service said, and listen as its TwiML says. */
async function turn(current: Call, request: () => Promise<Response>, you: You | null): Promise<void> {
  current.busy = true;
  typed = '';
  update();
  try {
    const res = await request();
    const raw = await res.text();
    const json = parseJson(raw);
    if (call !== current) return; // hung up meanwhile: what the service said is not heard
    const answer = res.ok ? readTurn(json) : null;
    if (answer) {
      if (you) you.state.textContent = '✓';
      clearFieldErrors();
      current.sid = answer.callSid;
      answer.says.forEach(addSaid);
      if (answer.says.length === 0) note('info', '(the service said nothing)');
      if (answer.says.length > 0) lastSays = answer.says;
      current.listen = answer.listen;
      if (answer.listen.kind === 'end') {
        current.ended = true;
        note('info', '📵 The service hung up.');
      }
      speak(answer.says);
    } else {
      if (you) you.state.textContent = 'not delivered ⚠';
      const body = fieldsOf(json);
      note('error', describeProblem(res.status, json ? body : { title: raw.slice(0, 200) }));
      if (Array.isArray(body.errors)) showFieldErrors(issuesOf(body.errors));
      if (!current.sid) call = null; // the call never started
    }
  } catch (err) {
    if (call !== current) return;
    if (you) you.state.textContent = 'not delivered ⚠';
    note('error', `Network error: the simulator server could not be reached (${errorPart(err, 'message')}).`);
    if (!current.sid) call = null;
  } finally {
    current.busy = false;
    update();
    refocus();
  }
}

function postJson(body: Record<string, string | null>): () => Promise<Response> {
  return () => fetch(API, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify(body) });
}

function startCall(): void {
  if (call && !call.ended) return;
  const ph = phone();
  clearFieldErrors();
  hush();
  hungUp = false;
  lastSays = [];
  calls++;
  note('info', `📞 Call ${calls}: ${ph || '(no number)'} calls ${serviceNumberEl.textContent ?? ''}`);
  call = { sid: null, phone: ph, listen: null, busy: false, ended: false };
  void turn(call, postJson({ phone: ph }), null);
}

function hangUp(): void {
  if (!call) return;
  hush();
  if (recording) {
    recording.discard = true;
    stopRecording();
  }
  const wasEnded = call.ended;
  call = null;
  typed = '';
  if (!wasEnded) {
    hungUp = true;
    note('info', '📵 You hung up. Call again to go on where you left off.');
  }
  update();
  startEl.focus();
}

function sendKeys({ call: current, listen }: Live, digits: string, shown: string): void {
  hush(); // a key interrupts the prompts, as in a <Gather>
  const you = addYou(`⌨ ${shown}`, listen.kind === 'number' ? 'number' : 'key');
  void turn(current, postJson({ phone: current.phone, callSid: current.sid, url: listen.input, digits }), you);
}

function sendSilence(shown: string): void {
  const current = call;
  if (!current || !current.listen || !current.listen.silence) return;
  hush();
  const you = addYou(shown, 'silence');
  void turn(current, postJson({ phone: current.phone, callSid: current.sid, url: current.listen.silence }), you);
}

function flash(k: string): void {
  const b = keys.find((x) => x.getAttribute('data-key') === k);
  if (!b) return;
  b.classList.add('pressed');
  setTimeout(() => b.classList.remove('pressed'), 150);
}

function pressKey(k: string): void {
  const now = live();
  if (!now || now.listen.kind === 'end') return;
  flash(k);
  const l = now.listen;
  const finish = l.finishOnKey || '';
  if (l.kind === 'record') {
    if (finish.includes(k)) {
      if (recording) {
        recording.finishedOnKey = k;
        stopRecording();
      } else sendSilence(`⌨ ${k} (nothing recorded)`);
    } else {
      note('info', `Key ${k} does nothing here: the <Record> only stops on ${finish || 'no key'}.`);
    }
    return;
  }
  if (finish.includes(k)) {
    // An empty <Gather> (only the finishing key) does not call its action: Twilio goes on to the <Redirect>.
    if (typed === '') sendSilence(`⌨ ${k} (nothing typed)`);
    else sendKeys(now, typed + k, typed + k);
    return;
  }
  typed += k;
  if (typed.length >= (l.numDigits || 1)) sendKeys(now, typed, typed);
  else update();
}

// ---- recording ---------------------------------------------------------------------------------

function showRecording(): void {
  const rec = recording;
  if (!rec) {
    recTimeEl.textContent = '';
    return;
  }
  const elapsed = Date.now() - rec.started;
  recTimeEl.textContent = `Recording ${minutes(elapsed / 1000)}`;
  if (elapsed >= MAX_RECORD_MS) stopRecording();
}

function startRecording(): void {
  const now = live();
  if (recording || !now || now.listen.kind !== 'record') return;
  const { call: current, listen } = now;
  if (!navigator.mediaDevices || typeof navigator.mediaDevices.getUserMedia !== 'function' || typeof MediaRecorder === 'undefined') {
    note('error', 'This browser cannot record here (the microphone needs https or localhost, and MediaRecorder). Use "Say nothing" instead.');
    return;
  }
  hush();
  recordEl.disabled = true;
  navigator.mediaDevices
    .getUserMedia({ audio: true })
    .then((stream) => {
      if (call !== current || listening() !== 'record') {
        for (const t of stream.getTracks()) t.stop();
        update();
        return;
      }
      const type = RECORD_TYPES.find((candidate) => MediaRecorder.isTypeSupported(candidate));
      const recorder = type ? new MediaRecorder(stream, { mimeType: type }) : new MediaRecorder(stream);
      const rec: Recording = { recorder, chunks: [], started: Date.now(), timer: undefined, discard: false, finishedOnKey: null, call: current, listen };
      recorder.addEventListener('dataavailable', (e) => {
        if (e.data && e.data.size > 0) rec.chunks.push(e.data);
      });
      recorder.addEventListener('stop', () => {
        clearInterval(rec.timer);
        for (const t of stream.getTracks()) t.stop();
        recording = null;
        showRecording();
        update();
        if (rec.discard || call !== rec.call) return;
        const seconds = (Date.now() - rec.started) / 1000;
        const mime = recorder.mimeType || type || 'audio/webm';
        const blob = new Blob(rec.chunks, { type: mime });
        if (blob.size === 0) {
          note('error', 'Nothing was recorded: check the microphone and try again.');
          refocus();
          return;
        }
        sendRecording(rec, blob, seconds, `answer.${mime.includes('ogg') ? 'ogg' : 'webm'}`);
      });
      recorder.start(250);
      recording = rec;
      rec.timer = setInterval(showRecording, 250);
      showRecording();
      update();
      stopEl.focus();
    })
    .catch((err: unknown) => {
      update();
      note('error', `The microphone is not available (${errorPart(err, 'name')}): allow it for this page, or use "Say nothing".`);
    });
}

function stopRecording(): void {
  if (recording && recording.recorder.state !== 'inactive') recording.recorder.stop();
}

function sendRecording({ call: current, listen, finishedOnKey }: Recording, blob: Blob, seconds: number, filename: string): void {
  const you = addYou(`🎙 recorded answer (${minutes(seconds)})${finishedOnKey ? ` ${finishedOnKey}` : ''}`, 'record');
  const audio = el('audio', {
    controls: '',
    preload: 'metadata',
    src: URL.createObjectURL(blob),
    'data-testid': 'call-audio',
    'aria-label': 'Play your recorded answer',
  });
  you.bubble.appendChild(audio);
  const form = new FormData();
  form.append('phone', current.phone);
  form.append('callSid', String(current.sid));
  form.append('url', String(listen.input));
  form.append('duration', String(Math.max(1, Math.round(seconds))));
  if (finishedOnKey) form.append('digits', finishedOnKey);
  form.append('file', blob, filename);
  void turn(current, () => fetch(API, { method: 'POST', headers: { accept: 'application/json' }, body: form }), you);
}

// ---- wiring ------------------------------------------------------------------------------------

startEl.addEventListener('click', startCall);
hangupEl.addEventListener('click', hangUp);
for (const b of keys) {
  b.addEventListener('click', () => {
    const k = b.getAttribute('data-key');
    if (k) pressKey(k);
  });
}
recordEl.addEventListener('click', startRecording);
stopEl.addEventListener('click', () => {
  if (recording) {
    recording.finishedOnKey = null;
    stopRecording();
  }
});
silenceEl.addEventListener('click', () => sendSilence('🤐 (silence)'));
replayEl.addEventListener('click', () => speak(lastSays));
speechForm.addEventListener('submit', (e) => {
  e.preventDefault();
  const words = speechEl.value.trim();
  const now = live();
  if (!words || !now || !(now.listen.kind === 'keys' || now.listen.kind === 'number')) {
    speechEl.focus();
    return;
  }
  speechEl.value = '';
  hush();
  const you = addYou(`🗣 ${words}`, 'speech');
  void turn(now.call, postJson({ phone: now.call.phone, callSid: now.call.sid, url: now.listen.input, speech: words }), you);
});
document.addEventListener('keydown', (e) => {
  const t = e.target;
  if (e.ctrlKey || e.metaKey || e.altKey) return;
  if ((t instanceof HTMLInputElement && !t.readOnly) || t instanceof HTMLTextAreaElement || (t instanceof HTMLElement && t.isContentEditable)) return;
  if (!/^[0-9*#]$/.test(e.key)) return;
  const b = keys.find((x) => x.getAttribute('data-key') === e.key);
  if (!b || b.disabled) return;
  e.preventDefault();
  pressKey(e.key);
});
phoneEl.addEventListener('input', () => clearFieldErrors());
phoneEl.addEventListener('keydown', (e) => {
  if (e.key === 'Enter' && !e.isComposing) {
    e.preventDefault();
    startCall();
  }
});
newParticipantEl.addEventListener('click', () => {
  phoneEl.value = randomParticipant();
  clearFieldErrors();
  startEl.focus();
});
update();
