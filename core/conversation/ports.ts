/** Ports of the conversation's own: what draws the picture sent with a triad question. */

/** What a triad picture is drawn from. */
export interface TriadPictureInput {
  /** The qualities of corners A, B and C, in the participant's language (up to ~40 characters each). */
  readonly corners: readonly [string, string, string];
  /** ISO 639-1 code, e.g. 'ar'; 'ar' and 'fa' are drawn right to left. */
  readonly language: string;
}

/**
 * The triad picture as PNG bytes. Throws `UnsupportedTextError` when a label has a character no bundled
 * font can draw (emoji, Chinese…): then the question goes without a picture, its numbered text list carries it.
 */
export type TriadPictureRenderer = (input: TriadPictureInput) => Promise<Uint8Array>;

/** A character (or several) no bundled face can draw: drawing it would show an empty box ("tofu"). */
export class UnsupportedTextError extends Error {
  override readonly name = 'UnsupportedTextError';
  readonly code = 'UNSUPPORTED_TEXT';
  /** Each unsupported character once, in order of appearance. */
  readonly characters: readonly string[];

  constructor(characters: readonly string[]) {
    super(`no bundled font can draw ${characters.map((c) => `${describe(c)}`).join(', ')}`);
    this.characters = characters;
  }
}

function describe(character: string): string {
  const cp = character.codePointAt(0) ?? 0;
  return `U+${cp.toString(16).toUpperCase().padStart(4, '0')} (${character})`;
}
