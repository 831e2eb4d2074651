/**
 * Every locale, imported statically so a Lambda bundle carries them without file-system reads.
 * Add a language: a folder with translation.json + meta.json, then a line in each map below.
 */
import * as z from '../kernel/zod.js';

import ar from './ar/translation.json' with { type: 'json' };
import arMeta from './ar/meta.json' with { type: 'json' };
import en from './en/translation.json' with { type: 'json' };
import enMeta from './en/meta.json' with { type: 'json' };
import fa from './fa/translation.json' with { type: 'json' };
import faMeta from './fa/meta.json' with { type: 'json' };
import fr from './fr/translation.json' with { type: 'json' };
import frMeta from './fr/meta.json' with { type: 'json' };
import nl from './nl/translation.json' with { type: 'json' };
import nlMeta from './nl/meta.json' with { type: 'json' };
import ti from './ti/translation.json' with { type: 'json' };
import tiMeta from './ti/meta.json' with { type: 'json' };
import tr from './tr/translation.json' with { type: 'json' };
import trMeta from './tr/meta.json' with { type: 'json' };
import uk from './uk/translation.json' with { type: 'json' };
import ukMeta from './uk/meta.json' with { type: 'json' };

export const SUPPORTED_LANGUAGES = ['nl', 'fr', 'en', 'ar', 'tr', 'fa', 'uk', 'ti'] as const;
export type Language = (typeof SUPPORTED_LANGUAGES)[number];

/** English is the reference: every locale has exactly its keys (checked in tests/unit/locales.test.ts). */
export type Translation = typeof en;

/**
 * The review state of a language's participant texts, in the vocabulary of the surveys' (flows/definition.ts
 * `LanguageReview`, which this layer cannot import; core/translation/system-bundle.ts checks that both stay
 * the same type): `machine` (translated by a machine or by someone who does not speak it), `draft` (written
 * or changed by a person, not yet reviewed), `reviewed` (checked by a speaker through the translation
 * workflow: `npm run translations -- import --reviewed`). Who: a role, never a name.
 */
export const LocaleReview = z.strictObject({
  state: z.enum(['machine', 'draft', 'reviewed']),
  by: z.optional(z.enum(['staff', 'interpreter', 'coordinator', 'developer'])),
  at: z.optional(z.iso.datetime()),
});
export type LocaleReview = z.infer<typeof LocaleReview>;

export const LocaleMeta = z
  .strictObject({
    code: z.string(),
    /** The language's name in its own script, as shown in the language menu. */
    name: z.string().check(z.minLength(1)),
    englishName: z.string().check(z.minLength(1)),
    dir: z.enum(['ltr', 'rtl']),
    /** True only once a native speaker has reviewed the texts (`review.state` is `reviewed`). */
    reviewed: z.boolean(),
    /** The reviewer's role when `reviewed` (`review.by`), else null. */
    reviewedBy: z.nullable(z.string()),
    review: LocaleReview,
    note: z.string(),
  })
  .check(
    z.refine((m) => m.reviewed === (m.review.state === 'reviewed'), {
      message: '"reviewed" must be true exactly when review.state is "reviewed"',
      path: ['reviewed'],
    }),
    z.refine((m) => m.review.state !== 'reviewed' || m.review.by !== undefined, { message: 'a review names its role', path: ['review', 'by'] }),
    z.refine((m) => m.reviewedBy === (m.reviewed ? (m.review.by ?? null) : null), {
      message: '"reviewedBy" must be review.by when reviewed, else null',
      path: ['reviewedBy'],
    }),
  );
export type LocaleMeta = z.infer<typeof LocaleMeta>;

export const translations: Record<Language, Translation> = { nl, fr, en, ar, tr, fa, uk, ti };

export const localeMeta: Record<Language, LocaleMeta> = {
  nl: LocaleMeta.parse(nlMeta),
  fr: LocaleMeta.parse(frMeta),
  en: LocaleMeta.parse(enMeta),
  ar: LocaleMeta.parse(arMeta),
  tr: LocaleMeta.parse(trMeta),
  fa: LocaleMeta.parse(faMeta),
  uk: LocaleMeta.parse(ukMeta),
  ti: LocaleMeta.parse(tiMeta),
};

export function isSupportedLanguage(code: string): code is Language {
  return (SUPPORTED_LANGUAGES as readonly string[]).includes(code);
}
