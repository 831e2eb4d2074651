import { createHash } from 'node:crypto';
import { escapeHtml } from './page.js';
import { inlineScript, PHONE_FIELD_HTML } from './page-parts.js';

/**
 * The phone-call simulator: one self-contained page (inline CSS, and inline the script client/call.ts
 * as client-bundle.ts bundles it; it fetches nothing but /simulator/api/call) that looks like a phone in
 * a call to the service number. The server plays Twilio (it signs each turn for our voice webhook and
 * turns the TwiML into JSON); this page plays the caller:
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

const hash = (text: string): string => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
const STYLE_HASH = hash(STYLE);
/** `promptOrigin`: where recorded prompts (<Play>) are fetched, the service's public URL. */
const csp = (script: string, promptOrigin: string): string =>
  [
    "default-src 'none'",
    `style-src ${STYLE_HASH}`,
    `script-src ${hash(script)}`,
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

/** The whole phone-call simulator page; `script` is client/call.ts bundled (client-bundle.ts's `simulatorScripts`). */
export function callSimulatorPage(opts: { serviceNumber: string; promptOrigin: string; script: string }): string {
  const service = escapeHtml(opts.serviceNumber);
  const script = inlineScript(opts.script);
  // An origin is scheme://host[:port]: nothing that could end the directive or the attribute.
  const promptOrigin = /^https?:\/\/[A-Za-z0-9.-]+(:\d+)?$/.test(opts.promptOrigin) ? opts.promptOrigin : '';
  return `<!doctype html>
<html lang="en" dir="ltr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp(script, promptOrigin))}">
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
<script>${script}</script>
</body>
</html>
`;
}
