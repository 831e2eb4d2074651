import { createHash } from 'node:crypto';
import { inlineScript, PHONE_FIELD_HTML } from './page-parts.js';

/**
 * The participant simulator: one self-contained page (inline CSS, and inline the script client/chat.ts
 * as client-bundle.ts bundles it; nothing fetched but /simulator/api/send, the outbox and the pictures
 * the service sends) that looks like a phone chat over SMS or WhatsApp. Threads are kept per
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
 * incoming bubbles, in the thread of the channel they went out on. A 404 there turns polling off. What
 * the service sent there by "REST" while answering (answers to tap, the voice note before them) comes
 * back with the answer to each message too, before the TwiML replies; each outbox message shows once.
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
 *
 * Spoken questions: a WhatsApp question's voice note is a service bubble of its own (data-voice="true")
 * holding an <audio controls> (voice-note) of the signed URL's path on this server (media-src 'self').
 *
 * Answers to tap (WhatsApp, local outbox): a question sent by "REST" (the local TapMessenger) comes with
 * its buttons or list under its bubble (taps, data-kind="buttons" | "list", dir and lang of the labels):
 * tap-button, or tap-list-open (aria-expanded) opening tap-list of tap-item, each with data-tap-id.
 * A tap posts the title as the text with the tap (MessageType button / interactive, as Twilio does); the
 * participant's bubble has data-tapped="button" | "list".
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
.thread { position: relative; flex: 1 1 auto; min-height: 0; overflow-y: auto; padding: 10px 8px 14px; display: flex; flex-direction: column; gap: 6px; }
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
.taps { align-self: stretch; display: grid; gap: 4px; margin-top: 4px; min-width: 14rem; }
.taps button.tap {
  display: block; width: 100%; min-height: 40px; border-radius: 8px; padding: 6px 10px; font-size: 1rem; font-weight: 600;
  background: #fff; color: #005c4b; border: 1px solid #c4c9cc; box-shadow: 0 1px 0.5px rgb(11 20 26 / 13%); text-align: center;
}
.tap-list { list-style: none; margin: 0; padding: 0; display: grid; gap: 4px; }
.tap-list button.tap { text-align: start; }
.tap-description { display: block; font-weight: 400; font-size: 0.85rem; color: #3b4a54; }
.meta .tapped { color: #0b5a4b; font-weight: 600; }
[hidden] { display: none !important; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
`;

const hash = (text: string): string => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
const STYLE_HASH = hash(STYLE);
/** The page's policy: its one style and its one script, by their hashes, and nothing else inline. */
const csp = (script: string): string =>
  [
    "default-src 'none'",
    `style-src ${STYLE_HASH}`,
    `script-src ${hash(script)}`,
    "connect-src 'self'",
    // Pictures the service sends (WhatsApp triads) come from this server's /media/ route.
    "img-src 'self' data:",
    // The participant's own voice notes play from blob: URLs of the recording or the chosen file; the
    // service's spoken questions from this server's /media/voice/ route.
    "media-src 'self' blob:",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch] ?? ch);
}

/** The whole simulator page; `script` is client/chat.ts bundled (client-bundle.ts's `simulatorScripts`). */
export function simulatorPage(opts: { serviceNumber: string; script: string }): string {
  const service = escapeHtml(opts.serviceNumber);
  const script = inlineScript(opts.script);
  return `<!doctype html>
<html lang="en" dir="ltr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp(script))}">
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
<script>${script}</script>
</body>
</html>
`;
}
