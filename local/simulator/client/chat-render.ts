import { renderTaps } from './chat-taps.js';
import { type Channel, type Item, shortSid, type Tap, type Thread } from './chat-thread.js';
import { el } from './common.js';

/** The participant simulator's thread on screen: its messages, notes and "typing" line. */

/** One message or note. A bubble keeps its picture's, voice note's and answers' elements across renders. */
export function renderItem(item: Item, onTap: (tap: Tap) => void): HTMLElement {
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
      'data-tapped': item.tapped ?? null,
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
    const own = item.from === 'participant';
    item.audioEl ??= el('audio', {
      controls: '',
      preload: 'metadata',
      src: item.audioUrl,
      'data-testid': own ? 'voice-audio' : 'voice-note',
      'aria-label': own ? 'Play your voice note' : 'Play the question, spoken',
    });
    bubble.appendChild(item.audioEl);
  }
  row.appendChild(bubble);
  if (item.taps) {
    // Kept across renders: an open list stays open, and focus can be given back (renderThread).
    item.tapsEl ??= renderTaps(item.taps, onTap);
    row.appendChild(item.tapsEl);
  }
  const meta = el('div', { class: 'meta' });
  meta.appendChild(el('span', { class: 'visually-hidden' }, `${label}, `));
  if (item.tapped) meta.appendChild(el('span', { class: 'tapped' }, item.tapped === 'button' ? 'tapped a button · ' : 'picked from the list · '));
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

/** Where a thread is shown (../page.ts): the phone's frame, the thread, and "Resend last". */
export interface ThreadElements {
  frame: HTMLElement;
  threadEl: HTMLElement;
  resendEl: HTMLButtonElement;
}

/** Shows thread t, of channel ch with phone ph; a tap there is sent as `onTap(ch, ph, tap)`. */
export function renderThread(
  { frame, threadEl, resendEl }: ThreadElements,
  t: Thread,
  ch: Channel,
  ph: string,
  onTap: (ch: Channel, ph: string, tap: Tap) => void,
): void {
  frame.setAttribute('data-channel', ch);
  // A button of the thread that had focus (one just tapped) gets it back if it is shown again.
  const focused = document.activeElement instanceof HTMLElement && threadEl.contains(document.activeElement) ? document.activeElement : null;
  threadEl.replaceChildren();
  if (t.items.length === 0) {
    threadEl.appendChild(el('p', { class: 'empty' }, `No messages yet with ${ph || '(no number)'}. Send "JOIN DEMO" to start the demo survey.`));
  }
  for (const item of t.items) threadEl.appendChild(renderItem(item, (tap) => onTap(ch, ph, tap)));
  if (t.pending > 0) threadEl.appendChild(el('div', { class: 'typing', 'data-testid': 'typing' }, 'Service is typing…'));
  threadEl.setAttribute('aria-busy', t.pending > 0 ? 'true' : 'false');
  resendEl.disabled = !t.last || !t.last.messageSid;
  threadEl.scrollTop = threadEl.scrollHeight;
  if (focused?.isConnected) focused.focus({ preventScroll: true });
}
