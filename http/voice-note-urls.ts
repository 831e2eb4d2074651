import { timingSafeEqual } from 'node:crypto';
import type { Protector } from '../core/ports.js';
import type { SpeechRef } from '../core/voice-notes/speech.js';

/**
 * URLs of question voice notes, which Twilio fetches without credentials when it sends a WhatsApp reply.
 * Each names what to say and until when it may be fetched, with a keyed MAC of both: the route makes and
 * serves only notes Stem itself sent, and only for a while (Twilio fetches a reply's media as it sends it).
 * A retried webhook gets its reply again with a fresh URL. Kept apart from the route, like picture-urls.ts.
 */
export const VOICE_NOTE_PATH = '/media/voice';
/** How long a voice note's URL may be fetched. */
export const VOICE_NOTE_URL_SECONDS = 60 * 60;

const mac = (protector: Protector, ref: SpeechRef, expires: number): string =>
  protector.ledgerKey(['voice-note', ref.organisationId, ref.surveyId, String(ref.surveyVersion), ref.questionId, ref.language, String(expires)].join('|'));

/** `<base>/media/voice/<organisation>/<survey>/<version>/<question>/<language>.ogg?exp=<epoch seconds>&sig=<MAC>`. */
export function voiceNoteUrl(protector: Protector, base: string, ref: SpeechRef, now: Date): string {
  const expires = Math.floor(now.getTime() / 1000) + VOICE_NOTE_URL_SECONDS;
  const path = [ref.organisationId, ref.surveyId, String(ref.surveyVersion), ref.questionId, `${ref.language}.ogg`].map(encodeURIComponent).join('/');
  return `${base.replace(/\/+$/, '')}${VOICE_NOTE_PATH}/${path}?exp=${expires}&sig=${mac(protector, ref, expires)}`;
}

/** Ids as Stem makes them (organisations, surveys, questions and their probes `<id>.probe`). */
const ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const FILE = /^([a-z]{2,3})\.ogg$/;

export type VoiceNoteUrlCheck = { ok: true; ref: SpeechRef } | { ok: false; reason: 'malformed' | 'bad-signature' | 'expired' };

/** What a voice note's URL names, once its parts, signature and expiry check out. */
export function voiceNoteOfUrl(
  protector: Protector,
  parts: { organisationId: string; surveyId: string; version: string; questionId: string; file: string },
  query: { exp: string | undefined; sig: string | undefined },
  now: Date,
): VoiceNoteUrlCheck {
  const language = FILE.exec(parts.file)?.[1];
  const { organisationId, surveyId, questionId } = parts;
  if (!query.sig || !query.exp || !/^[1-9]\d{0,11}$/.test(query.exp) || !language) return { ok: false, reason: 'malformed' };
  if (![organisationId, surveyId, questionId].every((id) => ID.test(id)) || !/^[1-9]\d{0,8}$/.test(parts.version)) return { ok: false, reason: 'malformed' };
  const ref: SpeechRef = { organisationId, surveyId, surveyVersion: Number(parts.version), questionId, language };
  const expires = Number(query.exp);
  const expected = Buffer.from(mac(protector, ref, expires));
  const given = Buffer.from(query.sig);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'bad-signature' };
  // Checked after the MAC: an expiry moved forward is a bad signature, not a late one.
  if (expires <= Math.floor(now.getTime() / 1000)) return { ok: false, reason: 'expired' };
  return { ok: true, ref };
}
