import i18next from 'i18next';
import { SUPPORTED_LANGUAGES, translations, type Translation } from '../locales/index.js';
import type { WordKind } from '../flows/vocabulary.js';

type Leaves<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${K}` : T[K] extends readonly unknown[] ? never : Leaves<T[K], `${P}${K}.`>;
}[keyof T & string];

/** Every system text key, e.g. `consent.promise`; checked at compile time against the English file. */
export type TextKey = Exclude<Leaves<Translation>, `words.${string}`>;

/** A participant's language first, then the project's fallback chain; English is always last. */
export type LanguageChain = readonly string[];

export interface Texts {
  t(key: TextKey, chain: LanguageChain, vars?: Record<string, string | number>): string;
  /** The word shown to participants for a command, e.g. "STOP" / "TAAL" / "لغة" / "VERWIJDER". */
  word(kind: WordKind, chain: LanguageChain): string;
}

export function languageChain(language: string | null, fallbacks: readonly string[]): string[] {
  return [...new Set([...(language ? [language] : []), ...fallbacks, 'en'])];
}

export function createTexts(): Texts {
  const i18n = i18next.createInstance();
  void i18n.init({
    resources: Object.fromEntries(Object.entries(translations).map(([lng, translation]) => [lng, { translation }])),
    supportedLngs: [...SUPPORTED_LANGUAGES],
    fallbackLng: 'en',
    initAsync: false, // resources are in memory: init synchronously so the first call can translate
    interpolation: { escapeValue: false }, // plain text for SMS / WhatsApp, not HTML
    returnNull: false,
    showSupportNotice: false,
  });
  const pick = (chain: LanguageChain): { lng: string; fallbackLng: string[] } => {
    const [lng = 'en', ...rest] = chain.filter((l) => i18n.hasResourceBundle(l, 'translation'));
    return { lng, fallbackLng: rest.length ? rest : ['en'] };
  };
  const word = (kind: WordKind, chain: LanguageChain): string => {
    const { lng } = pick(chain);
    const words = translations[lng as keyof typeof translations]?.words[kind] ?? translations.en.words[kind];
    return words[0] ?? kind.toUpperCase();
  };
  return {
    t(key, chain, vars = {}) {
      const commands = {
        stop: word('stop', chain),
        start: word('start', chain),
        skip: word('skip', chain),
        join: word('join', chain),
        language: word('language', chain),
        delete: word('delete', chain),
        voice: word('voice', chain),
        text: word('text', chain),
      };
      return i18n.t(key, { ...pick(chain), ...commands, ...vars });
    },
    word,
  };
}
