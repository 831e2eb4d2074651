import { localeMeta, isSupportedLanguage, SUPPORTED_LANGUAGES } from '../locales/index.js';
import { normalizeText, readInteger } from '../flows/normalize.js';

/** Other names people type for a language: in Dutch, French and English, and common transliterations. */
const ALIASES: Record<string, readonly string[]> = {
  nl: ['dutch', 'nederlands', 'vlaams', 'flemish', 'neerlandais', 'néerlandais', 'hollandais', 'niederlandisch'],
  fr: ['french', 'francais', 'français', 'frans', 'fransızca', 'فرنسية', 'فرنسي'],
  en: ['english', 'engels', 'anglais', 'ingilizce', 'انجليزي', 'إنجليزية', 'انگلیسی'],
  ar: ['arabic', 'arabisch', 'arabe', 'arapça', 'عربي', 'عربى', 'العربيه', 'arabi'],
  tr: ['turkish', 'turks', 'turc', 'turkce', 'türkçe'],
  fa: ['persian', 'farsi', 'perzisch', 'persan', 'dari', 'فارسي', 'فارسی', 'دری', 'دري'],
  uk: ['ukrainian', 'oekraiens', 'oekraïens', 'ukrainien', 'українська', 'украинский'],
  ti: ['tigrinya', 'tigrinia', 'tigrigna', 'tigrinya', 'ትግርኛ'],
};

const NAMES: ReadonlyMap<string, string> = (() => {
  const map = new Map<string, string>();
  for (const code of SUPPORTED_LANGUAGES) {
    const meta = localeMeta[code];
    for (const name of [code, meta.name, meta.englishName, ...(ALIASES[code] ?? [])]) map.set(normalizeText(name), code);
  }
  return map;
})();

/** The language a reply names: its number in `offered`, its code, or its name in any of several languages. */
export function resolveLanguage(text: string, offered: readonly string[]): string | undefined {
  const n = normalizeText(text);
  const index = readInteger(n);
  if (index !== undefined) return offered[index - 1];
  const code = NAMES.get(n);
  return code && isSupportedLanguage(code) ? code : undefined;
}

/**
 * "🌐 1. Nederlands  2. Français …": each language in its own script, so no shared language is needed;
 * then `hint` ("Reply with the number of your language.") in the language the person reads so far.
 */
export function languageMenu(offered: readonly string[], hint: string): string {
  const lines = offered.map((code, i) => `${i + 1}. ${isSupportedLanguage(code) ? localeMeta[code].name : code}`);
  return `🌐\n${lines.join('\n')}\n\n${hint}`;
}
