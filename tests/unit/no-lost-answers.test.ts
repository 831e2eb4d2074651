import { describe, expect, it } from 'vitest';
import type { Channel } from '../../core/model.js';
import { isRemark } from '../../flows/answers.js';
import { parseSurveyDefinition, type SurveyDefinitionInput } from '../../flows/definition.js';
import { DEMO_PROJECT } from '../../local/seed.js';
import { ConversationWorld, textMessage } from './support/conversation-world.js';

/**
 * Issue 20, item 4 ("no lost answers") at the planner tier, tried as people write: a command word alone
 * where their own words are asked for, a quoted word that is meant as the answer, a sentence where a number
 * or a choice is expected, and the short replies ("ok", 👍) that are only a misunderstanding.
 */

const PHONE = '+32470990201';
const EN = ['en'];
const AR = ['ar'];

const en = (text: string, ar: string) => ({ en: text, ar });
/** Every closed kind once, then an open question, in English and Arabic. */
const closed: SurveyDefinitionInput = {
  id: 'closed_kinds',
  version: 1,
  title: en('Closed', 'مغلق'),
  languages: ['en', 'ar'],
  questions: [
    { id: 'consent', kind: 'consent', text: en('Will you take part?', 'هل تشارك؟') },
    { id: 'treated', kind: 'statement', text: en('I was treated with respect.', 'عوملت باحترام.') },
    {
      id: 'how',
      kind: 'choice',
      text: en('How did you come?', 'كيف جئت؟'),
      options: [
        { value: 'bus', label: en('By bus', 'بالحافلة') },
        { value: 'foot', label: en('On foot', 'مشيا') },
      ],
    },
    { id: 'energy', kind: 'scale', text: en('How much energy do you have?', 'كم لديك من الطاقة؟') },
    { id: 'visits', kind: 'number', text: en('How many visits?', 'كم زيارة؟'), min: 0, max: 20 },
    { id: 'felt', kind: 'dyad', text: en('I felt…', 'شعرت…'), left: en('alone', 'وحيد'), right: en('supported', 'مدعوم') },
    {
      id: 'difference',
      kind: 'triad',
      text: en('What made the difference?', 'ما الذي أحدث الفرق؟'),
      corners: [en('the staff', 'الموظفون'), en('family', 'العائلة'), en('myself', 'أنا')],
    },
    { id: 'change', kind: 'open', text: en('What would help you most?', 'ما الذي يساعدك أكثر؟') },
    { id: 'last', kind: 'scale', text: en('And now?', 'والآن؟') },
  ],
};
const ORDER = ['consent', 'treated', 'how', 'energy', 'visits', 'felt', 'difference', 'change', 'last'] as const;
/** A valid answer to each question, to walk past it. */
const VALID: Record<(typeof ORDER)[number], string> = {
  consent: 'yes',
  treated: '1',
  how: '2',
  energy: '4',
  visits: '3',
  felt: '2',
  difference: '7',
  change: 'a bus closer to home',
  last: '5',
};

/** The closed-kinds survey in a project of its own ("JOIN CLOSED"), open a year from START. */
function world(): ConversationWorld {
  const w = new ConversationWorld();
  const { round } = w.seedDemo();
  const survey = parseSurveyDefinition(closed);
  w.directory.saveSurvey(survey);
  w.directory.putProject({ ...DEMO_PROJECT, projectId: 'closed', joinCode: 'CLOSED', languages: ['en', 'ar'], fallbackLanguages: ['en'] });
  w.directory.putRound({ ...round, projectId: 'closed', roundId: 'closed-start', surveyId: survey.id, surveyVersion: survey.version });
  return w;
}

async function say(w: ConversationWorld, text: string, channel: Channel = 'whatsapp'): Promise<string[]> {
  const { draft } = await w.receive(textMessage(PHONE, text, { channel }));
  return draft.replies.map((r) => r.text);
}

/** Joined in `language` (1: English, 2: Arabic) and walked up to `question`. */
async function at(question: (typeof ORDER)[number], language: '1' | '2' = '1'): Promise<ConversationWorld> {
  const w = world();
  await say(w, 'JOIN CLOSED');
  await say(w, language);
  for (const id of ORDER.slice(0, ORDER.indexOf(question))) await say(w, VALID[id]);
  expect(flowValue(w)).toBe(question);
  return w;
}

function flowValue(w: ConversationWorld): string | undefined {
  return w.state(w.contactKey(PHONE)).sessions.find((s) => s.projectId === 'closed')?.flow.value;
}

const records = (w: ConversationWorld, questionId: string, status?: string) =>
  w.answers.filter((a) => a.projectId === 'closed' && a.questionId === questionId && (status === undefined || a.status === status));

describe('a command word alone at an open question is a command', () => {
  for (const word of ['Hulp', 'help', 'HELP', 'Hulp!', 'AIDE', 'مساعدة', 'ДОПОМОГА']) {
    it(`"${word}" gives the help, says how to send the word as the answer, and asks the question again`, async () => {
      const w = await at('change');
      const replies = await say(w, word);
      const [help, hint, question] = replies;
      expect(help).toBe(w.texts.t('help.text', EN));
      expect(hint).toBe(w.texts.t('help.wordAsAnswer', EN, { word: word.replace(/!$/, '') }));
      expect(question).toContain('What would help you most?');
      expect(replies).toHaveLength(3);
      expect(records(w, 'change')).toEqual([]);
      expect(flowValue(w)).toBe('change');
    });
  }

  for (const word of ['taal', 'TAAL', 'LANGUAGE', 'اللغة', 'زبان']) {
    it(`"${word}" opens the language menu (with the same hint), and stores nothing`, async () => {
      const w = await at('change');
      const replies = await say(w, word);
      expect(replies[0]).toBe(`🌐\n1. English\n2. العربية\n\n${w.texts.t('language.menuHint', EN)}`);
      expect(replies[1]).toBe(w.texts.t('help.wordAsAnswer', EN, { word }));
      expect(w.state(w.contactKey(PHONE)).contact?.awaiting).toBe('language');
      expect(records(w, 'change')).toEqual([]);
    });
  }

  for (const word of ['STOP', 'stop', 'Stoppen', 'توقف', '"STOP"', '«STOP»']) {
    it(`"${word}" always stops, also where own words are asked for`, async () => {
      const w = await at('change');
      const replies = await say(w, word);
      expect(replies).toHaveLength(1);
      expect(w.state(w.contactKey(PHONE)).contact?.optedOut).toBe(true);
      expect(records(w, 'change')).toEqual([]);
    });
  }

  it('the hint is given in the language of the person, with the word as they typed it (Arabic)', async () => {
    const w = await at('change', '2');
    const replies = await say(w, 'اللغة');
    expect(replies[1]).toBe(w.texts.t('help.wordAsAnswer', AR, { word: 'اللغة' }));
    expect(replies[1]).toContain('«اللغة»');
  });

  it('at a closed question HELP gives the help and the question, with no hint about quotes', async () => {
    const w = await at('energy');
    const replies = await say(w, 'HELP');
    expect(replies[0]).toBe(w.texts.t('help.text', EN));
    expect(replies.join('\n')).not.toContain(w.texts.t('help.wordAsAnswer', EN, { word: 'HELP' }));
    expect(replies).toHaveLength(2);
  });
});

describe('the word itself can still be the answer', () => {
  for (const typed of ['"Hulp"', '“help”', '«اللغة»', "'taal'", '„HULP“', ' "HELP" ', '"START"', '"ERASE"']) {
    it(`in quotes: ${typed} is the answer to the open question`, async () => {
      const w = await at('change');
      await say(w, typed);
      expect(records(w, 'change', 'answered').map((a) => a.value)).toEqual([typed.trim()]);
      expect(flowValue(w)).toBe('last');
    });
  }

  for (const typed of ['meer hulp', 'help with the letters', 'taal lessen', 'help me fill in forms']) {
    it(`with other words: "${typed}" is the answer`, async () => {
      const w = await at('change');
      await say(w, typed);
      expect(records(w, 'change', 'answered').map((a) => a.value)).toEqual([typed]);
    });
  }

  it('after LANGUAGE at an open question, a reply that names no language is the answer: the menu lapses', async () => {
    const w = await at('change');
    await say(w, 'taal');
    const replies = await say(w, 'lessons in Dutch');
    expect(records(w, 'change', 'answered').map((a) => a.value)).toEqual(['lessons in Dutch']);
    expect(w.state(w.contactKey(PHONE)).contact).toMatchObject({ awaiting: null, language: 'en' });
    expect(replies.join('\n')).toContain('And now?');
  });

  it('after LANGUAGE, a number or a language name still chooses from the menu, and nothing is answered', async () => {
    const w = await at('change');
    await say(w, 'LANGUAGE');
    const replies = await say(w, '2');
    expect(w.state(w.contactKey(PHONE)).contact).toMatchObject({ awaiting: null, language: 'ar' });
    expect(replies.join('\n')).toContain('ما الذي يساعدك أكثر؟');
    expect(records(w, 'change')).toEqual([]);
    await say(w, 'taal');
    await say(w, '9'); // no such language: the menu again, never an answer
    expect(w.state(w.contactKey(PHONE)).contact?.awaiting).toBe('language');
    await say(w, 'English');
    expect(w.state(w.contactKey(PHONE)).contact).toMatchObject({ awaiting: null, language: 'en' });
    expect(records(w, 'change')).toEqual([]);
  });

  it('after LANGUAGE, the quoted word is the answer (the open question is still the one asked)', async () => {
    const w = await at('change');
    await say(w, 'اللغة');
    await say(w, '«اللغة»');
    expect(records(w, 'change', 'answered').map((a) => a.value)).toEqual(['«اللغة»']);
    expect(w.state(w.contactKey(PHONE)).contact?.awaiting).toBeNull();
  });

  it('after LANGUAGE, HELP gives the help and ends the menu; then the quoted word is the answer', async () => {
    const w = await at('change');
    await say(w, 'taal');
    const replies = await say(w, 'HULP');
    expect(replies[0]).toBe(w.texts.t('help.text', EN));
    expect(w.state(w.contactKey(PHONE)).contact?.awaiting).toBeNull();
    await say(w, '"HULP"');
    expect(records(w, 'change', 'answered').map((a) => a.value)).toEqual(['"HULP"']);
  });

  it('a person without a language yet stays at the menu until they choose one', async () => {
    const w = world();
    await say(w, 'JOIN CLOSED');
    const replies = await say(w, 'what is this');
    expect(replies).toEqual([expect.stringMatching(/^🌐\n1\. English\n2\. العربية\n\n/)]);
    expect(w.state(w.contactKey(PHONE)).contact).toMatchObject({ awaiting: 'language', language: null });
  });
});

describe('free text at a closed question', () => {
  const SENTENCE = 'the staff were kind but I waited two hours';
  for (const question of ['treated', 'how', 'energy', 'visits', 'felt', 'difference'] as const) {
    it(`a sentence at ${question} is kept as a comment on it, the person is told, and the question is asked again`, async () => {
      const w = await at(question);
      const replies = await say(w, SENTENCE);
      expect(records(w, question)).toMatchObject([{ value: SENTENCE, status: 'comment' }]);
      expect(replies).toHaveLength(1);
      expect(replies[0]?.startsWith(w.texts.t('invalid.keptAsComment', EN))).toBe(true);
      expect(replies[0]).not.toContain(w.texts.t('invalid.notUnderstood', EN));
      expect(flowValue(w)).toBe(question);
      // …and the answer that follows is the answer, beside the comment.
      await say(w, VALID[question]);
      expect(records(w, question).map((a) => a.status)).toEqual(['comment', 'answered']);
    });
  }

  for (const [question, typed] of [
    ['energy', 'ok'],
    ['energy', '👍'],
    ['energy', 'good'],
    ['energy', 'very good'],
    ['treated', '4'],
    ['treated', 'maybe'],
    ['visits', 'many'],
    ['visits', '150'],
    ['how', 'tram'],
    ['felt', '🙏'],
    ['difference', '9'],
  ] as const) {
    it(`"${typed}" at ${question} is only a misunderstanding: asked again, nothing stored`, async () => {
      const w = await at(question);
      const replies = await say(w, typed);
      expect(replies[0]?.startsWith(w.texts.t('invalid.notUnderstood', EN))).toBe(true);
      expect(records(w, question)).toEqual([]);
      expect(flowValue(w)).toBe(question);
    });
  }

  it('three sentences in a row: all three kept, then the question passed over, saying the words are kept', async () => {
    const w = await at('treated');
    const sentences = ['it depends on who you see', 'some of them are kind to me', 'I really do not know how to say it'];
    const replies: string[][] = [];
    for (const s of sentences) replies.push(await say(w, s));
    expect(records(w, 'treated', 'comment').map((a) => a.value)).toEqual(sentences);
    expect(records(w, 'treated', 'unreadable')).toHaveLength(1);
    expect(records(w, 'treated', 'answered')).toEqual([]);
    expect(replies[2]?.slice(0, 2)).toEqual([w.texts.t('invalid.keptAsComment', EN), w.texts.t('invalid.passedOver', EN)]);
    expect(replies[2]?.join('\n')).toContain('How did you come?');
    expect(flowValue(w)).toBe('how');
  });

  it('a comment is redacted like an open answer, and told in the person’s language (Arabic)', async () => {
    const w = await at('treated', '2');
    const replies = await say(w, 'اتصلوا بي على 0470 12 34 56 من فضلكم');
    const [comment] = records(w, 'treated', 'comment');
    expect(comment?.value).toEqual(expect.stringContaining('اتصلوا بي'));
    expect(JSON.stringify(w.answers)).not.toMatch(/0470|12 34 56/);
    expect(replies[0]?.startsWith(w.texts.t('invalid.keptAsComment', AR))).toBe(true);
  });

  it('a short word at the consent question is asked again and not kept', async () => {
    const w = world();
    await say(w, 'JOIN CLOSED');
    await say(w, '1');
    await say(w, 'what');
    expect(records(w, 'consent')).toEqual([]);
  });
});

describe('what is a remark (kept) and what is a misunderstanding (asked again)', () => {
  it('three words or more, or one or two long ones, are a remark; short replies, numbers and emoji are not', () => {
    for (const text of [
      'the staff were kind',
      'it depends on the day',
      'لا أعرف حقا الآن',
      'Verblijfsvergunning',
      'Onvoldoende begeleiding',
      'ሰሚዖምኒ ግን ነዊሕ ተጸቢየ',
    ])
      expect(isRemark(text), text).toBe(true);
    for (const text of ['ok', 'okay', '👍', '👍👍👍', '4', '150', '1 2 3', 'very good', 'geen idee', 'لا أعرف', '', '   ', '?', '!!!', 'ok ok'])
      expect(isRemark(text), text).toBe(false);
  });
});
