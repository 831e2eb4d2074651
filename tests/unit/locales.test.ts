import { describe, expect, it } from 'vitest';

import { LocaleMeta, SUPPORTED_LANGUAGES, localeMeta, translations } from '../../locales/index.js';
import type { Language } from '../../locales/index.js';
import { LanguageReview, ReviewerRole } from '../../flows/definition.js';

type Json = string | Json[] | { [key: string]: Json };

/** Dotted key paths of every leaf (strings and arrays are leaves), sorted. */
function keyPaths(node: Json, prefix = ''): string[] {
  if (typeof node === 'string' || Array.isArray(node)) return [prefix];
  return Object.entries(node)
    .flatMap(([key, child]) => keyPaths(child, prefix ? `${prefix}.${key}` : key))
    .sort();
}

/** Leaf value at a dotted path. */
function at(node: Json, path: string): Json | undefined {
  let current: Json | undefined = node;
  for (const key of path.split('.')) {
    if (current === undefined || typeof current === 'string' || Array.isArray(current)) return undefined;
    current = current[key];
  }
  return current;
}

function stringLeaves(node: Json): Map<string, string> {
  const out = new Map<string, string>();
  for (const path of keyPaths(node)) {
    const value = at(node, path);
    if (typeof value === 'string') out.set(path, value);
  }
  return out;
}

function placeholders(text: string): string[] {
  return [...new Set([...text.matchAll(/\{\{\s*([^}\s]+)\s*\}\}/g)].map((m) => m[1] ?? ''))].sort();
}

/** The same normalization the inbound matcher applies: lowercase, strip diacritics, trim. */
function normalize(word: string): string {
  return word.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '').trim();
}

const asJson = (lng: Language): Json => translations[lng] as unknown as Json;
const english = asJson('en');
const englishPaths = keyPaths(english);
const englishStrings = stringLeaves(english);
const others = SUPPORTED_LANGUAGES.filter((l) => l !== 'en');

const COMMANDS = ['stop', 'start', 'help', 'language', 'join', 'skip', 'delete', 'voice', 'text'] as const;
const ANSWERS = ['yes', 'no', 'true', 'not_true', 'dont_know'] as const;
type WordGroup = (typeof COMMANDS)[number] | (typeof ANSWERS)[number];

/** normalized word -> the groups (with the languages) it appears in */
function wordIndex(groups: readonly WordGroup[]): Map<string, Set<string>> {
  const index = new Map<string, Set<string>>();
  for (const lng of SUPPORTED_LANGUAGES) {
    for (const group of groups) {
      for (const word of translations[lng].words[group]) {
        const key = normalize(word);
        const set = index.get(key) ?? new Set<string>();
        set.add(`${group}@${lng}`);
        index.set(key, set);
      }
    }
  }
  return index;
}

const groupsOf = (entries: Set<string>): Set<string> => new Set([...entries].map((e) => e.split('@')[0] ?? ''));

describe('locales', () => {
  it('has a translation and a meta for every supported language, and nothing else', () => {
    expect(Object.keys(translations).sort()).toEqual([...SUPPORTED_LANGUAGES].sort());
    expect(Object.keys(localeMeta).sort()).toEqual([...SUPPORTED_LANGUAGES].sort());
    expect(SUPPORTED_LANGUAGES).toHaveLength(8);
  });

  it('the English reference has the expected shape', () => {
    expect(englishPaths.length).toBeGreaterThan(30);
    expect(englishPaths).toContain('consent.promise');
    for (const group of [...COMMANDS, ...ANSWERS]) expect(englishPaths).toContain(`words.${group}`);
  });

  describe.each(others)('%s', (lng) => {
    const t = asJson(lng);

    it('has exactly the English key set', () => {
      expect(keyPaths(t)).toEqual(englishPaths);
    });

    it('has the same leaf type (string or array) as English at every key', () => {
      for (const path of englishPaths) {
        expect(Array.isArray(at(t, path)), path).toBe(Array.isArray(at(english, path)));
        expect(typeof at(t, path), path).toBe(typeof at(english, path));
      }
    });

    it('uses exactly the English {{placeholders}} in every string', () => {
      const strings = stringLeaves(t);
      for (const [path, englishText] of englishStrings) {
        const text = strings.get(path);
        expect(text, path).toBeTypeOf('string');
        expect(placeholders(text ?? ''), path).toEqual(placeholders(englishText));
      }
    });

    it('translates every string (non-empty, trimmed, not left in English)', () => {
      for (const [path, text] of stringLeaves(t)) {
        expect(text.trim(), path).toBe(text);
        expect(text.length, path).toBeGreaterThan(0);
        expect(text, path).not.toBe(englishStrings.get(path));
      }
    });

    it('keeps every string about as short as the English one (SMS segments)', () => {
      for (const [path, text] of stringLeaves(t)) {
        const englishLength = englishStrings.get(path)?.length ?? 0;
        expect(text.length, path).toBeLessThanOrEqual(Math.ceil(englishLength * 1.6) + 8);
      }
    });

    it('has a consent promise that is its own translation, and a stop line that offers the stop word', () => {
      const promise = translations[lng].consent.promise;
      expect(promise.trim().length).toBeGreaterThan(40);
      expect(promise).not.toBe(translations.en.consent.promise);
      expect(translations[lng].consent.stop).toContain('{{stop}}');
    });
  });

  describe.each([...SUPPORTED_LANGUAGES])('words: %s', (lng) => {
    const words = translations[lng].words;

    it('every word list is a non-empty array of non-empty strings without placeholders', () => {
      for (const group of [...COMMANDS, ...ANSWERS]) {
        const list: unknown = words[group];
        expect(Array.isArray(list), group).toBe(true);
        expect((list as unknown[]).length, group).toBeGreaterThan(0);
        for (const word of list as unknown[]) {
          expect(typeof word, group).toBe('string');
          expect(normalize(word as string).length, `${group}: "${String(word)}"`).toBeGreaterThan(0);
          expect(word as string, group).not.toMatch(/\{\{|\}\}/);
        }
      }
    });

    it('command display words (first element) are upper case where the script has case', () => {
      for (const group of COMMANDS) {
        const display = words[group][0] ?? '';
        expect(display, group).toBe(display.toUpperCase());
      }
    });

    it('never uses a yes/no word as a command word in the same language', () => {
      const yesNo = new Set([...words.yes, ...words.no].map(normalize));
      for (const group of COMMANDS) {
        for (const word of words[group]) expect(yesNo.has(normalize(word)), `${group}: ${word}`).toBe(false);
      }
    });
  });

  it('command words are globally unambiguous: no word in two of stop/start/help/language/join/skip/delete/voice/text across all languages', () => {
    const clashes = [...wordIndex(COMMANDS)]
      .filter(([, entries]) => groupsOf(entries).size > 1)
      .map(([word, entries]) => `${word}: ${[...entries].join(', ')}`);
    expect(clashes).toEqual([]);
  });

  it('no command word of any language is an answer word (yes/no/true/not_true/dont_know) of any language', () => {
    const answers = wordIndex(ANSWERS);
    const clashes = [...wordIndex(COMMANDS)]
      .filter(([word]) => answers.has(word))
      .map(([word, entries]) => `${word}: ${[...entries, ...(answers.get(word) ?? [])].join(', ')}`);
    expect(clashes).toEqual([]);
  });

  it('yes and no never share a word across all languages', () => {
    const clashes = [...wordIndex(['yes', 'no'])]
      .filter(([, entries]) => groupsOf(entries).size > 1)
      .map(([word, entries]) => `${word}: ${[...entries].join(', ')}`);
    expect(clashes).toEqual([]);
  });

  it('true, not_true and dont_know never share a word across all languages', () => {
    const clashes = [...wordIndex(['true', 'not_true', 'dont_know'])]
      .filter(([, entries]) => groupsOf(entries).size > 1)
      .map(([word, entries]) => `${word}: ${[...entries].join(', ')}`);
    expect(clashes).toEqual([]);
  });

  it('the normalization used here folds case and diacritics as the matcher does', () => {
    expect(normalize('  ARRÊT ')).toBe('arret');
    expect(normalize('İPTAL')).toBe('iptal');
    expect(normalize('إلغاء')).toBe(normalize('الغاء'));
  });

  describe('meta', () => {
    const ownNames: Record<Language, string> = {
      nl: 'Nederlands',
      fr: 'Français',
      en: 'English',
      ar: 'العربية',
      tr: 'Türkçe',
      fa: 'فارسی (دری)',
      uk: 'Українська',
      ti: 'ትግርኛ',
    };

    it.each([...SUPPORTED_LANGUAGES])('%s: valid, named in its own script, code matches', (lng) => {
      const meta = localeMeta[lng];
      expect(() => LocaleMeta.parse(meta)).not.toThrow();
      expect(meta.code).toBe(lng);
      expect(meta.name).toBe(ownNames[lng]);
      expect(meta.note.trim().length).toBeGreaterThan(0);
    });

    it.each([...SUPPORTED_LANGUAGES])("%s: a review state in the surveys' vocabulary, with reviewed/reviewedBy in step", (lng) => {
      const meta = localeMeta[lng];
      expect(LanguageReview.parse(meta.review)).toEqual(meta.review);
      expect(meta.reviewed).toBe(meta.review.state === 'reviewed');
      if (meta.reviewed) {
        // Only the translation workflow (npm run translations -- import --reviewed) sets it: a role and a time.
        expect(ReviewerRole.options).toContain(meta.reviewedBy);
        expect(meta.review.by).toBe(meta.reviewedBy);
        expect(meta.review.at).toBeTypeOf('string');
      } else {
        expect(meta.reviewedBy).toBeNull();
      }
    });

    it('refuses a meta whose reviewed/reviewedBy contradict its review state', () => {
      const base = { ...localeMeta.ar };
      const reviewed = { state: 'reviewed', by: 'interpreter', at: '2026-12-08T10:00:00.000Z' } as const;
      expect(LocaleMeta.safeParse({ ...base, reviewed: true, reviewedBy: 'interpreter' }).success).toBe(false); // state still machine
      expect(LocaleMeta.safeParse({ ...base, review: reviewed }).success).toBe(false); // reviewed: false
      expect(LocaleMeta.safeParse({ ...base, review: reviewed, reviewed: true, reviewedBy: null }).success).toBe(false);
      expect(LocaleMeta.safeParse({ ...base, review: { state: 'reviewed' }, reviewed: true, reviewedBy: null }).success).toBe(false);
      expect(LocaleMeta.safeParse({ ...base, review: { state: 'reviewed', by: 'a name' }, reviewed: true, reviewedBy: 'a name' }).success).toBe(false);
      expect(LocaleMeta.safeParse({ ...base, review: reviewed, reviewed: true, reviewedBy: 'interpreter' }).success).toBe(true);
    });

    it('is right-to-left exactly for Arabic and Persian', () => {
      const rtl = SUPPORTED_LANGUAGES.filter((l) => localeMeta[l].dir === 'rtl').sort();
      expect(rtl).toEqual(['ar', 'fa']);
      for (const l of SUPPORTED_LANGUAGES) expect(localeMeta[l].dir).toBe(rtl.includes(l) ? 'rtl' : 'ltr');
    });
  });
});
