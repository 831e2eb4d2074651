import type { Said } from './call-answer.js';
import { el } from './common.js';

/** The phone-call simulator's log (#call-log): the service's prompts, what the caller did, and notes. */

/** What the caller did, in the log: its bubble and its delivery state. */
export interface You {
  bubble: HTMLElement;
  state: HTMLElement;
}

export type YouKind = 'key' | 'number' | 'speech' | 'record' | 'silence';

export interface CallLog {
  /** Shows one prompt; a recorded one gets its player (s.audio). */
  addSaid(s: Said): void;
  addYou(text: string, kind: YouKind): You;
  note(level: 'error' | 'info', text: string): void;
}

export function callLog(logEl: HTMLElement): CallLog {
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

  function addYou(text: string, kind: YouKind): You {
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

  return { addSaid, addYou, note };
}
