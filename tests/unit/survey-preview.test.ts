import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { messagingTwiml } from '../../adapters/twilio/twiml.js';
import { askEveryQuestion, smsMessage, whatsappParts, type PreviewSettings } from '../../core/conversation/preview.js';
import { questionChain } from '../../core/conversation/question-language.js';
import { restTurn } from '../../core/conversation/tap-delivery.js';
import type { Channel, Project, Reply, Round } from '../../core/model.js';
import { smsSegments } from '../../core/sms-segments.js';
import { languageChain } from '../../core/texts.js';
import type { VoiceNoteMode } from '../../core/voice-notes/speech.js';
import { compileSurvey } from '../../flows/compile.js';
import { parseSurveyDefinition } from '../../flows/definition.js';
import { ConversationWorld, START, textMessage } from './support/conversation-world.js';

/**
 * "Never a copy": the survey preview staff see is what a participant receives. A real conversation (the
 * view loader, the pure planner, the commit round trip of tests/unit/support/conversation-world.ts) is
 * driven over SMS and over WhatsApp through a survey with a consent, a choice and a triad; question by
 * question the replies that asked it are compared with the preview's, and then as they are delivered:
 * the SMS as the TwiML writer makes it (parsed as XML), the WhatsApp turn as the REST delivery splits it
 * (buttons, picture, voice note). Then the SMS parts and encodings against core/sms-segments.ts.
 */

const T = (nl: string, fr: string, ar: string) => ({ nl, fr, ar });
const DEFINITION = parseSurveyDefinition({
  id: 'preview_check',
  version: 2,
  title: T('Voorbeeld', 'Aperçu', 'معاينة'),
  languages: ['nl', 'fr', 'ar'],
  questions: [
    { id: 'consent', kind: 'consent', text: T('Doe je mee?', 'Voulez-vous participer ?', 'هل تشارك؟') },
    {
      id: 'service',
      kind: 'choice',
      text: T('Voor welke dienst kwam je?', 'Pour quel service êtes-vous venu ?', 'لأي خدمة جئت؟'),
      options: [
        { value: 'money', label: T('Geld', 'Argent', 'مال') },
        { value: 'housing', label: T('Wonen', 'Logement', 'سكن') },
        { value: 'work', label: T('Werk', 'Travail', 'عمل') },
      ],
    },
    {
      id: 'difference',
      kind: 'triad',
      text: T('Wie maakte het verschil?', 'Qui a fait la différence ?', 'من صنع الفرق؟'),
      corners: [T('het centrum', 'le centre', 'المركز'), T('familie', 'la famille', 'العائلة'), T('ikzelf', 'moi-même', 'أنا')],
    },
  ],
});
const SURVEY = compileSurvey(DEFINITION);
const DAY = 24 * 3600 * 1000;
/** The answers that move on to the next question: yes, the second service, then the triad's zone 7. */
const ANSWERS = ['1', '2', '7'];

function world(voiceNotes: VoiceNoteMode): { w: ConversationWorld; project: Project } {
  const w = new ConversationWorld();
  const project: Project = {
    projectId: 'preview',
    organisationId: 'org-preview',
    name: 'Preview',
    languages: ['nl', 'fr', 'ar'],
    fallbackLanguages: ['nl'],
    joinCode: 'PREVIEW',
    whatsappTemplates: {},
    voiceNotes,
  };
  const round: Round = {
    projectId: project.projectId,
    roundId: 'r1',
    label: 'start',
    surveyId: DEFINITION.id,
    surveyVersion: DEFINITION.version,
    opensAt: '2026-01-01T00:00:00.000Z',
    closesAt: new Date(START.getTime() + 30 * DAY).toISOString(),
    reminderAfterHours: null,
  };
  w.directory.saveSurvey(DEFINITION);
  w.directory.putProject(project);
  w.directory.putRound(round);
  return { w, project };
}

/** The participant's turns: the first message starts the survey, each answer asks the next question. */
async function converse(channel: Channel, language: string, voiceNotes: VoiceNoteMode): Promise<{ turns: Reply[][]; project: Project }> {
  const { w, project } = world(voiceNotes);
  const phone = '+32470555001';
  w.enrol(phone, project.projectId, language, channel);
  const turns: Reply[][] = [];
  for (const text of ['hallo', ...ANSWERS.slice(0, -1)]) turns.push((await w.receive(textMessage(phone, text, { channel }))).draft.replies);
  return { turns, project };
}

const settings = (channel: Channel, language: string, project: Pick<Project, 'fallbackLanguages' | 'organisationId' | 'voiceNotes'>): PreviewSettings => ({
  survey: SURVEY,
  chain: questionChain(languageChain(language, project.fallbackLanguages), DEFINITION.languages),
  channel,
  organisationId: project.organisationId,
  voiceNotes: project.voiceNotes ?? 'text',
  recorded: [],
});

const xml = new XMLParser({ isArray: (name) => name === 'Message' || name === 'Media', parseTagValue: false, trimValues: false });
type TwimlMessage = string | { Body?: string; '#text'?: string; Media?: string[] };
/** The bodies of the <Message>s of a TwiML reply, as Twilio reads them. */
function twimlBodies(twiml: string): string[] {
  const response = (xml.parse(twiml) as { Response?: { Message?: TwimlMessage[] } | '' }).Response;
  const list = response === undefined || response === '' ? [] : (response.Message ?? []);
  return list.map((m) => (typeof m === 'string' ? m : (m.Body ?? m['#text'] ?? '')));
}

describe('the survey preview is what participants receive', () => {
  it('over SMS, question by question: the same replies, and the SMS the TwiML writer makes ends with the preview message', async () => {
    for (const language of ['fr', 'ar', 'nl']) {
      const { turns, project } = await converse('sms', language, 'text');
      const preview = askEveryQuestion(settings('sms', language, project), new ConversationWorld().texts);
      expect(preview.map((p) => p.question.id)).toEqual(['consent', 'service', 'difference']);
      for (const [i, asked] of preview.entries()) {
        const turn = turns[i] ?? [];
        // The question's replies close the turn (a "thank you" or a welcome may come before them).
        expect(turn.slice(-asked.replies.length), `${language} ${asked.question.id}`).toEqual(asked.replies);
        const sms = twimlBodies(messagingTwiml(turn));
        expect(sms).toHaveLength(1); // one <Message> per turn: SMS arrive in any order
        expect(sms[0]?.endsWith(smsMessage(asked.replies).text), `${language} ${asked.question.id}`).toBe(true);
        expect(smsMessage(asked.replies).text).not.toBe('');
      }
    }
  });

  it('over WhatsApp, question by question: the same buttons or list, the same triad picture, the same text', async () => {
    for (const language of ['fr', 'ar']) {
      const { turns, project } = await converse('whatsapp', language, 'text');
      const preview = askEveryQuestion(settings('whatsapp', language, project), new ConversationWorld().texts);
      for (const [i, asked] of preview.entries()) {
        const turn = turns[i] ?? [];
        expect(turn.slice(-asked.replies.length)).toEqual(asked.replies);
        const sent = restTurn(turn);
        const shown = whatsappParts(asked, SURVEY, new ConversationWorld().texts, true);
        if (!sent) throw new Error(`the ${asked.question.id} turn goes to tap`);
        const sentTaps = sent.at(-1);
        const shownTaps = shown.at(-1);
        if (sentTaps?.kind !== 'taps' || shownTaps?.kind !== 'taps') throw new Error('both end with what to tap');
        expect(shownTaps.choices).toEqual(sentTaps.choices);
        expect(sentTaps.body.endsWith(shownTaps.text)).toBe(true);
        const picture = (parts: typeof sent | typeof shown) => parts.flatMap((p) => (p.kind === 'picture' ? [p.picture] : []));
        expect(picture(shown)).toEqual(picture(sent));
      }
      // What the test is about is there: the choice has three buttons, the triad its picture and seven zones.
      const [, service, difference] = preview.map((a) => whatsappParts(a, SURVEY, new ConversationWorld().texts, true));
      const last = (parts: typeof service) => parts?.at(-1);
      const serviceTaps = last(service);
      expect(serviceTaps?.kind === 'taps' && serviceTaps.choices.options.map((o) => o.id)).toEqual([
        't1:preview_check:2:service:money',
        't1:preview_check:2:service:housing',
        't1:preview_check:2:service:work',
      ]);
      expect(difference?.map((p) => p.kind)).toEqual(['picture', 'taps']);
      expect(difference?.[0]).toMatchObject({ kind: 'picture', picture: { kind: 'triad', questionId: 'difference', language } });
      const triadTaps = last(difference);
      expect(triadTaps?.kind === 'taps' && triadTaps.choices.options).toHaveLength(7);
    }
  });

  it('over WhatsApp with voice notes first: the note comes first and says the question; only the options are written after it', async () => {
    const { turns, project } = await converse('whatsapp', 'fr', 'voice-first');
    const texts = new ConversationWorld().texts;
    const preview = askEveryQuestion(settings('whatsapp', 'fr', project), texts);
    const service = preview[1];
    if (!service) throw new Error('two questions');
    expect(turns[1]?.slice(-service.replies.length)).toEqual(service.replies);
    const shown = whatsappParts(service, SURVEY, texts, true);
    expect(shown.map((p) => p.kind)).toEqual(['voice-note', 'taps']);
    // The turn after "yes" is the question alone: sent as the preview shows it, message for message.
    expect(restTurn(turns[1] ?? [])).toEqual(restTurn(service.replies));
    const note = shown[0];
    expect(note?.kind === 'voice-note' && note.says).toContain('Pour quel service êtes-vous venu ?');
    expect(note?.kind === 'voice-note' && note.speech).toEqual({
      organisationId: 'org-preview',
      surveyId: 'preview_check',
      surveyVersion: 2,
      questionId: 'service',
      language: 'fr',
    });
    const taps = shown[1];
    expect(taps?.kind === 'taps' && taps.text).not.toContain('Pour quel service'); // voice first: the options only
  });

  it('SMS parts and encoding as core/sms-segments.ts counts them: French with "ê" is UCS-2, Dutch plain GSM-7, Arabic UCS-2', () => {
    const texts = new ConversationWorld().texts;
    const project = { fallbackLanguages: ['nl'], organisationId: 'o', voiceNotes: 'text' as const };
    const byLanguage = (language: string) => askEveryQuestion(settings('sms', language, project), texts).map((a) => smsMessage(a.replies));
    const fr = byLanguage('fr')[1];
    expect(fr?.text).toContain('ê');
    expect(fr).toMatchObject({ encoding: 'UCS-2', parts: smsSegments(fr?.text ?? '').segments });
    const nl = byLanguage('nl')[1];
    expect(nl).toMatchObject({ encoding: 'GSM-7', parts: smsSegments(nl?.text ?? '').segments });
    expect(nl?.parts).toBe(1);
    for (const m of byLanguage('ar')) expect(m.encoding).toBe('UCS-2');
    // The consent's promise and its question are one message, as the TwiML writer sends them.
    const consent = byLanguage('nl')[0];
    expect(consent?.text).toContain('Doe je mee?');
    expect(consent?.text.indexOf('Doe je mee?')).toBeGreaterThan(0);
    expect(consent?.parts).toBe(smsSegments(consent?.text ?? '').segments);
  });
});
