import { createHash } from 'node:crypto';
import { COMMON_SCRIPT, PHONE_FIELD_HTML } from './page-parts.js';

/**
 * The participant simulator: one self-contained page (inline CSS and vanilla JS, nothing fetched but
 * /simulator/api/send, the outbox and the pictures the service sends) that looks like a phone chat over SMS or WhatsApp. Threads are kept per
 * (channel, phone) in the page's memory only. Every text that reaches the DOM goes through
 * textContent; the only server value in the HTML (the service number) is escaped.
 *
 * Test hooks (data-testid): channel-sms, channel-whatsapp, phone, profile-name (WhatsApp only: the
 * ProfileName sent with each message, as WhatsApp users have one), new-participant, message-input, send,
 * resend, quick-join, quick-help, quick-stop, quick-language, thread, bubble (data-from="participant" |
 * "service", data-retry="true" on a retry, data-kind="outbox" on an invitation or reminder), note
 * (data-kind="error" | "info"), typing.
 *
 * Where the local outbox exists (`GET /dev/outbox?to=`, no Twilio credentials), the page polls it every
 * 2 s for the number shown and adds what the service sent on its own (invitations, reminders) as
 * incoming bubbles, in the thread of the channel they went out on. A 404 there turns polling off.
 * The thread has aria-busy="true" while a message is on its way.
 *
 * Voice notes: "🎤 Voice note" (record) records from the microphone with MediaRecorder (Ogg/Opus where
 * the browser can, else WebM/Opus) until "Stop and send" (stop-record); "Upload audio file" (audio-file)
 * sends a file instead. Both go to /simulator/api/send-media as multipart form data (channel, phone,
 * file), which the server turns into a signed webhook with NumMedia=1, as a WhatsApp voice note or MMS.
 * The participant's bubble (data-voice="true") reads "🎤 voice note (0:07)" and holds an <audio controls>
 * (voice-audio) of the local recording; recording-time counts while recording.
 *
 * Pictures: a reply (or outbox message) with a picture (a WhatsApp triad's numbered triangle) shows it
 * above its text, as WhatsApp shows a picture with its caption (picture, an <img> of the signed URL's
 * path on this server: img-src 'self').
 */

const STYLE = String.raw`
*, *::before, *::after { box-sizing: border-box; }
html, body { margin: 0; height: 100%; }
body {
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans Arabic", "Noto Naskh Arabic",
    "DejaVu Sans", "Noto Sans Ethiopic", Arial, sans-serif, "Apple Color Emoji", "Segoe UI Emoji", "Noto Color Emoji";
  font-size: 16px;
  line-height: 1.4;
  background: #d9dbd5;
  color: #111b21;
}
.phone {
  --head-bg: #008069; --head-fg: #fff; --chat-bg: #efeae2; --out-bg: #d9fdd3; --out-fg: #111b21;
  --in-bg: #fff; --in-fg: #111b21; --accent: #008069; --accent-fg: #fff; --meta: #54656f;
  display: flex; flex-direction: column;
  width: 100%; max-width: 430px; height: 100vh; height: 100dvh; margin: 0 auto;
  background: var(--chat-bg); overflow: hidden;
}
.phone[data-channel="sms"] {
  --head-bg: #f1f3f4; --head-fg: #1f1f1f; --chat-bg: #fff; --out-bg: #1a73e8; --out-fg: #fff;
  --in-bg: #e9e9eb; --in-fg: #1f1f1f; --accent: #1a73e8; --accent-fg: #fff; --meta: #5f6368;
}
@media (min-width: 520px) and (min-height: 700px) {
  body { padding: 16px 0; }
  .phone { height: calc(100vh - 32px); height: calc(100dvh - 32px); max-height: 900px; border-radius: 28px;
    border: 10px solid #1f2326; box-shadow: 0 10px 40px rgb(0 0 0 / 30%); }
}
header { flex: none; background: var(--head-bg); color: var(--head-fg); padding: 8px 12px 10px; display: grid; gap: 6px; }
.phone[data-channel="sms"] header { border-bottom: 1px solid #dadce0; }
.title-row { display: flex; align-items: center; justify-content: space-between; gap: 6px 8px; flex-wrap: wrap; }
h1 { font-size: 1.05rem; margin: 0; font-weight: 600; }
.service { font-size: 0.9rem; margin: 0; }
.service bdi { font-variant-numeric: tabular-nums; }
.service a { color: inherit; font-weight: 600; white-space: nowrap; }
.service a:focus-visible { outline: 3px solid #ffbf47; outline-offset: 1px; }
fieldset { border: 0; margin: 0; padding: 0; min-width: 0; }
.channels { display: flex; gap: 0; border-radius: 999px; overflow: hidden; border: 1px solid currentColor; width: fit-content; }
.channels legend { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.channels label { position: relative; display: block; padding: 6px 14px; cursor: pointer; font-size: 0.95rem; min-height: 32px; }
.channels input { position: absolute; opacity: 0; inset: 0; margin: 0; cursor: pointer; }
.channels input:checked + span { font-weight: 700; }
.channels label:has(input:checked) { background: var(--head-fg); color: var(--head-bg); }
.channels label:has(input:focus-visible) { outline: 3px solid #ffbf47; outline-offset: -3px; }
.who { display: flex; gap: 6px; align-items: end; flex-wrap: wrap; }
.who .field { display: grid; gap: 2px; flex: 1 1 11rem; min-width: 0; }
.who label { font-size: 0.85rem; }
input[type="tel"], input[type="text"], textarea {
  font: inherit; font-size: 1rem; border: 1px solid #8696a0; border-radius: 8px; padding: 6px 8px; color: #111b21; background: #fff; width: 100%;
}
input[type="tel"][aria-invalid="true"] { border: 2px solid #c5221f; }
.profile { display: grid; gap: 2px; }
.profile label { font-size: 0.85rem; }
.phone[data-channel="sms"] .profile { display: none; }
.field-error { margin: 0; color: #fff; background: #c5221f; border-radius: 4px; padding: 2px 6px; font-size: 0.85rem; }
button {
  font: inherit; font-size: 0.95rem; border-radius: 999px; border: 1px solid transparent; padding: 6px 12px; min-height: 36px; cursor: pointer;
  background: var(--accent); color: var(--accent-fg);
}
button:disabled { opacity: 0.5; cursor: not-allowed; }
button:focus-visible, input:focus-visible, textarea:focus-visible { outline: 3px solid #ffbf47; outline-offset: 1px; }
header button { background: var(--head-fg); color: var(--head-bg); }
.tools { flex: none; display: flex; flex-wrap: wrap; gap: 6px; padding: 6px 8px; background: var(--chat-bg); border-bottom: 1px solid rgb(0 0 0 / 8%); }
.tools button { font-size: 0.85rem; min-height: 32px; padding: 4px 10px; white-space: nowrap; background: #fff; color: #111b21; border-color: #c4c9cc; }
.tools button.resend { margin-inline-start: auto; }
.thread { flex: 1 1 auto; min-height: 0; overflow-y: auto; padding: 10px 8px 14px; display: flex; flex-direction: column; gap: 6px; }
.row { display: flex; flex-direction: column; max-width: 85%; }
.row.participant { align-self: flex-end; align-items: flex-end; }
.row.service { align-self: flex-start; align-items: flex-start; }
.bubble {
  white-space: pre-wrap; overflow-wrap: anywhere; unicode-bidi: plaintext; text-align: start;
  padding: 6px 10px 7px; border-radius: 10px; font-size: 1.05rem; box-shadow: 0 1px 0.5px rgb(11 20 26 / 13%);
}
.participant .bubble { background: var(--out-bg); color: var(--out-fg); border-start-end-radius: 2px; }
.service .bubble { background: var(--in-bg); color: var(--in-fg); border-start-start-radius: 2px; }
.phone[data-channel="sms"] .bubble { border-radius: 18px; box-shadow: none; padding: 8px 12px; }
.phone[data-channel="sms"] .participant .bubble { border-end-end-radius: 4px; }
.phone[data-channel="sms"] .service .bubble { border-end-start-radius: 4px; }
.bubble[data-retry="true"] { outline: 2px dashed #b06000; outline-offset: 2px; }
.meta { font-size: 0.75rem; color: var(--meta); padding: 1px 4px; }
.meta .retry { color: #8a4b00; font-weight: 600; }
.bubble[data-kind="outbox"] { border-inline-start: 4px solid var(--accent); }
.meta .outbox { color: #0b5a4b; font-weight: 600; }
.phone[data-channel="sms"] .meta .outbox { color: #174ea6; }
.note { align-self: center; max-width: 92%; font-size: 0.9rem; padding: 4px 10px; border-radius: 8px; background: #fff5c4; color: #3b3b00; text-align: center; white-space: pre-wrap; }
.note[data-kind="error"] { background: #fce8e6; color: #a50e0e; border: 1px solid #c5221f; text-align: start; }
.empty { align-self: center; color: var(--meta); font-size: 0.9rem; text-align: center; margin-top: 24px; padding: 0 12px; }
.typing { align-self: flex-start; color: var(--meta); font-size: 0.9rem; padding: 0 6px; }
.composer { flex: none; display: flex; gap: 6px; align-items: end; padding: 8px; background: var(--chat-bg); border-top: 1px solid rgb(0 0 0 / 8%); }
.composer .field { flex: 1 1 auto; min-width: 0; }
.composer textarea { resize: none; min-height: 44px; max-height: 8rem; border-radius: 22px; padding: 10px 14px; }
.composer button { min-height: 44px; min-width: 64px; font-weight: 600; }
.voicebar { flex: none; display: flex; flex-wrap: wrap; align-items: center; gap: 6px; padding: 6px 8px 0; background: var(--chat-bg); border-top: 1px solid rgb(0 0 0 / 8%); }
.voicebar button, .voicebar .upload {
  font-size: 0.9rem; min-height: 36px; padding: 4px 12px; border-radius: 999px; white-space: nowrap;
  background: #fff; color: #111b21; border: 1px solid #c4c9cc; cursor: pointer; display: inline-flex; align-items: center; gap: 4px;
}
.voicebar .upload { position: relative; }
.voicebar .upload:has(input:focus-visible) { outline: 3px solid #ffbf47; outline-offset: 1px; }
.voicebar .upload:has(input:disabled) { opacity: 0.5; cursor: not-allowed; }
.voicebar button.stop { background: #c5221f; color: #fff; border-color: #c5221f; font-weight: 600; }
.rec { font-size: 0.9rem; color: #a50e0e; font-variant-numeric: tabular-nums; }
.rec:not(:empty)::before { content: "● "; animation: blink 1s steps(2, start) infinite; }
@keyframes blink { to { visibility: hidden; } }
@media (prefers-reduced-motion: reduce) { .rec:not(:empty)::before { animation: none; } }
.bubble img.picture { display: block; width: 260px; max-width: 100%; height: auto; aspect-ratio: 8 / 7; margin-bottom: 6px; border-radius: 6px; background: #fff; }
.bubble audio { display: block; width: 240px; max-width: 100%; height: 40px; margin-top: 6px; }
[hidden] { display: none !important; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
`;

const SCRIPT = String.raw`
(function () {
  'use strict';
  ${COMMON_SCRIPT}
  var API = '/simulator/api/send';
  var MEDIA_API = '/simulator/api/send-media';
  var MAX_VOICE_BYTES = 16 * 1024 * 1024;
  var $ = function (id) { return document.getElementById(id); };
  var phoneEl = $('phone'), profileEl = $('profile-name'), inputEl = $('message-input'), threadEl = $('thread'), resendEl = $('resend');
  var frame = $('frame'), phoneError = $('phone-error'), composer = $('composer');
  var recordEl = $('record'), stopEl = $('stop-record'), fileEl = $('audio-file'), recTimeEl = $('recording-time'), uploadEl = $('upload');

  /** Threads per "channel|phone": { items: [...], last: { text, messageSid } | null, pending: n }. */
  var threads = new Map();
  var queue = Promise.resolve();

  function channel() {
    var checked = document.querySelector('input[name="channel"]:checked');
    return checked ? checked.value : 'whatsapp';
  }
  function key(ch, ph) { return ch + '|' + ph; }
  function thread(k) {
    var t = threads.get(k);
    if (!t) { t = { items: [], last: null, pending: 0 }; threads.set(k, t); }
    return t;
  }
  function clock(d) { return String(d.getHours()).padStart(2, '0') + ':' + String(d.getMinutes()).padStart(2, '0'); }
  function now() {
    var d = new Date();
    return String(d.getHours()).padStart(2, '0') + ':' + String(d.getMinutes()).padStart(2, '0');
  }
  /** A picture the service sent (a WhatsApp triad), fetched from this server: the signed URL's path, or null. */
  function pictureOf(url) {
    if (typeof url !== 'string') return null;
    try {
      var u = new URL(url, location.href);
      return u.pathname.indexOf('/media/') === 0 ? u.pathname + u.search : null;
    } catch (e) { return null; }
  }
  function shortSid(sid) { return sid ? sid.slice(0, 8) + '…' : ''; }
  function renderItem(item) {
    if (item.kind === 'note') {
      return el('div', { class: 'note', 'data-testid': 'note', 'data-kind': item.level, role: item.level === 'error' ? 'alert' : null }, item.text);
    }
    var row = el('div', { class: 'row ' + item.from });
    var label = item.from === 'participant' ? 'You' : 'Service';
    var bubble = el('div', {
      class: 'bubble', 'data-testid': 'bubble', 'data-from': item.from, dir: 'auto',
      'data-retry': item.retry ? 'true' : null, 'data-kind': item.outbox ? 'outbox' : null, 'data-voice': item.voice ? 'true' : null,
    }, item.text);
    if (item.picture) {
      // Kept across renders, like a voice note's player: the picture is fetched once.
      if (!item.pictureEl) item.pictureEl = el('img', { class: 'picture', src: item.picture, alt: 'Picture: a triangle with numbered zones (1 to 7)', 'data-testid': 'picture' });
      bubble.insertBefore(item.pictureEl, bubble.firstChild);
    }
    if (item.audioUrl) {
      // One element per voice note, kept across renders so playback goes on when a reply arrives.
      if (!item.audioEl) item.audioEl = el('audio', { controls: '', preload: 'metadata', src: item.audioUrl, 'data-testid': 'voice-audio', 'aria-label': 'Play your voice note' });
      bubble.appendChild(item.audioEl);
    }
    row.appendChild(bubble);
    var meta = el('div', { class: 'meta' });
    meta.appendChild(el('span', { class: 'visually-hidden' }, label + ', '));
    if (item.retry) meta.appendChild(el('span', { class: 'retry' }, '↻ retry · '));
    if (item.outbox) meta.appendChild(el('span', { class: 'outbox', 'data-testid': 'outbox-tag' }, '📨 invitation / reminder' + (item.template ? ' (template ' + item.template + ')' : '') + ' · '));
    var status = item.time;
    if (item.from === 'participant') status += item.failed ? ' · not delivered ⚠' : item.sid ? ' · ' + shortSid(item.sid) + ' ✓✓' : ' · sending…';
    meta.appendChild(el('span', null, status));
    row.appendChild(meta);
    return row;
  }

  function render() {
    var k = key(channel(), phone());
    var t = thread(k);
    frame.setAttribute('data-channel', channel());
    threadEl.replaceChildren();
    if (t.items.length === 0) {
      threadEl.appendChild(el('p', { class: 'empty' }, 'No messages yet with ' + (phone() || '(no number)') + '. Send "JOIN DEMO" to start the demo survey.'));
    }
    t.items.forEach(function (item) { threadEl.appendChild(renderItem(item)); });
    if (t.pending > 0) threadEl.appendChild(el('div', { class: 'typing', 'data-testid': 'typing' }, 'Service is typing…'));
    threadEl.setAttribute('aria-busy', t.pending > 0 ? 'true' : 'false');
    resendEl.disabled = !t.last || !t.last.messageSid;
    threadEl.scrollTop = threadEl.scrollHeight;
  }

  function describeProblem(status, body) {
    if (body && Array.isArray(body.errors) && body.errors.length) {
      return 'Not sent (HTTP ' + status + '). ' + body.errors.map(function (e) { return e.field + ': ' + e.message; }).join('; ');
    }
    if (body && typeof body.error === 'string') {
      return 'The service failed (HTTP ' + status + (body.status ? ', webhook answered ' + body.status : '') + '): ' + body.error.slice(0, 300);
    }
    var title = body && (body.title || body.detail) ? [body.title, body.detail].filter(Boolean).join(': ') : 'unexpected answer';
    return 'Not sent (HTTP ' + status + '): ' + title;
  }

  /**
   * Send one participant message (out, already a bubble) with request(); replies (or an error note)
   * land in the thread it was sent from. remember(thread, sid) decides what "Resend last" re-posts.
   */
  function send(ch, ph, out, request, remember) {
    var k = key(ch, ph), t = thread(k), retry = out.retry;
    t.items.push(out);
    t.pending++;
    render();
    queue = queue.then(function () {
      return request()
        .then(function (res) {
          return res.text().then(function (raw) {
            var json = null;
            try { json = JSON.parse(raw); } catch (e) { json = null; }
            if (res.ok && json && Array.isArray(json.replies)) {
              out.sid = json.messageSid;
              remember(t, json.messageSid);
              if (json.replies.length === 0) t.items.push({ kind: 'note', level: 'info', text: 'No reply: the service sent nothing back.' });
              json.replies.forEach(function (r, i) {
                var picture = Array.isArray(json.pictures) ? pictureOf(json.pictures[i]) : null;
                t.items.push({ kind: 'bubble', from: 'service', text: String(r), picture: picture, time: now(), retry: retry });
              });
              if (k === key(channel(), phone())) clearFieldErrors();
            } else {
              out.failed = true;
              // A failed webhook is what Twilio retries: keep its MessageSid for "Resend last".
              if (json && typeof json.messageSid === 'string') remember(t, json.messageSid);
              t.items.push({ kind: 'note', level: 'error', text: describeProblem(res.status, json || { title: raw.slice(0, 200) }) });
              if (json && Array.isArray(json.errors) && k === key(channel(), phone())) showFieldErrors(json.errors);
            }
          });
        })
        .catch(function (err) {
          out.failed = true;
          t.items.push({ kind: 'note', level: 'error', text: 'Network error: the simulator server could not be reached (' + (err && err.message ? err.message : String(err)) + ').' });
        })
        .then(function () {
          t.pending--;
          if (k === key(channel(), phone())) render();
        });
    });
    return queue;
  }

  /** Post one text message (again, with its MessageSid, for "Resend last"). */
  function post(ch, ph, text, messageSid) {
    var retry = Boolean(messageSid);
    var out = { kind: 'bubble', from: 'participant', text: text, time: now(), sid: messageSid || null, retry: retry };
    var body = { channel: ch, phone: ph, text: text };
    if (messageSid) body.messageSid = messageSid;
    if (ch === 'whatsapp' && profileEl.value.trim()) body.profileName = profileEl.value.trim();
    return send(ch, ph, out, function () {
      return fetch(API, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify(body) });
    }, function (t, sid) { if (!retry) t.last = { text: text, messageSid: sid }; });
  }

  /** "0:07" for a duration in seconds; null when it is not known. */
  /**
   * Post a voice note (a recording or a chosen file) as a media message. Its bubble plays the local copy.
   * A media message cannot be re-posted with the same MessageSid here, so "Resend last" is off after it.
   */
  function sendVoice(ch, ph, blob, seconds, filename) {
    if (blob.size > MAX_VOICE_BYTES) {
      noteIn(ch, ph, 'error', 'Not sent: this audio is ' + (blob.size / 1048576).toFixed(1) + ' MB; WhatsApp takes voice notes up to 16 MB.');
      return;
    }
    var length = minutes(seconds);
    var out = {
      kind: 'bubble', from: 'participant', text: '🎤 voice note' + (length ? ' (' + length + ')' : ''), time: now(), sid: null, retry: false,
      voice: true, audioUrl: URL.createObjectURL(blob),
    };
    var form = new FormData();
    form.append('channel', ch);
    form.append('phone', ph);
    if (ch === 'whatsapp' && profileEl.value.trim()) form.append('profileName', profileEl.value.trim());
    form.append('file', blob, filename);
    send(ch, ph, out, function () {
      return fetch(MEDIA_API, { method: 'POST', headers: { accept: 'application/json' }, body: form });
    }, function (t) { t.last = null; });
  }

  function noteIn(ch, ph, level, text) {
    thread(key(ch, ph)).items.push({ kind: 'note', level: level, text: text });
    if (ch === channel() && ph === phone()) render();
  }

  /** The length of an audio file, read from its metadata by the browser; NaN when it cannot tell (soon). */
  function audioLength(url) {
    return new Promise(function (resolve) {
      var probe = document.createElement('audio');
      var done = false;
      var finish = function (value) { if (!done) { done = true; probe.removeAttribute('src'); resolve(value); } };
      probe.preload = 'metadata';
      probe.addEventListener('loadedmetadata', function () { finish(probe.duration); });
      probe.addEventListener('error', function () { finish(NaN); });
      setTimeout(function () { finish(NaN); }, 3000);
      probe.src = url;
    });
  }

  /** The microphone recording in progress: { recorder, stream, chunks, started, ch, ph, timer }, or null. */
  var recording = null;
  var MAX_RECORD_MS = 10 * 60 * 1000;
  var RECORD_TYPES = ['audio/ogg;codecs=opus', 'audio/webm;codecs=opus', 'audio/ogg', 'audio/webm'];

  function showRecording() {
    var on = recording !== null;
    recordEl.hidden = on;
    stopEl.hidden = !on;
    fileEl.disabled = on;
    uploadEl.hidden = on;
    if (!on) { recTimeEl.textContent = ''; recordEl.disabled = false; return; }
    var elapsed = Date.now() - recording.started;
    recTimeEl.textContent = 'Recording ' + minutes(elapsed / 1000);
    if (elapsed >= MAX_RECORD_MS) stopRecording();
  }

  function startRecording() {
    if (recording) return;
    var ch = channel(), ph = phone();
    if (!navigator.mediaDevices || typeof navigator.mediaDevices.getUserMedia !== 'function' || typeof MediaRecorder === 'undefined') {
      noteIn(ch, ph, 'error', 'This browser cannot record here (the microphone needs https or localhost, and MediaRecorder). Upload an audio file instead.');
      return;
    }
    recordEl.disabled = true;
    navigator.mediaDevices.getUserMedia({ audio: true }).then(function (stream) {
      var type = RECORD_TYPES.find(function (candidate) { return MediaRecorder.isTypeSupported(candidate); });
      var recorder = type ? new MediaRecorder(stream, { mimeType: type }) : new MediaRecorder(stream);
      var rec = { recorder: recorder, stream: stream, chunks: [], started: Date.now(), ch: ch, ph: ph, timer: null };
      recorder.addEventListener('dataavailable', function (e) { if (e.data && e.data.size > 0) rec.chunks.push(e.data); });
      recorder.addEventListener('stop', function () {
        clearInterval(rec.timer);
        stream.getTracks().forEach(function (track) { track.stop(); });
        var seconds = (Date.now() - rec.started) / 1000;
        var mime = recorder.mimeType || type || 'audio/webm';
        recording = null;
        showRecording();
        recordEl.focus();
        var blob = new Blob(rec.chunks, { type: mime });
        if (blob.size === 0) { noteIn(rec.ch, rec.ph, 'error', 'Nothing was recorded: check the microphone and try again.'); return; }
        sendVoice(rec.ch, rec.ph, blob, seconds, 'voice-note.' + (mime.indexOf('ogg') >= 0 ? 'ogg' : 'webm'));
      });
      recorder.start(250);
      recording = rec;
      rec.timer = setInterval(showRecording, 250);
      showRecording();
      stopEl.focus();
    }).catch(function (err) {
      recordEl.disabled = false;
      noteIn(ch, ph, 'error', 'The microphone is not available (' + (err && err.name ? err.name : String(err)) + '): allow it for this page, or upload an audio file.');
    });
  }

  function stopRecording() {
    if (recording && recording.recorder.state !== 'inactive') recording.recorder.stop();
  }

  function sendInput() {
    var text = inputEl.value;
    if (text.trim() === '') { inputEl.focus(); return; }
    inputEl.value = '';
    post(channel(), phone(), text, null);
    inputEl.focus();
  }

  composer.addEventListener('submit', function (e) { e.preventDefault(); sendInput(); });
  recordEl.addEventListener('click', startRecording);
  stopEl.addEventListener('click', stopRecording);
  fileEl.addEventListener('change', function () {
    var file = fileEl.files && fileEl.files[0];
    fileEl.value = '';
    if (!file) return;
    var ch = channel(), ph = phone();
    if (file.type && file.type.indexOf('audio/') !== 0) {
      noteIn(ch, ph, 'error', 'Not sent: "' + file.name + '" is not an audio file (' + file.type + ').');
      return;
    }
    var url = URL.createObjectURL(file);
    audioLength(url).then(function (seconds) {
      URL.revokeObjectURL(url);
      sendVoice(ch, ph, file, seconds, file.name || 'voice-note');
    });
  });
  inputEl.addEventListener('keydown', function (e) {
    // Enter sends; Shift+Enter is a new line; never while an input method (Arabic, Tigrinya…) is composing.
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing && e.keyCode !== 229) { e.preventDefault(); sendInput(); }
  });
  document.querySelectorAll('[data-quick]').forEach(function (b) {
    b.addEventListener('click', function () { post(channel(), phone(), b.getAttribute('data-quick'), null); });
  });
  resendEl.addEventListener('click', function () {
    var t = thread(key(channel(), phone()));
    if (t.last && t.last.messageSid) post(channel(), phone(), t.last.text, t.last.messageSid);
  });
  document.querySelectorAll('input[name="channel"]').forEach(function (r) { r.addEventListener('change', function () { clearFieldErrors(); render(); }); });
  phoneEl.addEventListener('input', function () { clearFieldErrors(); render(); pollOutbox(); });
  $('new-participant').addEventListener('click', function () {
    var digits = new Uint32Array(1);
    crypto.getRandomValues(digits);
    phoneEl.value = '+3247' + String(digits[0] % 10000000).padStart(7, '0');
    clearFieldErrors();
    render();
    inputEl.focus();
  });
  /** Messages the service sent on its own (local outbox), once each, per number. */
  var outboxOn = true;
  var outboxSeen = new Map();
  function pollOutbox() {
    var ph = phone();
    if (!outboxOn || !/^\+[1-9]\d{6,14}$/.test(ph)) return;
    fetch('/dev/outbox?to=' + encodeURIComponent(ph), { headers: { accept: 'application/json' } })
      .then(function (res) {
        if (res.status === 404) { outboxOn = false; return null; }
        return res.ok ? res.json() : null;
      })
      .then(function (json) {
        if (!json || !Array.isArray(json.messages)) return;
        var seen = outboxSeen.get(ph);
        if (!seen) { seen = new Set(); outboxSeen.set(ph, seen); }
        var shown = false;
        json.messages.forEach(function (m) {
          var id = m.at + '|' + m.channel + '|' + m.text;
          if (seen.has(id)) return;
          seen.add(id);
          var ch = m.channel === 'sms' ? 'sms' : 'whatsapp';
          var at = new Date(m.at);
          thread(key(ch, ph)).items.push({
            kind: 'bubble', from: 'service', text: String(m.text), outbox: true, picture: pictureOf(m.picture),
            time: isNaN(at.getTime()) ? now() : clock(at),
            template: m.template && typeof m.template.contentSid === 'string' ? m.template.contentSid : null,
          });
          if (ch === channel()) shown = true;
        });
        if (shown && ph === phone()) render();
      })
      .catch(function () { /* the next poll tries again */ });
  }
  setInterval(pollOutbox, 2000);
  render();
  pollOutbox();
})();
`;

const hash = (text: string): string => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
const CSP = [
  "default-src 'none'",
  `style-src ${hash(STYLE)}`,
  `script-src ${hash(SCRIPT)}`,
  "connect-src 'self'",
  // Pictures the service sends (WhatsApp triads) come from this server's /media/ route.
  "img-src 'self' data:",
  // The participant's own voice notes play from blob: URLs of the recording or the chosen file.
  'media-src blob:',
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch] ?? ch);
}

/** The whole simulator page. */
export function simulatorPage(opts: { serviceNumber: string }): string {
  const service = escapeHtml(opts.serviceNumber);
  return `<!doctype html>
<html lang="en" dir="ltr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(CSP)}">
<meta name="referrer" content="no-referrer">
<title>Stem participant simulator</title>
<link rel="icon" href="data:,">
<style>${STYLE}</style>
</head>
<body>
<main class="phone" id="frame" data-channel="whatsapp">
  <header>
    <div class="title-row">
      <h1>Stem simulator</h1>
      <fieldset class="channels">
        <legend>Channel</legend>
        <label><input type="radio" name="channel" value="sms" data-testid="channel-sms"><span>SMS</span></label>
        <label><input type="radio" name="channel" value="whatsapp" data-testid="channel-whatsapp" checked><span>WhatsApp</span></label>
      </fieldset>
    </div>
    <p class="service">Service number <bdi dir="ltr" data-testid="service-number">${service}</bdi> · <a href="/simulator/call" data-testid="call-link">📞 Phone call</a></p>
${PHONE_FIELD_HTML}
    <div class="profile">
      <label for="profile-name">WhatsApp profile name</label>
      <input id="profile-name" type="text" value="Simulator" autocomplete="off" spellcheck="false" maxlength="100" data-testid="profile-name">
    </div>
  </header>
  <nav class="tools" aria-label="Quick messages">
    <button type="button" data-quick="JOIN DEMO" data-testid="quick-join">JOIN DEMO</button>
    <button type="button" data-quick="HELP" data-testid="quick-help">HELP</button>
    <button type="button" data-quick="STOP" data-testid="quick-stop">STOP</button>
    <button type="button" data-quick="LANGUAGE" data-testid="quick-language">LANGUAGE</button>
    <button type="button" class="resend" id="resend" data-testid="resend" disabled
      title="Post the last message again with the same MessageSid, as Twilio does when it retries a webhook">↻ Resend last</button>
  </nav>
  <section class="thread" id="thread" data-testid="thread" role="log" aria-live="polite" aria-label="Conversation" aria-busy="false"></section>
  <div class="voicebar" id="voicebar" role="group" aria-label="Voice note">
    <button type="button" id="record" data-testid="record" title="Record a voice note from the microphone, as on WhatsApp">🎤 Voice note</button>
    <button type="button" id="stop-record" class="stop" data-testid="stop-record" hidden>■ Stop and send</button>
    <span class="rec" id="recording-time" data-testid="recording-time" role="status" aria-live="off"></span>
    <label class="upload" id="upload" title="Send an audio file (Ogg/Opus, MP3, M4A, WAV, AMR, WebM; at most 16 MB) as a voice note">
      <input type="file" id="audio-file" data-testid="audio-file" accept="audio/*" class="visually-hidden"><span aria-hidden="true">📎</span> Upload audio file
    </label>
  </div>
  <form class="composer" id="composer" autocomplete="off">
    <div class="field">
      <label for="message-input" class="visually-hidden">Message</label>
      <textarea id="message-input" data-testid="message-input" rows="1" dir="auto" placeholder="Message" enterkeyhint="send"></textarea>
    </div>
    <button type="submit" id="send" data-testid="send">Send</button>
  </form>
</main>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
