import { type CallState, listening, live, statusText } from './call-state.js';

/** The phone-call simulator's controls: which are shown and enabled for the state, and where the focus goes. */

/** The page's controls (../call-page.ts). */
export interface CallControls {
  phoneEl: HTMLInputElement;
  newParticipantEl: HTMLButtonElement;
  logEl: HTMLElement;
  statusEl: HTMLElement;
  endedEl: HTMLElement;
  startEl: HTMLButtonElement;
  hangupEl: HTMLButtonElement;
  digitsEl: HTMLOutputElement;
  recordEl: HTMLButtonElement;
  stopEl: HTMLButtonElement;
  silenceEl: HTMLButtonElement;
  replayEl: HTMLButtonElement;
  speechForm: HTMLFormElement;
  speechEl: HTMLInputElement;
  speechLabel: HTMLLabelElement;
  speechSendEl: HTMLButtonElement;
  keys: HTMLButtonElement[];
}

export interface CallView {
  /** Shows the state: the controls, the typed digits, the status line. */
  update(): void;
  /** Where the focus goes when the control that had it is gone or disabled. */
  refocus(): void;
}

/** The view of state; recording() tells whether a recording is going on. */
export function callView(c: CallControls, state: CallState, recording: () => boolean): CallView {
  function update(): void {
    const { call, typed, hungUp } = state;
    const rec = recording();
    const listen = live(state)?.listen ?? null;
    const kind = listen?.kind ?? null;
    const inCall = call !== null && !call.ended;
    c.startEl.hidden = inCall;
    c.startEl.disabled = inCall;
    c.hangupEl.hidden = !inCall;
    c.phoneEl.readOnly = inCall;
    c.newParticipantEl.disabled = inCall;
    const keypadOn = kind === 'keys' || kind === 'number' || kind === 'record';
    for (const k of c.keys) k.disabled = !keypadOn;
    // Record/Stop only where a <Record> listens: the row stays one line on a narrow phone.
    c.recordEl.hidden = rec || kind !== 'record';
    c.stopEl.hidden = !rec;
    c.recordEl.disabled = kind !== 'record';
    c.silenceEl.disabled = !listen?.silence || rec;
    c.replayEl.disabled = state.lastSays.length === 0 || !call || rec;
    const speech = (kind === 'keys' || kind === 'number') && listen ? listen.speechLanguage : null;
    c.speechForm.hidden = !speech;
    if (speech) {
      c.speechEl.setAttribute('lang', speech);
      c.speechLabel.textContent = `🗣 Or say it (${speech})`;
      c.speechEl.setAttribute('title', `Type the words, as speech recognition in ${speech} would hear them`);
    }
    c.speechEl.disabled = !speech;
    c.speechSendEl.disabled = !speech;
    const showDigits = kind === 'number' || (kind === 'keys' && (listen?.numDigits || 1) > 1) || typed !== '';
    c.digitsEl.hidden = !showDigits;
    c.digitsEl.textContent = typed;
    c.logEl.setAttribute('aria-busy', call?.busy ? 'true' : 'false');
    const ended = call ? call.ended : hungUp;
    c.endedEl.hidden = !ended;
    c.endedEl.textContent = hungUp ? 'Call ended — you hung up' : 'Call ended';
    c.statusEl.textContent = statusText(state, rec);
  }

  function refocus(): void {
    const active = document.activeElement;
    const stale = active === c.phoneEl || active === c.newParticipantEl;
    const usable =
      active instanceof HTMLElement && active !== document.body && !('disabled' in active && active.disabled) && !active.hidden && active.offsetParent !== null;
    if (!stale && usable) return;
    const kind = listening(state);
    const { call } = state;
    const target = kind === 'record' ? c.recordEl : kind === 'keys' || kind === 'number' ? c.keys[0] : !call || call.ended ? c.startEl : null;
    if (target && !target.disabled && !target.hidden) target.focus();
  }

  return { update, refocus };
}
