import type { Listen, Said } from './call-answer.js';

/**
 * The phone-call simulator's state: the call in progress and what the page shows of it. One CallState is
 * made by call.ts and handed to whatever reads or changes it.
 */

export interface Call {
  sid: string | null;
  phone: string;
  listen: Listen | null;
  busy: boolean;
  ended: boolean;
}

/** A call that listens now (not ended, no turn on its way), and what it listens for. */
export interface Live {
  call: Call;
  listen: Listen;
}

export interface CallState {
  /** The call in progress, or null. */
  call: Call | null;
  /** Calls are numbered in the log. */
  calls: number;
  /** The keys pressed so far for the current <Gather>. */
  typed: string;
  /** What "Replay" says again. */
  lastSays: Said[];
  hungUp: boolean;
}

export function newCallState(): CallState {
  return { call: null, calls: 0, typed: '', lastSays: [], hungUp: false };
}

export function live(state: CallState): Live | null {
  const { call } = state;
  return call && !call.ended && !call.busy && call.listen ? { call, listen: call.listen } : null;
}

export function listening(state: CallState): Listen['kind'] | null {
  return live(state)?.listen.kind ?? null;
}

/** The status line, for this state and whether a recording is going on. */
export function statusText(state: CallState, recording: boolean): string {
  const { call } = state;
  if (recording) return 'Recording… press Stop (or #) when you are done';
  if (!call) return state.hungUp ? 'Call ended' : 'Press 📞 Call to ring the service number';
  if (call.busy) return call.sid ? 'The service is listening…' : 'Ringing…';
  if (call.ended) return 'Call ended';
  const l = call.listen;
  if (!l) return '';
  if (l.kind === 'keys') return l.speechLanguage ? 'Press a key (or say your answer)' : 'Press a key';
  if (l.kind === 'number') return 'Type a number, then #';
  if (l.kind === 'record') return 'Record your answer, then Stop';
  return 'Call ended';
}
