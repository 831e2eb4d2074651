import { normalizeText } from '../flows/normalize.js';
import { isWord, leadingWord, wordLanguages } from '../flows/vocabulary.js';
import { resolveLanguage } from './languages.js';

/** Commands recognised in any supported language before a message is read as an answer. */
export type Command =
  /** `languages`: those the stop word belongs to, so a stranger is answered in the language they used. */
  | { type: 'stop'; languages: readonly string[] }
  | { type: 'start' }
  | { type: 'help' }
  | { type: 'language'; code: string | null }
  | { type: 'join'; code: string }
  /** Erase my answers in this project (asks for a YES first); `languages` as for stop. */
  | { type: 'delete'; languages: readonly string[] }
  /** The questions as voice notes too (VOICE), or in writing only (TEXT): core/voice-notes. */
  | { type: 'voice-notes'; choice: 'voice' | 'text' };

const JOIN_CODE = /^[A-Z0-9]{3,12}$/;

/** A join code as typed ("demo", "De-Mo 1") in its stored form ("DEMO1"), or undefined if it cannot be one. */
export function toJoinCode(text: string): string | undefined {
  const code = normalizeText(text).replace(/[\s-]/g, '').toUpperCase();
  return JOIN_CODE.test(code) ? code : undefined;
}

/** Opening and closing quotation marks people type: straight, curly, low-9, guillemets (Arabic, Persian, French), corner brackets. */
const QUOTED = /^\s*["“”„‟«»‹›'‘’‚「」『』]\s*\S[\s\S]*?\s*["“”„‟«»‹›'‘’‚「」『』]\s*$/u;

/**
 * The whole message is in quotation marks ("Hulp", «اللغة»): a word meant as itself, not as a command. At an
 * open question that makes a command word the answer (plan/commands.ts); STOP in quotes still stops.
 */
export const isQuoted = (text: string): boolean => QUOTED.test(text);

/** A command word as the person typed it, without the spaces and punctuation around it ("Hulp!" → "Hulp"). */
export const typedWord = (text: string): string => text.replace(/^[\s\p{P}\p{S}]+|[\s\p{P}\p{S}]+$/gu, '');

export function detectCommand(text: string | undefined): Command | null {
  const n = normalizeText(text ?? '');
  if (n === '') return null;
  if (isWord('stop', n)) return { type: 'stop', languages: wordLanguages('stop', n) };
  if (isWord('start', n)) return { type: 'start' };
  if (isWord('help', n)) return { type: 'help' };
  if (isWord('delete', n)) return { type: 'delete', languages: wordLanguages('delete', n) };
  if (isWord('voice', n)) return { type: 'voice-notes', choice: 'voice' };
  if (isWord('text', n)) return { type: 'voice-notes', choice: 'text' };
  const language = leadingWord('language', n);
  if (language !== undefined) {
    const argument = n.slice(language.length).trim();
    if (argument === '') return { type: 'language', code: null };
    // "TAAL fr" changes language; "language classes would help" is an answer, not a command.
    const code = resolveLanguage(argument, []);
    if (code !== undefined) return { type: 'language', code };
  }
  const join = leadingWord('join', n);
  if (join !== undefined) {
    const code = toJoinCode(n.slice(join.length));
    if (code !== undefined) return { type: 'join', code };
  }
  return null;
}
