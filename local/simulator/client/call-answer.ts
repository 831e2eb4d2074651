import { fieldsOf, issuesOf, listOf, stringOrNull } from './common.js';

/**
 * The phone-call simulator's reading of the server's answers (../call-routes.ts: `twimlCall`): what was
 * said, and what the TwiML listens for next. Pure: JSON in, typed values out.
 */

/** What the last TwiML listens for (call-routes.ts's `Listen`). */
export interface Listen {
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
export interface Said {
  text: string;
  language: string | null;
  voice: string | null;
  play: string | null;
  audio?: HTMLAudioElement;
}

/** A turn's answer: the CallSid, what was said, and what is listened for next. */
export interface Turn {
  callSid: string | null;
  says: Said[];
  listen: Listen;
}

const LISTEN_KINDS: ReadonlyArray<Listen['kind']> = ['keys', 'number', 'record', 'end'];

export function readListen(value: unknown): Listen | null {
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

export function readSaid(value: unknown): Said {
  const f = fieldsOf(value);
  return { text: typeof f.text === 'string' ? f.text : '', language: stringOrNull(f.language), voice: stringOrNull(f.voice), play: stringOrNull(f.play) };
}

/** A turn's answer; null for anything else (a problem). */
export function readTurn(json: unknown): Turn | null {
  const body = fieldsOf(json);
  const says = listOf(body.says);
  const listen = readListen(body.listen);
  if (!json || !says || !listen) return null;
  return { callSid: stringOrNull(body.callSid), says: says.map(readSaid), listen };
}

/** The note for a turn the server did not take: its field errors, or its problem's title and detail. */
export function describeProblem(status: number, body: Record<string, unknown>): string {
  const head = `Not sent (HTTP ${status})`;
  const errors = issuesOf(body.errors);
  if (errors.length > 0) return `${head}. ${errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`;
  const title = body.title || body.detail ? [body.title, body.detail].filter(Boolean).join(': ') : 'unexpected answer';
  return `${head}: ${title}`;
}
