import { isSupportedLanguage, localeMeta } from '../../locales/index.js';
import type { LanguageChain } from '../texts.js';

/**
 * Direction marks for the lines Stem builds out of numbers, faces and labels ("1 😞   2 🙁 …", "1. صحيح",
 * "1 = وحيد") in a right-to-left message (Arabic, Persian).
 *
 * Why: such a line starts with a digit (a weak character) and the scale line holds no letter at all, so its
 * direction comes from around it. Where a phone lays the message out left to right as one paragraph (a
 * notification preview, a list of chats, an app that ignores line breaks for direction), the digits after
 * Arabic text become Arabic numbers and the run breaks at the last face: `5 🙂 4 😐 3 🙁 2 😞 1 😄`, each
 * face beside the wrong number (tests/e2e/bidi-scale.test.ts shows it in Chromium).
 *
 * What: a RIGHT-TO-LEFT MARK (U+200F) starts each such line, and ends it when its last character is not a
 * right-to-left letter. The line then reads right to left whatever surrounds it: `1 😞` pairs with
 * `2 🙁` … from the right, as the Arabic text does.
 *
 * Why RLM and not the isolates (RLI/FSI … PDI, Unicode 6.3): the marks are understood by every bidi
 * implementation in use, while isolates are not: Android's own BidiFormatter still "isolates" with LRM/RLM
 * because of that (developer.android.com, android.text.BidiFormatter), and a phone that does not know an
 * isolate may draw it as a box. Around a whole line (nothing else on it) the marks do what an isolate would.
 *
 * Cost: the marks are not GSM-7. They go only into messages that already hold right-to-left letters (so are
 * UCS-2 already), never into a Latin-script text: a Dutch message stays GSM-7.
 */

export const RLM = '\u200F';

/** Letters of the right-to-left scripts Stem's languages use (Arabic script: Arabic, Persian). */
const RTL_LETTER = /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}]/u;
const ENDS_RTL_LETTER = /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}]\p{M}*$/u;

/** The texts of `chain` are written right to left (its first supported language, as Texts picks it). */
export function isRtlChain(chain: LanguageChain): boolean {
  const language = chain.find(isSupportedLanguage);
  return language !== undefined && localeMeta[language].dir === 'rtl';
}

/** Does `text` hold a right-to-left letter (and so is UCS-2 in an SMS already)? */
export const hasRtlLetter = (text: string): boolean => RTL_LETTER.test(text);

/** One built line, made to read right to left: a mark first, and one last unless it ends on an RTL letter. */
export function rtlLine(line: string): string {
  if (line === '') return line;
  return `${RLM}${line}${ENDS_RTL_LETTER.test(line) ? '' : RLM}`;
}

/** Each line of a block (e.g. a dyad's "1 = … / 5 = … / 2, 3, 4 = …") made to read right to left. */
export const rtlLines = (block: string): string => block.split('\n').map(rtlLine).join('\n');
