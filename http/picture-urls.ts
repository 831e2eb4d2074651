import { timingSafeEqual } from 'node:crypto';
import type { PictureRef } from '../core/model.js';
import type { Protector } from '../core/ports.js';

/**
 * URLs of generated pictures (the triad's numbered triangle), which Twilio and WhatsApp fetch without
 * credentials. Like the <Play> URLs of recorded prompts, each carries a keyed MAC of what it names, so
 * the picture route renders only pictures Stem itself sent: it is not an open renderer of any survey's
 * texts in any language. Kept apart from the route so that the webhook's bundle never pulls in the renderer.
 */
export const TRIAD_PICTURE_PATH = '/media/triad';

const mac = (protector: Protector, ref: PictureRef): string =>
  protector.ledgerKey(['triad-picture', ref.surveyId, String(ref.surveyVersion), ref.questionId, ref.language].join('|'));

/** `<base>/media/triad/<survey>/<version>/<question>/<language>.png?sig=<MAC>`. */
export function pictureUrl(protector: Protector, base: string, ref: PictureRef): string {
  const path = [ref.surveyId, String(ref.surveyVersion), ref.questionId, `${ref.language}.png`].map(encodeURIComponent).join('/');
  return `${base.replace(/\/+$/, '')}${TRIAD_PICTURE_PATH}/${path}?sig=${mac(protector, ref)}`;
}

const ID = /^[a-z][a-z0-9_]{0,39}$/;
const FILE = /^([a-z]{2,3})\.png$/;

/** The picture a URL's path parts and signature name, or null when they are malformed or the MAC does not match. */
export function pictureOfUrl(
  protector: Protector,
  parts: { surveyId: string; version: string; questionId: string; file: string },
  sig: string | undefined,
): PictureRef | null {
  const language = FILE.exec(parts.file)?.[1];
  if (!sig || !language || !ID.test(parts.surveyId) || !ID.test(parts.questionId) || !/^[1-9]\d{0,8}$/.test(parts.version)) return null;
  const ref: PictureRef = { kind: 'triad', surveyId: parts.surveyId, surveyVersion: Number(parts.version), questionId: parts.questionId, language };
  const expected = Buffer.from(mac(protector, ref));
  const given = Buffer.from(sig);
  return given.length === expected.length && timingSafeEqual(given, expected) ? ref : null;
}
