import type { Question } from './definition.js';
import { normalizeText, readInteger } from './normalize.js';
import { numberFromWord } from './number-words.js';
import { DYAD_POINTS, isTriadZone } from './triad.js';
import { isAnswerLabel, isWord } from './vocabulary.js';

/** The value stored for an answer: an option or word id, a number, or the participant's own text. */
export type AnswerValue = string | number;

/** A question as the engine asks it: a definition question, or the open probe after a statement. */
export type Askable = Question | { kind: 'open'; id: string; text: Question['text']; optional: true; maxLength?: number | undefined; probeOf: string };

export type ParsedAnswer = { kind: 'value'; value: AnswerValue } | { kind: 'skip' } | { kind: 'unreadable' } | { kind: 'voice' };

export interface RawInput {
  text?: string | undefined;
  /** WhatsApp quick-reply payload: `<value>` or `<questionId>:<value>`. */
  buttonPayload?: string | undefined;
  /** A voice note came instead of text: an answer to an open question, its transcript follows later. */
  voiceNote?: boolean | undefined;
  /** Nothing came before the phone's keypad timed out. */
  silent?: boolean | undefined;
}

export const STATEMENT_VALUES = ['true', 'not_true', 'dont_know'] as const;
export type StatementValue = (typeof STATEMENT_VALUES)[number];

const unreadable: ParsedAnswer = { kind: 'unreadable' };
const value = (v: AnswerValue): ParsedAnswer => ({ kind: 'value', value: v });

function numberIn(normalized: string): number | undefined {
  return readInteger(normalized) ?? numberFromWord(normalized);
}

/** Own words as they are kept: white space collapsed, nothing else changed. */
export const ownWords = (text: string): string => text.replace(/\s+/g, ' ').trim();

/**
 * Own words against an author's cap: the first `cap` characters, and the rest (empty when within it).
 * Cut by code points, not UTF-16 units, so an emoji is never split in half; nothing is dropped: `kept + rest`
 * is the text.
 */
export function splitAtCap(text: string, cap: number | undefined): { kept: string; rest: string } {
  if (cap === undefined || text.length <= cap) return { kept: text, rest: '' };
  const points = Array.from(text);
  return points.length <= cap ? { kept: text, rest: '' } : { kept: points.slice(0, cap).join(''), rest: points.slice(cap).join('') };
}

/**
 * Words worth keeping as a comment when they are no answer to a closed question: three words or more, or
 * one or two long ones (16 letters or more, e.g. "Verblijfsvergunning"). Shorter replies ("ok", 👍, "4" at
 * a true/false question, "geen idee") are a misunderstanding, not a remark: the question is asked again and
 * nothing is kept. A word counts when it holds a letter of any script; digits and emoji are no words.
 */
export function isRemark(text: string): boolean {
  const words = text.split(/\s+/).filter((w) => /\p{L}/u.test(w));
  const letters = Array.from(text.matchAll(/\p{L}/gu)).length;
  return words.length >= 3 || letters >= 16;
}

/** Questions answered in the participant's own words, typed or spoken (a voice note). */
export function takesOwnWords(question: Askable): question is Extract<Askable, { kind: 'open' | 'story' }> {
  return question.kind === 'open' || question.kind === 'story';
}

/** Does the normalized reply name this text (in any of its languages)? */
const names = (text: Question['text'], normalized: string): boolean => Object.values(text).some((t) => normalizeText(t) === normalized);

/** Choose among fixed answers by position (1-based), by id, or by one of the localized words. */
function pick<T extends string>(normalized: string, options: readonly T[], words: (o: T) => boolean): T | undefined {
  const n = numberIn(normalized);
  if (n !== undefined) return options[n - 1];
  return options.find((o) => o === normalized) ?? options.find(words);
}

/** The fixed answers of consent, choice and statement questions (their stored values); empty for the others. */
export function allowedValues(question: Askable): readonly string[] {
  switch (question.kind) {
    case 'consent':
      return ['yes', 'no'];
    case 'statement':
      return STATEMENT_VALUES;
    case 'choice':
      return question.options.map((o) => o.value);
    default:
      return [];
  }
}

/**
 * Read an answer to `question`. Pure: the same input always gives the same result, and every input
 * gives one of value / skip / unreadable.
 */
export function parseAnswer(question: Askable, input: RawInput): ParsedAnswer {
  if (input.voiceNote) return takesOwnWords(question) ? { kind: 'voice' } : unreadable;
  const raw = (input.text ?? '').trim();
  const payload = input.buttonPayload?.trim();
  const fromButton = payload ? (payload.startsWith(`${question.id}:`) ? payload.slice(question.id.length + 1) : payload) : undefined;
  const normalized = normalizeText(fromButton ?? raw);

  if (question.optional && isWord('skip', normalized)) return { kind: 'skip' };
  // A button sends our own value id ("home_visit"): take it as is, before normalization would alter it.
  if (fromButton !== undefined && !takesOwnWords(question)) {
    const exact = allowedValues(question).find((v) => v === fromButton);
    if (exact !== undefined) return value(exact);
  }
  if (normalized === '' && !takesOwnWords(question)) return unreadable;

  switch (question.kind) {
    case 'consent': {
      const v = pick(normalized, ['yes', 'no'] as const, (o) => isWord(o, normalized) || isAnswerLabel(o, normalized));
      return v ? value(v) : unreadable;
    }
    case 'statement': {
      const v = pick(normalized, STATEMENT_VALUES, (o) => isWord(o, normalized) || isAnswerLabel(o, normalized));
      return v ? value(v) : unreadable;
    }
    case 'choice': {
      const values = question.options.map((o) => o.value);
      const v = pick(normalized, values, (o) => {
        const option = question.options.find((x) => x.value === o);
        return option ? names(option.label, normalized) : false;
      });
      return v ? value(v) : unreadable;
    }
    case 'scale': {
      const n = numberIn(normalized);
      return n !== undefined && n >= 1 && n <= question.points ? value(n) : unreadable;
    }
    case 'number': {
      const n = numberIn(normalized);
      return n !== undefined && n >= question.min && n <= question.max ? value(n) : unreadable;
    }
    case 'dyad': {
      // By position (1–5, keypad, keycap emoji, number words), or by naming a pole.
      const n = numberIn(normalized);
      if (n !== undefined) return n >= 1 && n <= DYAD_POINTS ? value(n) : unreadable;
      if (names(question.left, normalized)) return value(1);
      if (names(question.right, normalized)) return value(DYAD_POINTS);
      return unreadable;
    }
    case 'triad': {
      // By zone number (1–7, keypad, keycap emoji, number words), or by naming a corner.
      const n = numberIn(normalized);
      if (n !== undefined) return isTriadZone(n) ? value(n) : unreadable;
      const corner = question.corners.findIndex((c) => names(c, normalized));
      return corner >= 0 ? value(corner + 1) : unreadable;
    }
    case 'open':
    case 'story': {
      // The participant's own words are kept as given (not normalized) and whole: an author's cap
      // (`maxLength`) is applied where the answer is stored, which keeps the rest (splitAtCap).
      const text = ownWords(fromButton ?? raw);
      return text === '' ? unreadable : value(text);
    }
  }
}
