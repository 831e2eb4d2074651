import { describe, expect, it } from 'vitest';
import type { Askable } from '../../flows/answers.js';
import { compileSurvey } from '../../flows/compile.js';
import { parseSurveyDefinition } from '../../flows/definition.js';
import { questionReply, renderQuestion, triadCornersIn, triadPicture } from '../../core/conversation/render.js';
import type { Channel } from '../../core/model.js';
import { createTexts } from '../../core/texts.js';

/** The reply that asks a question: WhatsApp triads carry their picture, everything else is text only. */

const L = (en: string, ar: string, nl: string) => ({ en, ar, nl });
const survey = compileSurvey(
  parseSurveyDefinition({
    id: 'picture_test',
    version: 3,
    title: L('Pictures', 'صور', "Foto's"),
    languages: ['nl', 'en', 'ar'],
    questions: [
      { id: 'consent', kind: 'consent', text: L('Will you take part?', 'هل تشارك؟', 'Doe je mee?') },
      {
        id: 'felt',
        kind: 'dyad',
        text: L('I felt…', 'شعرت…', 'Ik voelde me…'),
        left: L('alone', 'وحيدا', 'alleen'),
        right: L('supported', 'مدعوما', 'gesteund'),
      },
      {
        id: 'help',
        kind: 'triad',
        text: L('Who made the difference?', 'من صنع الفرق؟', 'Wie maakte het verschil?'),
        corners: [L('the centre', 'المركز', 'het centrum'), L('family', 'العائلة', 'familie'), L('myself', 'أنا', 'ikzelf')],
      },
    ],
  }),
);
const texts = createTexts();
const ask = (id: string): Askable => {
  const q = survey.askables.get(id);
  if (!q) throw new Error(id);
  return q;
};
const triad = (): Extract<Askable, { kind: 'triad' }> => {
  const q = ask('help');
  if (q.kind !== 'triad') throw new Error('not a triad');
  return q;
};
const reply = (id: string, channel: Channel, chain: readonly string[] = ['en'], again = false) =>
  questionReply(ask(id), again, chain, survey.definition, texts, channel);

describe('questionReply', () => {
  it('gives a WhatsApp triad its picture, named by survey version, question and the language of its corners', () => {
    expect(reply('help', 'whatsapp', ['ar', 'nl'])).toEqual({
      text: renderQuestion(ask('help'), false, ['ar', 'nl'], survey.definition, texts),
      picture: { kind: 'triad', surveyId: 'picture_test', surveyVersion: 3, questionId: 'help', language: 'ar' },
      // Its seven zones to tap as well (taps.ts), numbered as on the picture.
      choices: expect.objectContaining({ options: expect.arrayContaining([expect.objectContaining({ id: 't1:picture_test:3:help:7' })]) }),
    });
  });

  it('keeps the numbered zones in the text with the picture, also on a re-prompt', () => {
    const again = reply('help', 'whatsapp', ['en'], true);
    expect(again.picture?.language).toBe('en');
    expect(again.text).toBe(renderQuestion(ask('help'), true, ['en'], survey.definition, texts));
    expect(again.text).toContain('7. all three equally');
    expect(again.text).toContain(texts.t('hint.triad', ['en']));
  });

  it('labels the corners in the first language of the chain the survey has (a Tigrinya speaker with fallback en gets English)', () => {
    expect(reply('help', 'whatsapp', ['ti', 'en', 'nl']).picture?.language).toBe('en');
    // No language of the chain in the survey: its main language, as the text.
    expect(reply('help', 'whatsapp', ['ti']).picture?.language).toBe('nl');
    expect(reply('help', 'whatsapp', ['ti']).text.startsWith('Wie maakte het verschil?')).toBe(true);
  });

  it('sends no picture over SMS or in a call, nor with other questions over WhatsApp', () => {
    expect(reply('help', 'sms')).toEqual({ text: renderQuestion(ask('help'), false, ['en'], survey.definition, texts) });
    expect(reply('help', 'voice').picture).toBeUndefined();
    // A dyad over WhatsApp brings its answers to tap (core/conversation/taps.ts), never a picture.
    expect(reply('felt', 'whatsapp').picture).toBeUndefined();
    expect(reply('felt', 'whatsapp').text).toBe(renderQuestion(ask('felt'), false, ['en'], survey.definition, texts, 'whatsapp'));
    expect(reply('consent', 'whatsapp').picture).toBeUndefined();
  });
});

describe('triad corners for the picture', () => {
  it('are the three qualities in one language, or null where one is missing', () => {
    expect(triadCornersIn(triad(), 'ar')).toEqual(['المركز', 'العائلة', 'أنا']);
    expect(triadCornersIn(triad(), 'tr')).toBeNull();
    expect(triadPicture(triad(), ['nl'], survey.definition)).toEqual({
      kind: 'triad',
      surveyId: 'picture_test',
      surveyVersion: 3,
      questionId: 'help',
      language: 'nl',
    });
  });
});
