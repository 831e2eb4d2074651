import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { consentPromise, renderQuestion } from '../../../core/conversation/render.js';
import type { Channel } from '../../../core/model.js';
import type { TextKey, Texts } from '../../../core/texts.js';
import { compileSurvey } from '../../../flows/compile.js';
import { parseSurveyDefinition, type SurveyDefinition } from '../../../flows/definition.js';
import { TEMPLATE_FILES } from '../../../flows/templates/files.js';
import { translations, type Language } from '../../../locales/index.js';

/**
 * Every message a participant can read, per language, as it is sent: each system text with its
 * placeholders filled with realistic values, and each question of the built-in templates (first asked and
 * asked again, by SMS and by WhatsApp), the consent's promise included. Texts only said in calls (`call.*`)
 * and fragments that only travel inside a question (`answer.*`, `hint.*`, `triad.*`, `dyad.*`) are
 * counted where they are used, not alone. The planner's own compositions (the greeting to an unknown
 * number, the menus) are rendered through the planner itself in the test.
 */
export interface ParticipantMessage {
  language: string;
  /** What it is: a text key, or `template:question#first|again@channel`. */
  what: string;
  text: string;
}

/** A project's name as staff type it, and a join code as they print it. */
export const PROJECT_NAME = 'OCMW Sint-Gillis';
export const JOIN_CODE = 'ZUID7';
const VARS: Record<string, string | number> = {
  project: PROJECT_NAME,
  code: JOIN_CODE,
  minutes: 5,
  min: 1,
  max: 10,
  word: 'Hulp',
  left: 'alone',
  right: 'with support',
  text: 'TEXT',
  voice: 'VOICE',
};

/** Keys that are sent as messages of their own (written), as opposed to said in a call or used inside a question. */
export function writtenKeys(): TextKey[] {
  const keys: string[] = [];
  const walk = (node: unknown, prefix: string) => {
    if (typeof node === 'string') keys.push(prefix);
    else if (node && typeof node === 'object' && !Array.isArray(node)) for (const [k, v] of Object.entries(node)) walk(v, prefix ? `${prefix}.${k}` : k);
  };
  walk(translations.en, '');
  return keys.filter((k) => !/^(call|answer|hint|triad|dyad|words)\./.test(k)) as TextKey[];
}

/** The erase confirmation names the yes and no words in capitals, as plan/erasing.ts does. */
function varsFor(key: TextKey, language: string, texts: Texts): Record<string, string | number> {
  if (key !== 'erase.confirm') return VARS;
  return { ...VARS, yes: texts.word('yes', [language]).toUpperCase(), no: texts.word('no', [language]).toUpperCase() };
}

export function systemMessages(texts: Texts, language: Language): ParticipantMessage[] {
  return writtenKeys().map((key) => ({ language, what: key, text: texts.t(key, [language], varsFor(key, language, texts)) }));
}

export function builtInTemplates(): SurveyDefinition[] {
  const dir = join(import.meta.dirname, '../../../flows/templates');
  const files = [...new Set([...TEMPLATE_FILES, 'demo-checkin.json', 'service-feedback.json'])];
  return files.map((file) => parseSurveyDefinition(JSON.parse(readFileSync(join(dir, file), 'utf8'))));
}

/** Every question of a template in one of its languages, as each written channel sends it. */
export function questionMessages(texts: Texts, survey: SurveyDefinition, language: string): ParticipantMessage[] {
  const out: ParticipantMessage[] = [];
  const chain = [language, ...survey.languages, 'en'];
  for (const q of compileSurvey(survey).askables.values()) {
    for (const channel of ['sms', 'whatsapp'] as const satisfies readonly Channel[]) {
      const promise = consentPromise(q, false, chain, texts);
      if (promise) out.push({ language, what: `${survey.id}:${q.id}#promise@${channel}`, text: promise });
      for (const again of [false, true])
        out.push({
          language,
          what: `${survey.id}:${q.id}#${again ? 'again' : 'first'}@${channel}`,
          text: renderQuestion(q, again, chain, survey, texts, channel),
        });
    }
  }
  return out;
}
