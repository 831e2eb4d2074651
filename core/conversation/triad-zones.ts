import type { Askable } from '../../flows/answers.js';
import type { LocalizedText } from '../../flows/definition.js';
import { TRIAD_ZONES, triadPlace } from '../../flows/triad.js';
import type { LanguageChain, Texts } from '../texts.js';

/**
 * What each of a triad's seven zones is, in the order they are numbered: a corner by its quality, the
 * centre, the others by the two qualities they lie between. Kept apart from render.ts so that the answers
 * to tap (taps.ts) name the zones as the text does, without the two importing each other.
 */
export function zoneLabels(q: Extract<Askable, { kind: 'triad' }>, chain: LanguageChain, texts: Texts, localize: (text: LocalizedText) => string): string[] {
  const corner = q.corners.map(localize);
  return TRIAD_ZONES.map((zone) => {
    const place = triadPlace(zone);
    if (place.kind === 'corner') return corner[place.corner] ?? '';
    if (place.kind === 'centre') return texts.t('triad.centre', chain);
    return texts.t('triad.between', chain, { a: corner[place.between[0]] ?? '', b: corner[place.between[1]] ?? '' });
  });
}
