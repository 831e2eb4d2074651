import { createHash } from 'node:crypto';
import { escapeHtml } from './page.js';
import { COMMON_SCRIPT, PHONE_FIELD_HTML } from './page-parts.js';

/**
 * The phone-call simulator: one self-contained page (inline CSS and vanilla JS; it fetches nothing but
 * /simulator/api/call) that looks like a phone in a call to the service number. The server plays Twilio
 * (it signs each turn for our voice webhook and turns the TwiML into JSON); this page plays the caller:
 * it shows and speaks every <Say> (the browser's speechSynthesis, in the Say's language), and answers
 * what the TwiML listens for, with the keypad, typed "speech", a microphone recording or silence.
 * Every text that reaches the DOM goes through textContent; the only server value in the HTML (the
 * service number) is escaped.
 *
 * Test hooks (data-testid): phone, new-participant, phone-error, call-start, call-hangup, call-status,
 * call-ended, call-log, said (a prompt; `lang` = the <Say>'s language; data-play="true" and a said-audio
 * player for a recorded prompt), you (what the caller did; data-kind = key | number | speech | record |
 * silence; call-audio plays a recorded answer), note (data-kind = error | info), call-digits,
 * key-0…key-9, key-star, key-hash, call-record, call-record-stop, call-recording-time, call-silence,
 * call-replay, call-speech, call-speech-send. The log has aria-busy="true" while a turn is on its way.
 *
 * Keyboard: Tab reaches every control; while no text field has the focus, the keys 0-9, * and # press
 * the keypad.
 *
 * Prompts are said in order: texts by speechSynthesis (in the <Say>'s language, with a voice of that
 * language where the browser has one), recorded prompts (<Play>) by an <audio> of their public URL,
 * which the CSP's media-src allows. A key, a recording, silence or hanging up stops what is being said.
 */

const STYLE = String.raw`
*, *::before, *::after { box-sizing: border-box; }
html, body { margin: 0; height: 100%; }
body {
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans Arabic", "Noto Naskh Arabic",
    "DejaVu Sans", Arial, sans-serif, "Apple Color Emoji", "Segoe UI Emoji", "Noto Color Emoji";
  font-size: 16px; line-height: 1.4; background: #0b1014; color: #f1f4f6;
}
.phone {
  display: flex; flex-direction: column; width: 100%; max-width: 430px; height: 100vh; height: 100dvh; margin: 0 auto;
  background: linear-gradient(180deg, #1c2a33 0%, #10181d 55%, #0b1014 100%); overflow: hidden;
}
@media (min-width: 520px) and (min-height: 760px) {
  body { padding: 16px 0; background: #d9dbd5; }
  .phone { height: calc(100vh - 32px); height: calc(100dvh - 32px); max-height: 920px; border-radius: 28px;
    border: 10px solid #1f2326; box-shadow: 0 10px 40px rgb(0 0 0 / 30%); }
}
header { flex: none; padding: 8px 12px; display: grid; gap: 6px; border-bottom: 1px solid rgb(255 255 255 / 10%); }
.title-row { display: flex; align-items: center; justify-content: space-between; gap: 6px 8px; flex-wrap: wrap; }
h1 { font-size: 1.05rem; margin: 0; font-weight: 600; }
a { color: #9fd3ff; }
.service { font-size: 0.9rem; margin: 0; color: #c9d3d9; }
.service bdi { font-variant-numeric: tabular-nums; color: #fff; font-weight: 600; }
.who { display: flex; gap: 6px; align-items: end; flex-wrap: wrap; }
.who .field { display: grid; gap: 2px; flex: 1 1 11rem; min-width: 0; }
label { font-size: 0.85rem; color: #c9d3d9; }
input[type="tel"], input[type="text"] {
  font: inherit; font-size: 1rem; border: 1px solid #8696a0; border-radius: 8px; padding: 6px 8px; color: #111b21; background: #fff; width: 100%; min-height: 40px;
}
input[type="tel"]:read-only { background: #d5dadd; }
input[aria-invalid="true"] { border: 2px solid #ff8a80; }
.field-error { margin: 0; color: #fff; background: #c5221f; border-radius: 4px; padding: 2px 6px; font-size: 0.85rem; }
button {
  font: inherit; font-size: 0.95rem; border-radius: 999px; border: 1px solid #4b5a63; padding: 6px 12px; min-height: 40px; cursor: pointer;
  background: #26343d; color: #f1f4f6;
}
button:disabled { opacity: 0.4; cursor: not-allowed; }
button:focus-visible, input:focus-visible, a:focus-visible { outline: 3px solid #ffbf47; outline-offset: 2px; }
.screen { flex: 1 1 auto; min-height: 0; display: flex; flex-direction: column; padding: 6px 10px 0; gap: 4px; }
.status { margin: 0; text-align: center; font-size: 1.05rem; font-weight: 600; min-height: 1.5em; }
.ended { margin: 0; align-self: center; padding: 2px 12px; border-radius: 999px; background: #5f1f1b; color: #ffd9d5; font-weight: 600; font-size: 0.95rem; }
.log {
  flex: 1 1 auto; min-height: 4rem; overflow-y: auto; display: flex; flex-direction: column; gap: 6px; padding: 6px 2px 10px;
}
.row { display: flex; flex-direction: column; max-width: 88%; }
.row.service { align-self: flex-start; align-items: flex-start; }
.row.you { align-self: flex-end; align-items: flex-end; }
.bubble {
  white-space: pre-wrap; overflow-wrap: anywhere; unicode-bidi: plaintext; text-align: start;
  padding: 6px 10px 7px; border-radius: 12px; font-size: 1rem;
}
.service .bubble { background: #f1f4f6; color: #111b21; border-start-start-radius: 3px; }
.you .bubble { background: #1b7f4c; color: #fff; border-start-end-radius: 3px; }
.meta { font-size: 0.75rem; color: #a9b6bd; padding: 1px 4px; }
.note { align-self: center; max-width: 94%; font-size: 0.9rem; padding: 4px 10px; border-radius: 8px; background: #33414a; color: #e8eef1; text-align: center; white-space: pre-wrap; }
.note[data-kind="error"] { background: #fce8e6; color: #a50e0e; border: 1px solid #c5221f; text-align: start; }
.empty { align-self: center; color: #a9b6bd; font-size: 0.95rem; text-align: center; margin-top: 16px; padding: 0 12px; }
.bubble audio { display: block; width: 220px; max-width: 100%; height: 36px; margin-top: 6px; }
.controls { flex: none; display: grid; gap: 8px; padding: 8px 12px 12px; }
.digits { text-align: center; font-size: 1.6rem; letter-spacing: 0.15em; font-variant-numeric: tabular-nums; min-height: 2.2rem; margin: 0; }
.keypad { display: grid; grid-template-columns: repeat(3, minmax(0, 1fr)); gap: 8px; max-width: 300px; width: 100%; margin: 0 auto; }
.keypad button {
  min-height: 54px; border-radius: 16px; font-size: 1.5rem; font-weight: 600; line-height: 1.05;
  display: flex; flex-direction: column; align-items: center; justify-content: center; background: #2c3b45; border-color: #3f505b;
}
.keypad button small { font-size: 0.6rem; font-weight: 500; letter-spacing: 0.12em; color: #b9c6cd; min-height: 0.8rem; }
.keypad button.pressed { background: #4f6673; }
@media (min-height: 820px) { .keypad button { min-height: 62px; } }
@media (max-height: 800px) { .keypad { gap: 6px; } .keypad button { min-height: 48px; } .controls { gap: 6px; padding-bottom: 8px; } }
.actions { display: flex; flex-wrap: wrap; gap: 6px; justify-content: center; align-items: center; }
.actions button { font-size: 0.9rem; white-space: nowrap; }
button.stop { background: #c5221f; border-color: #c5221f; color: #fff; font-weight: 600; }
.rec { font-size: 0.9rem; color: #ff8a80; font-variant-numeric: tabular-nums; }
.rec:not(:empty)::before { content: "● "; animation: blink 1s steps(2, start) infinite; }
@keyframes blink { to { visibility: hidden; } }
@media (prefers-reduced-motion: reduce) { .rec:not(:empty)::before { animation: none; } }
.speech { display: flex; gap: 6px; align-items: center; }
.speech .field { flex: 1 1 auto; min-width: 0; display: flex; gap: 6px; align-items: center; }
.speech label { flex: none; white-space: nowrap; }
.callbar { display: flex; justify-content: center; align-items: center; flex-wrap: wrap; gap: 8px 12px; }
.callbar button.call, .callbar button.hangup { min-width: 9rem; min-height: 52px; font-size: 1.05rem; font-weight: 700; border: 0; }
button.call { background: #15803d; color: #fff; } /* a green white text reads on (5:1) */
button.hangup { background: #d93025; color: #fff; }
[hidden] { display: none !important; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
`;

const SCRIPT = String.raw`
(function () {
  'use strict';
  ${COMMON_SCRIPT}
  var API = '/simulator/api/call';
  var $ = function (id) { return document.getElementById(id); };
  var phoneEl = $('phone'), phoneError = $('phone-error'), logEl = $('call-log'), statusEl = $('call-status'), endedEl = $('call-ended');
  var startEl = $('call-start'), hangupEl = $('call-hangup'), digitsEl = $('call-digits');
  var recordEl = $('call-record'), stopEl = $('call-record-stop'), recTimeEl = $('call-recording-time');
  var silenceEl = $('call-silence'), replayEl = $('call-replay');
  var speechForm = $('speech-form'), speechEl = $('call-speech'), speechLabel = $('call-speech-label'), speechSendEl = $('call-speech-send');
  var keys = Array.prototype.slice.call(document.querySelectorAll('[data-key]'));

  /**
   * The call in progress, or null: { id, sid, phone, listen, busy, ended }. listen is the server's
   * { kind, numDigits, input, silence, speechLanguage, finishOnKey } for the last TwiML.
   */
  var call = null;
  var calls = 0; // numbered in the log
  var typed = '';
  var lastSays = [];
  var hungUp = false;
  var recording = null;

  function scroll() { logEl.scrollTop = logEl.scrollHeight; }
  function clearEmpty() { var e = logEl.querySelector('.empty'); if (e) e.remove(); }

  function addSaid(s) {
    clearEmpty();
    var row = el('div', { class: 'row service' });
    if (s.play) {
      // A recorded prompt (<Play>): played from where Twilio would fetch it.
      var bubble = el('div', { class: 'bubble', 'data-testid': 'said', 'data-play': 'true', dir: 'auto' }, '▶ recorded prompt');
      s.audio = el('audio', { controls: '', preload: 'auto', src: s.play, 'data-testid': 'said-audio', 'aria-label': 'Play the recorded prompt' });
      bubble.appendChild(s.audio);
      row.appendChild(bubble);
    } else {
      row.appendChild(el('div', { class: 'bubble', 'data-testid': 'said', lang: s.language || null, dir: 'auto' }, s.text));
    }
    var meta = el('div', { class: 'meta' });
    meta.appendChild(el('span', { class: 'visually-hidden' }, 'Service said, '));
    meta.appendChild(el('span', null, s.play ? '▶ <Play>' : '🔊 ' + [s.language, s.voice].filter(Boolean).join(' · ')));
    row.appendChild(meta);
    logEl.appendChild(row);
    scroll();
  }
  function addYou(text, kind) {
    clearEmpty();
    var row = el('div', { class: 'row you' });
    var bubble = el('div', { class: 'bubble', 'data-testid': 'you', 'data-kind': kind, dir: 'auto' }, text);
    row.appendChild(bubble);
    var meta = el('div', { class: 'meta' });
    meta.appendChild(el('span', { class: 'visually-hidden' }, 'You, '));
    var state = el('span', null, 'sending…');
    meta.appendChild(state);
    row.appendChild(meta);
    logEl.appendChild(row);
    scroll();
    return { bubble: bubble, state: state };
  }
  function note(level, text) {
    clearEmpty();
    logEl.appendChild(el('div', { class: 'note', 'data-testid': 'note', 'data-kind': level, role: level === 'error' ? 'alert' : null }, text));
    scroll();
  }

  // ---- speaking ------------------------------------------------------------------------------
  var synth = 'speechSynthesis' in window ? window.speechSynthesis : null;
  var toldNoVoice = false;
  function norm(tag) { return String(tag || '').replace(/_/g, '-').toLowerCase(); }
  /** "arb" (Modern Standard Arabic, as Polly calls it) is "ar" to a browser. */
  function primary(tag) { var p = norm(tag).split('-')[0]; return p === 'arb' ? 'ar' : p; }
  function voiceFor(lang) {
    if (!synth || !lang) return null;
    var voices = synth.getVoices() || [];
    var exact = voices.find(function (v) { return norm(v.lang) === norm(lang); });
    if (exact) return exact;
    return voices.find(function (v) { return primary(v.lang) === primary(lang); }) || null;
  }
  /** Bumped by hush(): a sequence of prompts stops when a newer one (or silence) replaces it. */
  var spoken = 0;
  var playing = null;
  function hush() {
    spoken++;
    if (synth) synth.cancel();
    if (playing) { playing.pause(); playing = null; }
  }
  /** Queue texts on speechSynthesis (it says them in order), each in its own language; the last utterance. */
  function sayAll(batch) {
    if (!synth || typeof window.SpeechSynthesisUtterance !== 'function') {
      if (!toldNoVoice) { toldNoVoice = true; note('info', 'This browser cannot speak: read the prompts instead.'); }
      return null;
    }
    var last = null;
    batch.forEach(function (s) {
      var u = new SpeechSynthesisUtterance(s.text);
      u.lang = s.language || 'en';
      var v = voiceFor(s.language);
      if (v) u.voice = v;
      synth.speak(u);
      last = u;
    });
    return last;
  }
  /** Call next() once, when the utterance ends, or after about as long as it takes to say (no audio out). */
  function after(u, text, next) {
    var done = false;
    var go = function () { if (!done) { done = true; next(); } };
    if (u) { u.addEventListener('end', go); u.addEventListener('error', go); }
    setTimeout(go, u ? 1000 + text.length * 90 : 0);
  }
  /** Say and play the prompts in order: texts by speechSynthesis, recorded prompts by their <audio>. */
  function speak(says) {
    hush();
    var run = spoken, i = 0;
    (function step() {
      if (run !== spoken || i >= says.length) return;
      var batch = [];
      while (i < says.length && !says[i].play) batch.push(says[i++]);
      if (batch.length > 0) {
        var last = sayAll(batch);
        if (i < says.length) after(last, batch.map(function (s) { return s.text; }).join(' '), step);
        return;
      }
      var s = says[i++];
      var audio = s.audio || el('audio', { src: s.play });
      playing = audio;
      var done = false;
      var go = function () { if (!done) { done = true; if (playing === audio) playing = null; step(); } };
      audio.addEventListener('ended', go, { once: true });
      audio.addEventListener('error', go, { once: true });
      try { audio.currentTime = 0; } catch (e) { /* not loaded yet */ }
      var started = audio.play();
      if (started && typeof started.catch === 'function') started.catch(go);
    })();
  }
  // Chromium loads its voices on the first getVoices(); they are read again at each prompt.
  if (synth) synth.getVoices();

  // ---- state and controls --------------------------------------------------------------------
  function listening() { return call && !call.ended && !call.busy && call.listen ? call.listen.kind : null; }

  function statusText() {
    if (recording) return 'Recording… press Stop (or #) when you are done';
    if (!call) return hungUp ? 'Call ended' : 'Press 📞 Call to ring the service number';
    if (call.busy) return call.sid ? 'The service is listening…' : 'Ringing…';
    if (call.ended) return 'Call ended';
    var l = call.listen;
    if (!l) return '';
    if (l.kind === 'keys') return l.speechLanguage ? 'Press a key (or say your answer)' : 'Press a key';
    if (l.kind === 'number') return 'Type a number, then #';
    if (l.kind === 'record') return 'Record your answer, then Stop';
    return 'Call ended';
  }

  function update() {
    var kind = listening();
    var inCall = call !== null && !call.ended;
    startEl.hidden = inCall;
    startEl.disabled = inCall;
    hangupEl.hidden = !inCall;
    phoneEl.readOnly = inCall;
    document.getElementById('new-participant').disabled = inCall;
    var keypadOn = kind === 'keys' || kind === 'number' || kind === 'record';
    keys.forEach(function (k) { k.disabled = !keypadOn; });
    // Record/Stop only where a <Record> listens: the row stays one line on a narrow phone.
    recordEl.hidden = recording !== null || kind !== 'record';
    stopEl.hidden = recording === null;
    recordEl.disabled = kind !== 'record';
    silenceEl.disabled = !(kind && call.listen.silence) || recording !== null;
    replayEl.disabled = lastSays.length === 0 || !call || recording !== null;
    var speech = (kind === 'keys' || kind === 'number') && call.listen.speechLanguage;
    speechForm.hidden = !speech;
    if (speech) {
      speechEl.setAttribute('lang', call.listen.speechLanguage);
      speechLabel.textContent = '🗣 Or say it (' + call.listen.speechLanguage + ')';
      speechEl.setAttribute('title', 'Type the words, as speech recognition in ' + call.listen.speechLanguage + ' would hear them');
    }
    speechEl.disabled = speechSendEl.disabled = !speech;
    var showDigits = kind === 'number' || (kind === 'keys' && (call.listen.numDigits || 1) > 1) || typed !== '';
    digitsEl.hidden = !showDigits;
    digitsEl.textContent = typed;
    logEl.setAttribute('aria-busy', call && call.busy ? 'true' : 'false');
    var ended = (call && call.ended) || (!call && hungUp);
    endedEl.hidden = !ended;
    endedEl.textContent = hungUp ? 'Call ended — you hung up' : 'Call ended';
    statusEl.textContent = statusText();
  }

  /** Where the focus goes when the control that had it is gone or disabled. */
  function refocus() {
    var active = document.activeElement;
    var stale = active === phoneEl || active === document.getElementById('new-participant');
    if (!stale && active && active !== document.body && !active.disabled && !active.hidden && active.offsetParent !== null) return;
    var kind = listening();
    var target = kind === 'record' ? recordEl : kind === 'keys' || kind === 'number' ? keys[0] : !call || call.ended ? startEl : null;
    if (target && !target.disabled && !target.hidden) target.focus();
  }

  function describeProblem(status, body) {
    var head = 'Not sent (HTTP ' + status + ')';
    if (body && Array.isArray(body.errors) && body.errors.length) {
      return head + '. ' + body.errors.map(function (e) { return e.field + ': ' + e.message; }).join('; ');
    }
    var title = body && (body.title || body.detail) ? [body.title, body.detail].filter(Boolean).join(': ') : 'unexpected answer';
    return head + ': ' + title;
  }

  /** One turn: post it, then show and speak what the service said, and listen as its TwiML says. */
  function turn(current, request, you) {
    current.busy = true;
    typed = '';
    update();
    return request()
      .then(function (res) {
        return res.text().then(function (raw) {
          var json = null;
          try { json = JSON.parse(raw); } catch (e) { json = null; }
          if (call !== current) return; // hung up meanwhile: what the service said is not heard
          if (res.ok && json && Array.isArray(json.says) && json.listen) {
            if (you) you.state.textContent = '✓';
            clearFieldErrors();
            current.sid = json.callSid;
            json.says.forEach(addSaid);
            if (json.says.length === 0) note('info', '(the service said nothing)');
            if (json.says.length > 0) lastSays = json.says;
            current.listen = json.listen;
            if (json.listen.kind === 'end') { current.ended = true; note('info', '📵 The service hung up.'); }
            speak(json.says);
          } else {
            if (you) you.state.textContent = 'not delivered ⚠';
            note('error', describeProblem(res.status, json || { title: raw.slice(0, 200) }));
            if (json && Array.isArray(json.errors)) showFieldErrors(json.errors);
            if (!current.sid) call = null; // the call never started
          }
        });
      })
      .catch(function (err) {
        if (call !== current) return;
        if (you) you.state.textContent = 'not delivered ⚠';
        note('error', 'Network error: the simulator server could not be reached (' + (err && err.message ? err.message : String(err)) + ').');
        if (!current.sid) call = null;
      })
      .then(function () {
        current.busy = false;
        update();
        refocus();
      });
  }

  function postJson(body) {
    return function () {
      return fetch(API, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify(body) });
    };
  }

  function startCall() {
    if (call && !call.ended) return;
    var ph = phone();
    clearFieldErrors();
    hush();
    hungUp = false;
    lastSays = [];
    calls++;
    note('info', '📞 Call ' + calls + ': ' + (ph || '(no number)') + ' calls ' + document.getElementById('service-number').textContent);
    call = { sid: null, phone: ph, listen: null, busy: false, ended: false };
    turn(call, postJson({ phone: ph }), null);
  }

  function hangUp() {
    if (!call) return;
    hush();
    if (recording) { recording.discard = true; stopRecording(); }
    var wasEnded = call.ended;
    call = null;
    typed = '';
    if (!wasEnded) { hungUp = true; note('info', '📵 You hung up. Call again to go on where you left off.'); }
    update();
    startEl.focus();
  }

  function sendKeys(digits, shown) {
    var current = call, l = current.listen;
    hush(); // a key interrupts the prompts, as in a <Gather>
    var you = addYou('⌨ ' + shown, l.kind === 'number' ? 'number' : 'key');
    turn(current, postJson({ phone: current.phone, callSid: current.sid, url: l.input, digits: digits }), you);
  }

  function sendSilence(shown) {
    var current = call;
    if (!current || !current.listen || !current.listen.silence) return;
    hush();
    var you = addYou(shown, 'silence');
    turn(current, postJson({ phone: current.phone, callSid: current.sid, url: current.listen.silence }), you);
  }

  function flash(k) {
    var b = keys.find(function (x) { return x.getAttribute('data-key') === k; });
    if (!b) return;
    b.classList.add('pressed');
    setTimeout(function () { b.classList.remove('pressed'); }, 150);
  }

  function pressKey(k) {
    var kind = listening();
    if (!kind || kind === 'end') return;
    flash(k);
    var l = call.listen;
    var finish = l.finishOnKey || '';
    if (kind === 'record') {
      if (finish.indexOf(k) >= 0) {
        if (recording) { recording.finishedOnKey = k; stopRecording(); }
        else sendSilence('⌨ ' + k + ' (nothing recorded)');
      } else {
        note('info', 'Key ' + k + ' does nothing here: the <Record> only stops on ' + (finish || 'no key') + '.');
      }
      return;
    }
    if (finish.indexOf(k) >= 0) {
      // An empty <Gather> (only the finishing key) does not call its action: Twilio goes on to the <Redirect>.
      if (typed === '') sendSilence('⌨ ' + k + ' (nothing typed)');
      else sendKeys(typed + k, typed + k);
      return;
    }
    typed += k;
    if (typed.length >= (l.numDigits || 1)) sendKeys(typed, typed);
    else update();
  }

  // ---- recording -----------------------------------------------------------------------------
  var RECORD_TYPES = ['audio/ogg;codecs=opus', 'audio/webm;codecs=opus', 'audio/ogg', 'audio/webm'];
  var MAX_RECORD_MS = 180 * 1000;

  function showRecording() {
    if (!recording) { recTimeEl.textContent = ''; return; }
    var elapsed = Date.now() - recording.started;
    recTimeEl.textContent = 'Recording ' + minutes(elapsed / 1000);
    if (elapsed >= MAX_RECORD_MS) stopRecording();
  }

  function startRecording() {
    if (recording || listening() !== 'record') return;
    var current = call;
    if (!navigator.mediaDevices || typeof navigator.mediaDevices.getUserMedia !== 'function' || typeof MediaRecorder === 'undefined') {
      note('error', 'This browser cannot record here (the microphone needs https or localhost, and MediaRecorder). Use "Say nothing" instead.');
      return;
    }
    hush();
    recordEl.disabled = true;
    navigator.mediaDevices.getUserMedia({ audio: true }).then(function (stream) {
      if (call !== current || listening() !== 'record') { stream.getTracks().forEach(function (t) { t.stop(); }); update(); return; }
      var type = RECORD_TYPES.find(function (candidate) { return MediaRecorder.isTypeSupported(candidate); });
      var recorder = type ? new MediaRecorder(stream, { mimeType: type }) : new MediaRecorder(stream);
      var rec = { recorder: recorder, chunks: [], started: Date.now(), timer: null, discard: false, finishedOnKey: null, call: current };
      recorder.addEventListener('dataavailable', function (e) { if (e.data && e.data.size > 0) rec.chunks.push(e.data); });
      recorder.addEventListener('stop', function () {
        clearInterval(rec.timer);
        stream.getTracks().forEach(function (t) { t.stop(); });
        recording = null;
        showRecording();
        update();
        if (rec.discard || call !== rec.call) return;
        var seconds = (Date.now() - rec.started) / 1000;
        var mime = recorder.mimeType || type || 'audio/webm';
        var blob = new Blob(rec.chunks, { type: mime });
        if (blob.size === 0) { note('error', 'Nothing was recorded: check the microphone and try again.'); refocus(); return; }
        sendRecording(rec.call, blob, seconds, rec.finishedOnKey, 'answer.' + (mime.indexOf('ogg') >= 0 ? 'ogg' : 'webm'));
      });
      recorder.start(250);
      recording = rec;
      rec.timer = setInterval(showRecording, 250);
      showRecording();
      update();
      stopEl.focus();
    }).catch(function (err) {
      update();
      note('error', 'The microphone is not available (' + (err && err.name ? err.name : String(err)) + '): allow it for this page, or use "Say nothing".');
    });
  }

  function stopRecording() {
    if (recording && recording.recorder.state !== 'inactive') recording.recorder.stop();
  }

  function sendRecording(current, blob, seconds, finishedOnKey, filename) {
    var l = current.listen;
    var you = addYou('🎙 recorded answer (' + minutes(seconds) + ')' + (finishedOnKey ? ' ' + finishedOnKey : ''), 'record');
    var audio = el('audio', { controls: '', preload: 'metadata', src: URL.createObjectURL(blob), 'data-testid': 'call-audio', 'aria-label': 'Play your recorded answer' });
    you.bubble.appendChild(audio);
    var form = new FormData();
    form.append('phone', current.phone);
    form.append('callSid', current.sid);
    form.append('url', l.input);
    form.append('duration', String(Math.max(1, Math.round(seconds))));
    if (finishedOnKey) form.append('digits', finishedOnKey);
    form.append('file', blob, filename);
    turn(current, function () { return fetch(API, { method: 'POST', headers: { accept: 'application/json' }, body: form }); }, you);
  }

  // ---- wiring --------------------------------------------------------------------------------
  startEl.addEventListener('click', startCall);
  hangupEl.addEventListener('click', hangUp);
  keys.forEach(function (b) { b.addEventListener('click', function () { pressKey(b.getAttribute('data-key')); }); });
  recordEl.addEventListener('click', startRecording);
  stopEl.addEventListener('click', function () { if (recording) { recording.finishedOnKey = null; stopRecording(); } });
  silenceEl.addEventListener('click', function () { sendSilence('🤐 (silence)'); });
  replayEl.addEventListener('click', function () { speak(lastSays); });
  speechForm.addEventListener('submit', function (e) {
    e.preventDefault();
    var words = speechEl.value.trim();
    var kind = listening();
    if (!words || !(kind === 'keys' || kind === 'number')) { speechEl.focus(); return; }
    speechEl.value = '';
    var current = call;
    hush();
    var you = addYou('🗣 ' + words, 'speech');
    turn(current, postJson({ phone: current.phone, callSid: current.sid, url: current.listen.input, speech: words }), you);
  });
  document.addEventListener('keydown', function (e) {
    var t = e.target;
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    if (t && ((t.tagName === 'INPUT' && !t.readOnly) || t.tagName === 'TEXTAREA' || t.isContentEditable)) return;
    if (!/^[0-9*#]$/.test(e.key)) return;
    var b = keys.find(function (x) { return x.getAttribute('data-key') === e.key; });
    if (!b || b.disabled) return;
    e.preventDefault();
    pressKey(e.key);
  });
  phoneEl.addEventListener('input', clearFieldErrors);
  phoneEl.addEventListener('keydown', function (e) { if (e.key === 'Enter' && !e.isComposing) { e.preventDefault(); startCall(); } });
  document.getElementById('new-participant').addEventListener('click', function () {
    var digits = new Uint32Array(1);
    crypto.getRandomValues(digits);
    phoneEl.value = '+3247' + String(digits[0] % 10000000).padStart(7, '0');
    clearFieldErrors();
    startEl.focus();
  });
  update();
})();
`;

const hash = (text: string): string => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
/** `promptOrigin`: where recorded prompts (<Play>) are fetched, the service's public URL. */
const csp = (promptOrigin: string): string =>
  [
    "default-src 'none'",
    `style-src ${hash(STYLE)}`,
    `script-src ${hash(SCRIPT)}`,
    "connect-src 'self'",
    'img-src data:',
    // The caller's own recorded answers play from blob: URLs; recorded prompts from the public URL.
    `media-src ${['blob:', promptOrigin].filter(Boolean).join(' ')}`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');

const KEYS: Array<{ key: string; id: string; letters: string; label: string }> = [
  { key: '1', id: 'key-1', letters: '', label: '1' },
  { key: '2', id: 'key-2', letters: 'ABC', label: '2' },
  { key: '3', id: 'key-3', letters: 'DEF', label: '3' },
  { key: '4', id: 'key-4', letters: 'GHI', label: '4' },
  { key: '5', id: 'key-5', letters: 'JKL', label: '5' },
  { key: '6', id: 'key-6', letters: 'MNO', label: '6' },
  { key: '7', id: 'key-7', letters: 'PQRS', label: '7' },
  { key: '8', id: 'key-8', letters: 'TUV', label: '8' },
  { key: '9', id: 'key-9', letters: 'WXYZ', label: '9' },
  { key: '*', id: 'key-star', letters: '', label: 'star' },
  { key: '0', id: 'key-0', letters: '+', label: '0' },
  { key: '#', id: 'key-hash', letters: '', label: 'hash' },
];

const keypad = KEYS.map(
  (k) =>
    // Digits are named by their content (the letters are decoration); * and # by a word as well.
    `<button type="button" data-key="${escapeHtml(k.key)}" data-testid="${k.id}"${k.label === k.key ? '' : ` aria-label="${escapeHtml(`${k.key} ${k.label}`)}"`}>` +
    `${escapeHtml(k.key)}<small aria-hidden="true">${escapeHtml(k.letters)}</small></button>`,
).join('\n      ');

/** The whole phone-call simulator page. */
export function callSimulatorPage(opts: { serviceNumber: string; promptOrigin: string }): string {
  const service = escapeHtml(opts.serviceNumber);
  // An origin is scheme://host[:port]: nothing that could end the directive or the attribute.
  const promptOrigin = /^https?:\/\/[A-Za-z0-9.-]+(:\d+)?$/.test(opts.promptOrigin) ? opts.promptOrigin : '';
  return `<!doctype html>
<html lang="en" dir="ltr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp(promptOrigin))}">
<meta name="referrer" content="no-referrer">
<title>Stem phone call simulator</title>
<link rel="icon" href="data:,">
<style>${STYLE}</style>
</head>
<body>
<main class="phone" id="frame">
  <header>
    <div class="title-row">
      <h1>📞 Stem phone call</h1>
      <a href="/simulator" data-testid="chat-link">💬 Chat simulator</a>
    </div>
    <p class="service">Calling <bdi dir="ltr" data-testid="service-number" id="service-number">${service}</bdi></p>
${PHONE_FIELD_HTML}
  </header>
  <section class="screen" aria-label="Call">
    <p class="status" id="call-status" data-testid="call-status" role="status"></p>
    <div class="log" id="call-log" data-testid="call-log" role="log" aria-live="polite" aria-label="What was said" aria-busy="false" tabindex="0">
      <p class="empty">What the service says shows here, and is spoken aloud.</p>
    </div>
  </section>
  <div class="controls">
    <output class="digits" id="call-digits" data-testid="call-digits" aria-label="Keys typed" hidden></output>
    <div class="keypad" role="group" aria-label="Keypad">
      ${keypad}
    </div>
    <div class="actions" role="group" aria-label="Answer">
      <button type="button" id="call-record" data-testid="call-record">🎙 Record answer</button>
      <button type="button" id="call-record-stop" class="stop" data-testid="call-record-stop" hidden>■ Stop</button>
      <span class="rec" id="call-recording-time" data-testid="call-recording-time" aria-live="off"></span>
      <button type="button" id="call-silence" data-testid="call-silence" title="Press nothing and say nothing: the call goes on as after a time-out">🤐 Say nothing</button>
    </div>
    <form class="speech" id="speech-form" autocomplete="off" hidden>
      <div class="field">
        <label for="call-speech" id="call-speech-label">🗣 Or say it</label>
        <input type="text" id="call-speech" data-testid="call-speech" dir="auto">
      </div>
      <button type="submit" id="call-speech-send" data-testid="call-speech-send">Say</button>
    </form>
    <div class="callbar">
      <p class="ended" id="call-ended" data-testid="call-ended" hidden>Call ended</p>
      <button type="button" id="call-replay" data-testid="call-replay">🔊 Say it again</button>
      <button type="button" class="call" id="call-start" data-testid="call-start">📞 Call</button>
      <button type="button" class="hangup" id="call-hangup" data-testid="call-hangup" hidden>Hang up</button>
    </div>
  </div>
</main>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
