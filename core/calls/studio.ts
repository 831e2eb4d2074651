import type { CompiledSurvey } from '../../flows/compile.js';
import { localeMeta, isSupportedLanguage } from '../../locales/index.js';
import type { Project } from '../model.js';
import * as z from '../../kernel/zod.js';
import type { Listen } from './listen.js';
import { promptCoverage, promptId, type PromptRef, type PromptScope, type PromptStore } from './prompts.js';
import type { Utterance } from './speak.js';

/**
 * The prompt studio: staff or an interpreter record a language's prompts by phone. They call in, type
 * the one-time code the dashboard gave them, pick the language, then for each missing prompt hear its
 * text in the project's main language, say it in theirs after the tone, hear it back, and keep or redo.
 * The studio speaks the main language (it is for staff); its state travels sealed in Twilio's URLs.
 */

export const StudioState = z.object({
  projectId: z.string(),
  scope: z.object({ organisationId: z.string(), surveyId: z.string(), surveyVersion: z.int() }),
  language: z.nullable(z.string()),
  /** The prompt being recorded (a prompt id), and the take waiting for keep/redo. */
  current: z.nullable(z.string()),
  draft: z.nullable(z.string()),
});
export type StudioState = z.infer<typeof StudioState>;

/** A studio turn: what to say or play, what to wait for, and the state the next request carries. */
export interface StudioTurn {
  say: Utterance[];
  listen: Listen;
  state: StudioState | null;
  /** Where the next request goes: the kind of step it answers. */
  next: 'code' | 'language' | 'recorded' | 'review' | null;
}

/** The studio's own sentences, in the main language (English fallback); kept here, not in participant locales. */
const LINES = {
  en: {
    welcome: 'Stem prompt studio. Type the code from the dashboard, then press hash.',
    wrongCode: 'That code is not valid, or it has expired.',
    chooseLanguage: 'Which language do you record?',
    option: (name: string, key: number) => `For ${name}, press ${key}.`,
    nothing: 'Every prompt of this survey is recorded, or spoken by a voice. Goodbye.',
    prompt: (n: number, total: number) => `Prompt ${n} of ${total}. Say this in your language:`,
    afterTone: 'Speak after the tone. Press hash when you are done.',
    youSaid: 'You said:',
    keep: 'To keep it, press 1. To record it again, press 2.',
    kept: 'Saved.',
    done: 'All prompts of this language are recorded. Thank you, goodbye.',
    notHeard: 'I did not hear a recording.',
  },
  nl: {
    welcome: 'Stem opnamestudio. Typ de code uit het dashboard en druk dan op hekje.',
    wrongCode: 'Die code klopt niet of is verlopen.',
    chooseLanguage: 'Welke taal neem je op?',
    option: (name: string, key: number) => `Voor ${name}, druk ${key}.`,
    nothing: 'Alles van deze bevraging is opgenomen of wordt door een stem gesproken. Tot ziens.',
    prompt: (n: number, total: number) => `Zin ${n} van ${total}. Zeg dit in je taal:`,
    afterTone: 'Spreek na de toon. Druk op hekje als je klaar bent.',
    youSaid: 'Je zei:',
    keep: 'Om te bewaren, druk 1. Om opnieuw op te nemen, druk 2.',
    kept: 'Bewaard.',
    done: 'Alles in deze taal is opgenomen. Dank je, tot ziens.',
    notHeard: 'Ik hoorde geen opname.',
  },
  fr: {
    welcome: "Studio d'enregistrement Stem. Tapez le code du tableau de bord, puis dièse.",
    wrongCode: "Ce code n'est pas valable ou a expiré.",
    chooseLanguage: 'Quelle langue enregistrez-vous ?',
    option: (name: string, key: number) => `Pour ${name}, tapez ${key}.`,
    nothing: 'Tout est enregistré pour cette enquête, ou dit par une voix. Au revoir.',
    prompt: (n: number, total: number) => `Phrase ${n} sur ${total}. Dites ceci dans votre langue :`,
    afterTone: 'Parlez après le bip. Tapez dièse quand vous avez fini.',
    youSaid: 'Vous avez dit :',
    keep: 'Pour garder, tapez 1. Pour recommencer, tapez 2.',
    kept: 'Enregistré.',
    done: 'Tout est enregistré dans cette langue. Merci, au revoir.',
    notHeard: "Je n'ai pas entendu d'enregistrement.",
  },
} as const;
type Lines = (typeof LINES)[keyof typeof LINES];

export const studioLines = (mainLanguage: string | null): { lang: string; lines: Lines } => {
  const lang = mainLanguage === 'nl' || mainLanguage === 'fr' ? mainLanguage : 'en';
  return { lang, lines: LINES[lang] };
};

const say = (lang: string, ...texts: string[]): Utterance[] => texts.map((text) => ({ kind: 'say', text, lang }));
const end = (lang: string, ...texts: string[]): StudioTurn => ({ say: say(lang, ...texts), listen: { kind: 'end' }, state: null, next: null });

export const studioWelcome = (): StudioTurn => {
  // Who calls is not known yet: the welcome in the three staff languages.
  return {
    say: [...say('nl', LINES.nl.welcome), ...say('fr', LINES.fr.welcome), ...say('en', LINES.en.welcome)],
    listen: { kind: 'number', maxDigits: 8, skippable: false, language: null },
    state: null,
    next: 'code',
  };
};

export interface StudioContext {
  project: Project;
  survey: CompiledSurvey;
  scope: PromptScope;
  prompts: PromptStore;
  /** The text of a prompt in the main language (what the dashboard shows as "read this"). */
  textToRead: (ref: PromptRef, language: string) => string;
}

/** Languages of the project that need recordings, with what is missing. */
async function toRecord(ctx: StudioContext) {
  return (await promptCoverage(ctx.prompts, ctx.scope, ctx.survey, ctx.project.languages)).filter((l) => !l.voiced && l.missing.length > 0);
}

const nameOf = (code: string) => (isSupportedLanguage(code) ? localeMeta[code].englishName : code);

/** After a valid code: the language menu, or straight to the only language that needs recordings. */
export async function studioStart(ctx: StudioContext, base: Omit<StudioState, 'language' | 'current' | 'draft'>): Promise<StudioTurn> {
  const { lang, lines } = studioLines(ctx.project.languages[0] ?? null);
  const languages = await toRecord(ctx);
  const state: StudioState = { ...base, language: null, current: null, draft: null };
  const [only] = languages;
  if (!only) return end(lang, lines.nothing);
  if (languages.length === 1) return nextPrompt(ctx, { ...state, language: only.language }, []);
  return {
    say: say(lang, lines.chooseLanguage, ...languages.map((l, i) => lines.option(nameOf(l.language), i + 1))),
    listen: { kind: 'keys', options: languages.length, skippable: false, language: null, menu: true },
    state,
    next: 'language',
  };
}

export async function studioChooseLanguage(ctx: StudioContext, state: StudioState, digits: string): Promise<StudioTurn> {
  const languages = await toRecord(ctx);
  const chosen = languages[Number(digits) - 1];
  if (!chosen) return studioStart(ctx, state);
  return nextPrompt(ctx, { ...state, language: chosen.language }, []);
}

/** The next missing prompt: its text, then the recording. */
export async function nextPrompt(ctx: StudioContext, state: StudioState, before: Utterance[]): Promise<StudioTurn> {
  const { lang, lines } = studioLines(ctx.project.languages[0] ?? null);
  const language = state.language ?? '';
  const [coverage] = await promptCoverage(ctx.prompts, ctx.scope, ctx.survey, [language]);
  const missing = coverage?.missing ?? [];
  const [ref] = missing;
  if (!coverage || !ref) return { ...end(lang, lines.done), say: [...before, ...say(lang, lines.done)] };
  const n = coverage.required.length - missing.length + 1;
  return {
    say: [...before, ...say(lang, lines.prompt(n, coverage.required.length), ctx.textToRead(ref, language), lines.afterTone)],
    listen: { kind: 'record', skippable: false, language: null },
    state: { ...state, current: promptId(ref), draft: null },
    next: 'recorded',
  };
}

/** A take was recorded (and copied to our store as a draft): play it back, keep or redo. */
export function studioReview(ctx: StudioContext, state: StudioState, draft: { audioKey: string; contentType: string }): StudioTurn {
  const { lang, lines } = studioLines(ctx.project.languages[0] ?? null);
  return {
    say: [
      ...say(lang, lines.youSaid),
      {
        kind: 'play',
        prompt: {
          language: state.language ?? '',
          promptId: state.current ?? '',
          audioKey: draft.audioKey,
          contentType: draft.contentType,
          recordedAt: '',
          source: 'phone',
        },
      },
      ...say(lang, lines.keep),
    ],
    listen: { kind: 'keys', options: 2, skippable: false, language: null, menu: true },
    state: { ...state, draft: draft.audioKey },
    next: 'review',
  };
}

export const studioNotHeard = (ctx: StudioContext, state: StudioState): Promise<StudioTurn> => {
  const { lang, lines } = studioLines(ctx.project.languages[0] ?? null);
  return nextPrompt(ctx, state, say(lang, lines.notHeard));
};

export const studioKept = (ctx: StudioContext, state: StudioState): Promise<StudioTurn> => {
  const { lang, lines } = studioLines(ctx.project.languages[0] ?? null);
  return nextPrompt(ctx, { ...state, current: null, draft: null }, say(lang, lines.kept));
};

export const studioWrongCode = (): StudioTurn => ({
  ...studioWelcome(),
  say: [...say('nl', LINES.nl.wrongCode), ...say('fr', LINES.fr.wrongCode), ...say('en', LINES.en.wrongCode)],
});

/** One-time codes that let a phone call into the studio for one project, for a few hours. */
export interface StudioCodes {
  issue(projectId: string, userId: string, now: Date): Promise<{ code: string; expiresAt: string }>;
  /** The project the code opens, or null (unknown, expired). Usable until it expires, by that one person. */
  redeem(code: string, now: Date): Promise<{ projectId: string; userId: string } | null>;
}

/** How long a studio code works: a recording session, not a standing password. */
export const STUDIO_CODE_HOURS = 4;
