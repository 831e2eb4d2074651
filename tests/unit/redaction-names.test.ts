import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { allLocales } from '@faker-js/faker';
import { describe, expect, it } from 'vitest';

import { decodeNames, encodeNames, GIVEN_NAME_SCRIPTS, isGivenName } from '../../core/privacy/redact-given-names.js';
import { isCommonWord, isWordName } from '../../core/privacy/redact-name-words.js';
import { keyOf } from '../../core/privacy/redact-text.js';
import * as z from '../../kernel/zod.js';

/**
 * The given-name list the redactor ships (core/privacy/given-names/given-names.json) is made from maintained
 * lists, @faker-js/faker's first names per locale (MIT), and a hand-written supplement for the people those
 * lists miss (core/privacy/given-names/supplement.json). This test rebuilds it and compares;
 * `UPDATE=1 npx vitest run tests/unit/redaction-names.test.ts` rewrites it (after a faker upgrade or an
 * edit of the supplement), and a reviewer reads the diff.
 */

const DIR = join(import.meta.dirname, '../../core/privacy/given-names');
const SHIPPED = join(DIR, 'given-names.json');

type Script = (typeof GIVEN_NAME_SCRIPTS)[number];
const Supplement = z.strictObject({
  about: z.string(),
  latin: z.array(z.string()),
  arabic: z.array(z.string()),
  cyrillic: z.array(z.string()),
  ethiopic: z.array(z.string()),
});

/** Which faker locales feed which script, and why. */
const SOURCES: ReadonlyArray<{ locale: string; script: Script; why: string }> = [
  { locale: 'fr_BE', script: 'latin', why: 'names given in Belgium (Arabic, African and Turkish names among them), less those also in the en and fr lists' },
  { locale: 'nl_BE', script: 'latin', why: 'names given in Flanders' },
  { locale: 'fr_SN', script: 'latin', why: 'West African names (Guinea, Senegal)' },
  { locale: 'tr', script: 'latin', why: 'Turkish names that also appear in the de, nl, fr_BE, az or ku lists (the tr list holds many rare Old Turkic names)' },
  { locale: 'ar', script: 'arabic', why: 'Arabic names' },
  { locale: 'fa', script: 'arabic', why: 'Persian names (male and female lists; the generic list is mostly rare poetic names that are also words)' },
  { locale: 'uk', script: 'cyrillic', why: 'Ukrainian names' },
];

function firstNames(locale: string, kinds: readonly string[] = ['male', 'female', 'generic']): Set<string> {
  const lists = allLocales[locale as keyof typeof allLocales]?.person?.first_name as Record<string, readonly string[] | undefined> | undefined;
  const out = new Set<string>();
  for (const kind of kinds) for (const name of lists?.[kind] ?? []) out.add(keyOf(name.trim()));
  return out;
}

const without = (a: Set<string>, ...others: Set<string>[]): Set<string> => new Set([...a].filter((n) => !others.some((o) => o.has(n))));

/** One word of letters (a hyphen or apostrophe inside), in the script it is filed under. */
const SCRIPT_TEST: Readonly<Record<Script, RegExp>> = {
  latin: /^[\p{Script=Latin}]+(?:[-'][\p{Script=Latin}]+)*$/u,
  arabic: /^\p{Script=Arabic}+$/u,
  cyrillic: /^[\p{Script=Cyrillic}]+(?:['-][\p{Script=Cyrillic}]+)*$/u,
  ethiopic: /^\p{Script=Ethiopic}+$/u,
};

function build(): Record<Script, string[]> {
  const supplement = Supplement.parse(JSON.parse(readFileSync(join(DIR, 'supplement.json'), 'utf8')));
  const sets: Record<Script, Set<string>> = { latin: new Set(), arabic: new Set(), cyrillic: new Set(), ethiopic: new Set() };
  const add = (script: Script, names: Iterable<string>): void => {
    for (const name of names) sets[script].add(keyOf(name));
  };
  add('latin', without(firstNames('fr_BE'), firstNames('en'), firstNames('fr')));
  add('latin', firstNames('nl_BE'));
  add('latin', firstNames('fr_SN'));
  const elsewhere = new Set([...firstNames('de'), ...firstNames('nl'), ...firstNames('fr_BE'), ...firstNames('az'), ...firstNames('ku_kmr_latin')]);
  add(
    'latin',
    [...firstNames('tr', ['male', 'female'])].filter((n) => elsewhere.has(n)),
  );
  add('arabic', firstNames('ar'));
  add('arabic', firstNames('fa', ['male', 'female']));
  add('cyrillic', firstNames('uk'));
  for (const script of GIVEN_NAME_SCRIPTS) add(script, supplement[script]);
  // A list is consulted only after a cue; still, no word that is a common word anywhere goes in.
  return Object.fromEntries(
    GIVEN_NAME_SCRIPTS.map((script) => [script, [...sets[script]].filter((n) => SCRIPT_TEST[script].test(n) && !isCommonWord(n, '') && !isWordName(n)).sort()]),
  ) as Record<Script, string[]>;
}

const Shipped = z.strictObject({
  latin: z.string(),
  arabic: z.string(),
  cyrillic: z.string(),
  ethiopic: z.string(),
});

describe('given-name list', () => {
  const built = build();

  it('is what the maintained lists and the supplement give (UPDATE=1 rewrites it)', () => {
    const expected = Object.fromEntries(GIVEN_NAME_SCRIPTS.map((script) => [script, encodeNames(built[script])]));
    if (process.env['UPDATE'] === '1') writeFileSync(SHIPPED, `${JSON.stringify(expected, null, 2)}\n`);
    expect(Shipped.parse(JSON.parse(readFileSync(SHIPPED, 'utf8')))).toEqual(expected);
  });

  it('says where each part comes from (given-names/README.md)', () => {
    const readme = readFileSync(join(DIR, 'README.md'), 'utf8');
    for (const source of SOURCES) expect(readme, source.locale).toContain(`\`${source.locale}\``);
  });

  it('decodes to the list it encoded', () => {
    for (const script of GIVEN_NAME_SCRIPTS) expect(decodeNames(encodeNames(built[script])), script).toEqual(built[script]);
    expect(decodeNames(encodeNames(['ali', 'alia', 'alice', 'bob', 'abdelkaderrrrrr', 'abdelkaderrrrrs']))).toEqual([
      'ali',
      'alia',
      'alice',
      'bob',
      'abdelkaderrrrrr',
      'abdelkaderrrrrs',
    ]);
  });

  it('knows the names of the issue in every script, and no nationality or common word', () => {
    for (const name of ['ahmed', 'Fatima', 'Yusuf', 'Dawit', 'Yonas', 'mehmet', 'Ayşe', 'أحمد', 'زهرا', 'Олена', 'ዳዊት', 'ሳባ', 'mamadou']) {
      expect(isGivenName(name), name).toBe(true);
    }
    for (const word of ['hazara', 'afghaans', 'Hoop', 'hope', 'amal', 'أمل', 'امید', 'ተስፋ', 'ሰላም', 'umut', 'selam']) {
      expect(isGivenName(word), word).toBe(false);
    }
  });

  it('stays small enough to ship inside the webhook bundle (under 40 KB)', () => {
    expect(readFileSync(SHIPPED).length).toBeLessThan(40_000);
  });
});
