import type { Tap, TapOption, Taps } from './chat-thread.js';
import { el } from './common.js';

/**
 * The service's answers to tap, under its message, as WhatsApp shows them: up to three buttons, or a
 * button that opens the list. Real <button>s: each named by its title (a list item also by its
 * description), reachable with Tab, pressed with Enter or Space; the list opens as a disclosure
 * (aria-expanded), moves focus to its first item, walks with the arrow keys, and closes with Escape
 * back onto its button (as does a pick). Laid out in the direction of the labels' language (Arabic and Persian right to
 * left). A tap sends at once (WhatsApp sends a list item when it is picked too); the buttons stay, as in
 * WhatsApp, where a tap on an earlier question's buttons is answered by the service.
 */

const RTL = new Set(['ar', 'fa', 'he', 'ur', 'ps', 'ckb', 'dv', 'yi']);
const dirOf = (language: string): 'rtl' | 'ltr' => (RTL.has(language.split('-')[0] ?? '') ? 'rtl' : 'ltr');

let lists = 0;

function optionButton(option: TapOption, kind: Tap['kind'], onTap: (tap: Tap) => void): HTMLButtonElement {
  const b = el('button', { type: 'button', class: 'tap', 'data-testid': kind === 'button' ? 'tap-button' : 'tap-item', 'data-tap-id': option.id });
  b.appendChild(el('span', { class: 'tap-title' }, option.title));
  if (option.description) b.appendChild(el('span', { class: 'tap-description' }, option.description));
  b.addEventListener('click', () => onTap({ kind, id: option.id, title: option.title }));
  return b;
}

/** The buttons or the list of one message; `onTap` sends the tap from the thread the message is in. */
export function renderTaps(taps: Taps, onTap: (tap: Tap) => void): HTMLElement {
  const dir = dirOf(taps.language);
  const lang = taps.language || null;
  if (taps.kind === 'buttons') {
    const group = el('div', { class: 'taps', role: 'group', 'aria-label': 'Answers to tap', 'data-testid': 'taps', 'data-kind': 'buttons', dir, lang });
    for (const option of taps.options) group.appendChild(optionButton(option, 'button', onTap));
    return group;
  }
  const id = `tap-list-${++lists}`;
  const box = el('div', { class: 'taps', 'data-testid': 'taps', 'data-kind': 'list', dir, lang });
  const open = el('button', { type: 'button', class: 'tap list-open', 'data-testid': 'tap-list-open', 'aria-expanded': 'false', 'aria-controls': id });
  open.appendChild(el('span', { 'aria-hidden': 'true' }, '☰ '));
  open.appendChild(el('span', null, taps.button));
  const list = el('ul', { id, class: 'tap-list', 'data-testid': 'tap-list', 'aria-label': taps.button, hidden: '' });
  const show = (expanded: boolean): void => {
    open.setAttribute('aria-expanded', String(expanded));
    list.hidden = !expanded;
  };
  // Picked: the list closes (WhatsApp's sheet does), and focus goes back to its button.
  const pick = (tap: Tap): void => {
    show(false);
    open.focus();
    onTap(tap);
  };
  const items = taps.options.map((option) => optionButton(option, 'list', pick));
  for (const item of items) list.appendChild(el('li')).appendChild(item);
  open.addEventListener('click', () => {
    const expanded = list.hidden;
    show(expanded);
    if (!expanded) return;
    // The thread scrolls: the whole list in sight, then the first item to go on from.
    list.scrollIntoView({ block: 'nearest' });
    items[0]?.focus({ preventScroll: true });
  });
  list.addEventListener('keydown', (e) => {
    const at = items.findIndex((b) => b === document.activeElement);
    if (e.key === 'Escape') {
      e.preventDefault();
      show(false);
      open.focus();
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const step = e.key === 'ArrowDown' ? 1 : -1;
      items[(at + step + items.length) % items.length]?.focus();
    }
  });
  box.append(open, list);
  return box;
}
