import { describe, expect, it } from 'vitest';
import { readByPoint, readByZone } from '../../web/dashboard/answers/read-by-zone.js';
import { uiFor } from '../../web/dashboard/page/context.js';

/** The zone links under a ternary plot: only zones whose count the summary shows, each to its stories. */
describe('read by zone', () => {
  const ui = uiFor('en', new URL('http://localhost/dashboard'), 'Europe/Brussels');
  const hidden = { suppressed: true } as const;

  it('links the zones the summary shows, never a hidden or empty one', () => {
    const html = String(
      readByZone(ui, 'de-brug', 'brug-start', 'difference', ['the staff', 'people close to me', 'myself'], {
        1: 6,
        2: hidden,
        3: 0,
        4: hidden,
        5: 0,
        6: 0,
        7: hidden,
      }),
    );
    expect([...html.matchAll(/data-zone="(\d)"/g)].map((m) => m[1])).toEqual(['1']);
    expect(html).toContain('href="/dashboard/projects/de-brug/rounds/brug-start/answers?zone=difference%3A1#answers"');
    expect(html).toContain('Zone 1: the staff');
  });

  it('says nothing when every zone is hidden', () => {
    expect(readByZone(ui, 'p', 'r', 't', ['a', 'b', 'c'], { 1: hidden, 2: hidden, 3: hidden, 4: hidden, 5: hidden, 6: hidden, 7: hidden })).toBe('');
  });
});

describe('read by point', () => {
  const ui = uiFor('fr', new URL('http://localhost/dashboard'), 'Europe/Brussels');
  it('links the dyad bars the summary shows, each to its point', () => {
    const html = String(
      readByPoint(ui, 'p', 'r', { questionId: 'felt', text: 'Ressenti' }, { 1: { suppressed: true }, 2: 7, 3: 0, 4: 12, 5: { suppressed: true } }),
    );
    expect([...html.matchAll(/data-point="(\d)"/g)].map((m) => m[1])).toEqual(['2', '4']);
    expect(html).toContain('href="/dashboard/projects/p/rounds/r/answers?dyad=felt&amp;from=4&amp;to=4#answers"');
    expect(html).toContain('Ressenti : de 4 à 4');
  });
});
