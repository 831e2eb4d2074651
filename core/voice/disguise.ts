import type { Protector } from '../ports.js';

/**
 * How a voice is disguised before a person hears it. Pitch and formants move together (as a voice
 * played faster, then stretched back to its length): the words stay, the timbre that makes a voice
 * recognisable does not. The shift goes towards and past the middle of adult voices: a low voice up,
 * a high voice down, so the listener cannot even tell which one it was. Its size differs per voice
 * answer (4 to 6 semitones, from a keyed hash of the job), so a listener who learns one shift cannot
 * undo the next one by ear.
 *
 * A deterrent, not a guarantee: a trained ear may still know an accent, words and turns of phrase stay
 * (redaction handles what is said, not how).
 */

/** Below this median fundamental frequency a voice is shifted up, at or above it down (adult voices meet around here). */
export const MIDDLE_F0_HZ = 165;
export const MIN_SHIFT_SEMITONES = 4;
export const MAX_SHIFT_SEMITONES = 6;

/** The shift in semitones (signed) for a voice whose median F0 is `f0Hz` (null: none found), `variant` in [0, 1). */
export function disguiseShift(f0Hz: number | null, variant: number): number {
  const size = MIN_SHIFT_SEMITONES + (MAX_SHIFT_SEMITONES - MIN_SHIFT_SEMITONES) * Math.min(Math.max(variant, 0), 1);
  return f0Hz !== null && f0Hz >= MIDDLE_F0_HZ ? -size : size;
}

/** The frequency ratio of a shift in semitones. */
export const pitchRatio = (semitones: number): number => 2 ** (semitones / 12);

/** A number in [0, 1), the same for every listen of one voice answer and unguessable without the key. */
export function disguiseVariant(protector: Protector, jobId: string): number {
  // The first 8 base64url characters of the keyed hash: 48 bits.
  const digits = protector.ledgerKey(`voice-disguise|${jobId}`).slice(0, 8);
  let value = 0;
  for (const ch of digits) value = value * 64 + Math.max(0, BASE64URL.indexOf(ch));
  return value / 64 ** digits.length;
}

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** The recording cannot be disguised here (unsupported or unreadable): it is then not played at all. */
export class VoiceDisguiseError extends Error {
  readonly code = 'VOICE_DISGUISE';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'VoiceDisguiseError';
  }
}
