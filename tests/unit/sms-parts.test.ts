import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isGsm7, smsSegments } from '../../core/sms-segments.js';
import type { Channel, Project, Round } from '../../core/model.js';
import { SCALE_FACES } from '../../flows/normalize.js';
import { parseSurveyDefinition } from '../../flows/definition.js';
import { SUPPORTED_LANGUAGES, translations, type Language } from '../../locales/index.js';
import { DEMO_PROJECT } from '../../local/seed.js';
import { messagingTwiml } from '../../adapters/twilio/twiml.js';
import { twimlMessages } from '../../local/simulator/routes.js';
import { ConversationWorld, START, textMessage } from './support/conversation-world.js';
import { builtInTemplates, JOIN_CODE, PROJECT_NAME, questionMessages, systemMessages, type ParticipantMessage } from './support/participant-messages.js';

/**
 * Every message a participant reads, counted as a carrier counts SMS parts (core/sms-segments.ts): each
 * system text with realistic values, each question of every built-in template (first asked and asked
 * again, by SMS and by WhatsApp, with the consent's promise), and what the planner itself composes (the
 * greeting to an unknown number, the language menu, a whole check-in) in every language.
 *
 * The rules: Dutch, French and English stay in GSM-7 (no typographic dash, ellipsis or quote, no French
 * ê ô ç) and in at most 2 parts; only a scale's faces (emoji, chosen for people who read little) make a
 * Latin message UCS-2, in at most 2 parts, 3 when asked again with its hints. Arabic, Persian, Ukrainian,
 * Tigrinya and Turkish (ı ş ğ) are UCS-2 by their script: at most 3 parts, 4 asked again; a triad names
 * its seven places in words and may take 4, 6 asked again.
 */

const texts = new ConversationWorld().texts;
const LATIN: readonly Language[] = ['nl', 'fr', 'en'];
const isLatin = (lng: string) => (LATIN as readonly string[]).includes(lng);
const FACES = new Set<string>(SCALE_FACES);
const EASTERN_DIGITS = /[\u0660-\u0669\u06F0-\u06F9]/;

/** Made UCS-2 only by a scale's faces. */
const facesOnly = (text: string): boolean => {
  const { outside } = smsSegments(text);
  return outside.length > 0 && outside.every((c) => FACES.has(c));
};

function cap(m: ParticipantMessage): number {
  const again = m.what.includes('#again');
  if (isLatin(m.language)) return again && facesOnly(m.text) ? 3 : 2;
  if (m.what.includes(':difference#')) return again ? 6 : 4; // the story template's triad: seven places in words
  return again ? 4 : 3;
}

/** What is wrong with a message: the characters that leave GSM-7 in a Latin language, parts over its cap, mixed digits. */
function problems(m: ParticipantMessage): string[] {
  const s = smsSegments(m.text);
  const out: string[] = [];
  if (isLatin(m.language) && !s.outside.every((c) => FACES.has(c)))
    out.push(`${m.language} ${m.what}: not GSM-7 because of ${JSON.stringify(s.outside.join(''))}`);
  if (s.segments > cap(m)) out.push(`${m.language} ${m.what}: ${s.segments} parts (${s.encoding}, ${s.units} units), at most ${cap(m)}`);
  if (EASTERN_DIGITS.test(m.text)) out.push(`${m.language} ${m.what}: Eastern digits in a message whose options are numbered 1, 2, 3`);
  return out;
}

const questions = (language: string) => builtInTemplates().flatMap((s) => (s.languages.includes(language) ? questionMessages(texts, s, language) : []));

describe('every participant message, counted as carriers count SMS parts', () => {
  it('the counter counts as carriers do: GSM-7 160/153, UCS-2 70/67, escapes and emoji never split', () => {
    expect(smsSegments('a'.repeat(160))).toMatchObject({ encoding: 'GSM-7', segments: 1 });
    expect(smsSegments('a'.repeat(161)).segments).toBe(2);
    expect(smsSegments('a'.repeat(306)).segments).toBe(2);
    expect(smsSegments('a'.repeat(307)).segments).toBe(3);
    expect(smsSegments('€'.repeat(80))).toMatchObject({ encoding: 'GSM-7', units: 160, segments: 1 });
    // 76 septets then an escape pair: 153 septets would split it, so the pair opens the second part.
    expect(smsSegments(`${'a'.repeat(152)}€${'a'.repeat(152)}`).segments).toBe(3);
    expect(smsSegments('ê')).toMatchObject({ encoding: 'UCS-2', outside: ['ê'] });
    expect(smsSegments('Ç')).toMatchObject({ encoding: 'GSM-7' });
    expect(smsSegments('ç').encoding).toBe('UCS-2');
    expect(smsSegments('—').encoding).toBe('UCS-2');
    expect(smsSegments('…').encoding).toBe('UCS-2');
    expect(smsSegments('ب'.repeat(70)).segments).toBe(1);
    expect(smsSegments('ب'.repeat(71)).segments).toBe(2);
    // 66 units then an emoji (a surrogate pair): it does not fit in 67, so it opens the next part.
    expect(smsSegments(`${'ب'.repeat(66)}😄${'ب'.repeat(66)}`)).toMatchObject({ units: 134, segments: 3 });
    expect(smsSegments('').segments).toBe(0);
    expect([...'@£$¥èéùìòÇØøÅåÄÖÑÜäöñüàÉ'].every(isGsm7)).toBe(true);
  });

  describe.each([...SUPPORTED_LANGUAGES])('%s', (language) => {
    it('every system text, its placeholders filled, within its encoding and parts', () => {
      const messages = systemMessages(texts, language);
      expect(messages.length).toBeGreaterThan(30);
      for (const m of messages) expect(m.text, m.what).not.toMatch(/\{\{|\}\}/);
      expect(messages.flatMap(problems)).toEqual([]);
    });

    it('every question of every built-in template, first asked and asked again, by SMS and WhatsApp', () => {
      const messages = questions(language);
      expect(messages.length).toBeGreaterThan(0);
      expect(messages.flatMap(problems)).toEqual([]);
    });

    it('the consent promise: its own message, about 40 words at most, the stop word, none of the legal words', () => {
      const promise = `${translations[language].consent.promise} ${translations[language].consent.stop}`;
      expect(promise.split(/\s+/).length).toBeLessThanOrEqual(40);
      expect(texts.t('consent.stop', [language])).toContain(texts.word('stop', [language]));
      expect(smsSegments(texts.t('consent.promise', [language])).segments).toBeLessThanOrEqual(2);
      for (const word of ['anoniem', 'verblijfsrecht', 'uitkering', 'anonyme', 'enquête', 'anonymous', 'benefits', 'مجهولة', 'ناشناس', 'анонімні'])
        expect(promise.toLowerCase(), word).not.toContain(word);
    });

    it('open questions and stories invite a voice message on WhatsApp, and only there', () => {
      const openVoice = texts.t('hint.openVoice', [language]);
      const open = texts.t('hint.open', [language]);
      const asked = questions(language).filter((m) => /#first@/.test(m.what));
      const byKind = builtInTemplates().flatMap((s) =>
        s.questions
          .filter((q) => q.kind === 'open' || q.kind === 'story' || ('probe' in q && q.probe))
          .map((q) => `${s.id}:${q.kind === 'open' || q.kind === 'story' ? q.id : `${q.id}.probe`}#`),
      );
      const openOnes = asked.filter((m) => byKind.some((prefix) => m.what.startsWith(prefix)));
      expect(openOnes.length).toBeGreaterThan(0);
      for (const m of openOnes) {
        if (m.what.endsWith('@whatsapp')) expect(m.text, m.what).toContain(openVoice);
        else expect(m.text, m.what).toContain(open);
        if (m.what.endsWith('@sms')) expect(m.text, m.what).not.toContain(openVoice);
      }
    });
  });

  it('French says "questionnaire", never "enquête", and no bracketed gender endings anywhere', () => {
    const fr = [...systemMessages(texts, 'fr'), ...questions('fr')];
    for (const m of fr) {
      expect(m.text, m.what).not.toMatch(/enqu[êe]te/i);
      expect(m.text, m.what).not.toMatch(/\((e|es|s)\)/);
    }
  });

  it('Tigrinya shows the Latin command word beside the Ge\u02bcez one (many have no Ge\u02bcez keyboard)', () => {
    expect(texts.t('consent.stop', ['ti'])).toContain('(STOP)');
    expect(texts.t('help.text', ['ti'])).toMatch(/\(LANGUAGE\).*\(SKIP\).*\(DELETE\).*\(STOP\)/);
  });
});

describe('what is sent: one TwiML <Message> per answer, the replies joined, counted the same way', () => {
  const ALL = [...SUPPORTED_LANGUAGES];
  const energy = parseSurveyDefinition(JSON.parse(readFileSync(join(import.meta.dirname, '../../flows/templates/energy-checkin.json'), 'utf8')));

  /** A project in all eight languages with an open round of the energy check-in, joinable by code. */
  function world(): ConversationWorld {
    const w = new ConversationWorld();
    w.seedDemo();
    const project: Project = { ...DEMO_PROJECT, projectId: 'all8', name: PROJECT_NAME, joinCode: JOIN_CODE, languages: ALL, fallbackLanguages: ['nl', 'en'] };
    const round: Round = {
      projectId: project.projectId,
      roundId: 'r1',
      label: 'r1',
      surveyId: energy.id,
      surveyVersion: energy.version,
      opensAt: '2026-01-01T00:00:00.000Z',
      closesAt: new Date(START.getTime() + 30 * 86_400_000).toISOString(),
      reminderAfterHours: null,
    };
    w.directory.saveSurvey(energy);
    w.directory.putProject(project);
    w.directory.putRound(round);
    return w;
  }

  /** One inbound message: the planner's replies, and the SMS (or WhatsApp message) the webhook answers with. */
  async function turn(w: ConversationWorld, phone: string, text: string, channel: Channel = 'sms'): Promise<{ replies: string[]; sent: string[] }> {
    const { draft } = await w.receive(textMessage(phone, text, { channel }));
    return { replies: draft.replies.map((r) => r.text), sent: twimlMessages(messagingTwiml(draft.replies)) };
  }

  /** Parts a whole answered turn may take: Latin script 2; a script that forces UCS-2 3, 4 with a welcome before the consent. */
  const turnCap = (language: string, welcomed: boolean) => (isLatin(language) ? 2 : welcomed ? 4 : 3);

  it('the greeting to an unknown number: four languages in one message of at most 2 parts', async () => {
    const { sent } = await turn(world(), '+32470555001', 'hallo');
    expect(sent).toHaveLength(1);
    for (const l of ['nl', 'fr', 'en', 'ar'] as const) expect(sent[0]).toContain(texts.t('intro.notEnrolled', [l]));
    expect(smsSegments(sent[0] ?? '').segments).toBeLessThanOrEqual(2);
  });

  it('an unknown code from an unknown number: in four languages, at most 3 parts', async () => {
    const { replies, sent } = await turn(world(), '+32470555002', 'JOIN NOPE42');
    expect(replies).toHaveLength(4);
    for (const reply of replies) expect(reply).toContain('NOPE42');
    for (const reply of replies.slice(0, 3)) expect(smsSegments(reply)).toMatchObject({ encoding: 'GSM-7', segments: 1 });
    expect(smsSegments(sent[0] ?? '').segments).toBeLessThanOrEqual(3);
  });

  it('the language menu comes with its hint, in the project language, within 2 parts', async () => {
    const { sent } = await turn(world(), '+32470555003', JOIN_CODE);
    expect(sent).toHaveLength(1);
    const menu = sent[0] ?? '';
    expect(menu).toContain('8. ትግርኛ');
    expect(menu).toContain('فارسی (دری)');
    expect(menu.endsWith(`\n\n${texts.t('language.menuHint', ['nl'])}`)).toBe(true);
    expect(smsSegments(menu).segments).toBeLessThanOrEqual(2);
  });

  it.each(ALL.map((language, i) => [language, i + 1] as const))(
    'a whole check-in by SMS in %s: the promise a reply of its own, before the question; every SMS within its parts',
    async (language, key) => {
      const w = world();
      const phone = `+3247055510${key}`;
      await turn(w, phone, JOIN_CODE);
      const start = await turn(w, phone, String(key)); // the language menu: its number
      const promise = `${texts.t('consent.promise', [language])} ${texts.t('consent.stop', [language])}`;
      expect(start.replies).toEqual([
        texts.t('join.welcome', [language], { project: PROJECT_NAME }),
        promise,
        expect.stringContaining(texts.t('answer.yes', [language])),
      ]);
      const turns = [start, await turn(w, phone, '1'), await turn(w, phone, '4'), await turn(w, phone, 'Mijn kinderen geven me energie.')];
      expect(turns.at(-1)?.sent).toEqual([texts.t('thanks.completed', [language])]);
      const open = turns[2]?.sent[0] ?? '';
      expect(open).toContain(texts.t('hint.open', [language]));
      expect(open).not.toContain(texts.t('hint.openVoice', [language]));
      const over = turns.flatMap((t, i) =>
        t.sent.filter(
          (m) => smsSegments(m).segments > turnCap(language, i === 0) || (isLatin(language) && !facesOnly(m) && smsSegments(m).encoding !== 'GSM-7'),
        ),
      );
      expect(over).toEqual([]);
    },
  );

  it('by WhatsApp the open question says a voice message is welcome', async () => {
    const w = world();
    const phone = '+32470555200';
    await turn(w, phone, JOIN_CODE, 'whatsapp');
    await turn(w, phone, '3', 'whatsapp');
    await turn(w, phone, '1', 'whatsapp');
    const { sent } = await turn(w, phone, '4', 'whatsapp');
    expect(sent[0]).toContain(texts.t('hint.openVoice', ['en']));
  });
});
