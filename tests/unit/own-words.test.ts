import { describe, expect, it } from 'vitest';
import type { Inbound } from '../../core/conversation/inbound.js';
import { plan } from '../../core/conversation/plan/plan.js';
import type { Answer, Channel } from '../../core/model.js';
import { joinParts } from '../../core/results/respondents.js';
import { parseSurveyDefinition, type SurveyDefinitionInput } from '../../flows/definition.js';
import energyCheckin from '../../flows/templates/energy-checkin.json' with { type: 'json' };
import { DEMO_PROJECT } from '../../local/seed.js';
import { ConversationWorld, textMessage } from './support/conversation-world.js';

/**
 * Issue 19, "every message ends up somewhere staff can read", at the planner tier, tried as people write:
 * long answers, answers in several messages sent one after the other, words where a number is expected.
 * What staff read is what `joinParts` makes of the stored records (the export and the results read them so).
 */

const PHONE = '+32470990101';
const EN = ['en'];
const SECOND = 1000;
const MINUTE = 60 * SECOND;

/** Exactly `n` characters of plain lowercase words (nothing a redactor would take), ending on a letter. */
function words(n: number, seed = 'the help here is good but the waiting is long and the letters are hard to read'): string {
  let text = '';
  while (text.length < n) text += `${seed} `;
  text = text.slice(0, n);
  return text.endsWith(' ') ? `${text.slice(0, -1)}x` : text;
}

const message = (text: string, channel: Channel = 'whatsapp'): Inbound => textMessage(PHONE, text, { channel });

/** The demo check-in in English, up to its first open question (the probe after "I feel respected": true). */
async function atOpenQuestion(w: ConversationWorld, channel: Channel = 'whatsapp'): Promise<void> {
  for (const text of ['JOIN DEMO', '3', 'yes', '4', '1']) await w.receive(message(text, channel));
  expect(flowValue(w)).toBe('probe:respected');
}

function flowValue(w: ConversationWorld): string | undefined {
  const state = w.state(w.contactKey(PHONE));
  return state.sessions.find((s) => s.projectId === state.contact?.activeProjectId)?.flow.value;
}

/** The replies to one message, as text. */
async function say(w: ConversationWorld, text: string, channel: Channel = 'whatsapp'): Promise<string[]> {
  const { draft } = await w.receive(message(text, channel));
  return draft.replies.map((r) => r.text);
}

/** What staff read of this person's answers: continued parts joined, comments beside the answers. */
const read = (w: ConversationWorld): Answer[] => joinParts(w.answers.filter((a) => a.respondentCode === w.protector.respondentCode(a.projectId, PHONE)));
const at = (w: ConversationWorld, questionId: string, status = 'answered'): Answer[] =>
  read(w).filter((a) => a.questionId === questionId && a.status === status);

/** A project of its own with this survey, open from START for a year, that "JOIN <code>" enters. */
function withSurvey(w: ConversationWorld, json: SurveyDefinitionInput | unknown, code: string): void {
  const { round } = w.seedDemo();
  const survey = parseSurveyDefinition(json);
  w.directory.saveSurvey(survey);
  const projectId = code.toLowerCase();
  w.directory.putProject({ ...DEMO_PROJECT, projectId, joinCode: code, languages: ['en'], fallbackLanguages: ['en'] });
  w.directory.putRound({ ...round, projectId, roundId: `${projectId}-start`, surveyId: survey.id, surveyVersion: survey.version });
}

const en = (text: string) => ({ en: text });
/** Consent, an open question with an author's cap of 20, then two choice questions. */
const capped: SurveyDefinitionInput = {
  id: 'capped',
  version: 1,
  title: en('Capped'),
  languages: ['en'],
  questions: [
    { id: 'consent', kind: 'consent', text: en('Will you take part?') },
    { id: 'why', kind: 'open', text: en('Why did you come?'), maxLength: 20 },
    {
      id: 'how',
      kind: 'choice',
      text: en('How did you come?'),
      options: [
        { value: 'bus', label: en('By bus') },
        { value: 'foot', label: en('On foot') },
      ],
    },
    {
      id: 'when',
      kind: 'choice',
      text: en('When?'),
      options: [
        { value: 'morning', label: en('Morning') },
        { value: 'evening', label: en('Evening') },
      ],
    },
  ],
};

async function atCapped(w: ConversationWorld): Promise<void> {
  withSurvey(w, capped, 'CAP');
  for (const text of ['JOIN CAP', '1', 'yes']) await w.receive(message(text)); // 1: English, the one language offered
  expect(flowValue(w)).toBe('why');
}

describe('open answers keep their whole text, up to what the channel allows', () => {
  it('a 4,095-character WhatsApp answer is kept whole, and the person hears nothing about its length', async () => {
    const w = new ConversationWorld();
    w.seedDemo();
    await atOpenQuestion(w);
    const text = words(4095);
    const replies = await say(w, text);
    expect(at(w, 'respected.probe').map((a) => a.value)).toEqual([text]);
    expect(read(w).filter((a) => a.status === 'comment')).toEqual([]);
    expect(replies.join('\n')).not.toContain(w.texts.t('ownWords.maybeCut', EN));
    expect(flowValue(w)).toBe('understood');
  });

  it('a 1,600-character SMS is kept whole; at the limit of SMS the person is told the end may be missing', async () => {
    const w = new ConversationWorld();
    w.seedDemo();
    await atOpenQuestion(w, 'sms');
    const text = words(1600);
    const replies = await say(w, text, 'sms');
    expect(at(w, 'respected.probe').map((a) => a.value)).toEqual([text]);
    expect(replies).toContain(w.texts.t('ownWords.maybeCut', EN));
    expect(flowValue(w)).toBe('understood');
  });

  it('a 1,599-character SMS is under the limit: kept whole, nothing said about its length', async () => {
    const w = new ConversationWorld();
    w.seedDemo();
    await atOpenQuestion(w, 'sms');
    const text = words(1599);
    const replies = await say(w, text, 'sms');
    expect(at(w, 'respected.probe').map((a) => a.value)).toEqual([text]);
    expect(replies.join('\n')).not.toContain(w.texts.t('ownWords.maybeCut', EN));
  });

  it('a 4,096-character WhatsApp message reaches the limit: kept whole, and the person is told to send any rest', async () => {
    const w = new ConversationWorld();
    w.seedDemo();
    await atOpenQuestion(w);
    const text = words(4096);
    const replies = await say(w, text);
    expect(at(w, 'respected.probe').map((a) => a.value)).toEqual([text]);
    expect(replies).toContain(w.texts.t('ownWords.maybeCut', EN));
  });

  it("over a survey author's cap: the answer holds the cap, the rest is a comment on the same question, the person is told", async () => {
    const w = new ConversationWorld();
    await atCapped(w);
    const text = 'we came for the rent money 😀 and for the school of the children';
    const replies = await say(w, text);
    const [answer] = at(w, 'why');
    const [rest] = at(w, 'why', 'comment');
    expect(Array.from(String(answer?.value))).toHaveLength(20);
    expect(`${answer?.value}${rest?.value}`).toBe(text); // nothing lost, nothing doubled
    expect(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(String(answer?.value))).toBe(false);
    expect(replies).toContain(w.texts.t('ownWords.longerThanAsked', EN));
    expect(flowValue(w)).toBe('how');
  });

  it('a burst that takes an open answer over the cap: the part over it is a comment, and nothing is lost', async () => {
    const w = new ConversationWorld();
    await atCapped(w);
    await say(w, 'the rent money');
    const replies = await say(w, 'and the school of the kids');
    const [answer] = at(w, 'why');
    const comments = at(w, 'why', 'comment');
    expect(Array.from(String(answer?.value)).length).toBeLessThanOrEqual(20);
    expect(`${answer?.value}${comments.map((c) => c.value).join('')}`).toBe('the rent money\nand the school of the kids');
    expect(replies).toContain(w.texts.t('ownWords.longerThanAsked', EN));
    expect(flowValue(w)).toBe('how');
  });

  it('survey definitions that set maxLength still validate (1 to 1,600 as before), and 4,096 is now allowed', () => {
    for (const maxLength of [1, 1000, 1600, 4096]) {
      const def = parseSurveyDefinition({ ...capped, questions: [capped.questions[0], { id: 'why', kind: 'open', text: en('Why?'), maxLength }] });
      expect(def.questions[1]).toMatchObject({ kind: 'open', maxLength });
    }
    expect(() => parseSurveyDefinition({ ...capped, questions: [{ id: 'why', kind: 'open', text: en('Why?'), maxLength: 4097 }] })).toThrow(/maxLength/);
    expect(() => parseSurveyDefinition({ ...capped, questions: [{ id: 'why', kind: 'open', text: en('Why?'), maxLength: 0 }] })).toThrow(/maxLength/);
    const story = parseSurveyDefinition({ ...capped, questions: [{ id: 'story', kind: 'story', text: en('Tell?'), maxLength: 1600 }] });
    expect(story.questions[0]).toMatchObject({ kind: 'story', maxLength: 1600 });
  });
});

describe('bursts: messages sent one after the other at an open question join it', () => {
  it('two messages in a burst: the second joins the open answer on a new line, and is not read as the next question', async () => {
    const w = new ConversationWorld();
    w.seedDemo();
    await atOpenQuestion(w);
    await say(w, 'the staff are kind');
    w.now = new Date(w.now.getTime() + 20 * SECOND);
    const replies = await say(w, 'but the waiting room is cold');
    expect(replies).toEqual([w.texts.t('ownWords.added', EN)]); // never "did not understand"
    expect(at(w, 'respected.probe').map((a) => a.value)).toEqual(['the staff are kind\nbut the waiting room is cold']);
    expect(at(w, 'understood')).toEqual([]);
    expect(read(w).filter((a) => a.status === 'comment')).toEqual([]);
    expect(flowValue(w)).toBe('understood'); // the next question still waits for its answer
  });

  it('three messages in a burst join in the order they came', async () => {
    const w = new ConversationWorld();
    w.seedDemo();
    await atOpenQuestion(w);
    for (const text of ['the staff', 'listen to me', 'most of the time']) {
      await say(w, text);
      w.now = new Date(w.now.getTime() + 5 * SECOND);
    }
    expect(at(w, 'respected.probe').map((a) => a.value)).toEqual(['the staff\nlisten to me\nmost of the time']);
    expect(flowValue(w)).toBe('understood');
  });

  it('within the window, a message that is a valid answer to the question now asked is that answer: a fast "2" is not appended', async () => {
    const w = new ConversationWorld();
    w.seedDemo();
    await atOpenQuestion(w);
    await say(w, 'the staff are kind');
    const replies = await say(w, '2');
    expect(at(w, 'respected.probe').map((a) => a.value)).toEqual(['the staff are kind']);
    expect(at(w, 'understood').map((a) => a.value)).toEqual(['not_true']);
    expect(flowValue(w)).toBe('probe:understood');
    expect(replies.join('\n')).not.toContain(w.texts.t('ownWords.added', EN));
  });

  it('the window is 2 minutes from the last part: at 2 minutes a message still joins, and each part restarts the window', async () => {
    const w = new ConversationWorld();
    w.seedDemo();
    await atOpenQuestion(w);
    await say(w, 'red');
    w.now = new Date(w.now.getTime() + 2 * MINUTE);
    await say(w, 'green');
    w.now = new Date(w.now.getTime() + 2 * MINUTE);
    await say(w, 'blue');
    expect(at(w, 'respected.probe').map((a) => a.value)).toEqual(['red\ngreen\nblue']);
  });

  it('after the window a message is read as usual: kept as a comment on the question asked, which is asked again', async () => {
    const w = new ConversationWorld();
    w.seedDemo();
    await atOpenQuestion(w);
    await say(w, 'the staff are kind');
    w.now = new Date(w.now.getTime() + 2 * MINUTE + SECOND);
    const replies = await say(w, 'but the waiting room is cold');
    expect(replies[0]?.startsWith(w.texts.t('invalid.keptAsComment', EN))).toBe(true);
    expect(at(w, 'respected.probe').map((a) => a.value)).toEqual(['the staff are kind']);
    expect(at(w, 'understood', 'comment').map((a) => a.value)).toEqual(['but the waiting room is cold']);
    expect(flowValue(w)).toBe('understood');
  });

  it('the window is read from the stored session and the given time, never a clock: the same view planned later is not a burst', async () => {
    const w = new ConversationWorld();
    w.seedDemo();
    await atOpenQuestion(w);
    await say(w, 'the staff are kind');
    const inbound = message('but the waiting room is cold');
    const view = await w.loader(inbound).load(w.state(w.contactKey(PHONE)));
    const soon = plan(view, inbound, new Date(w.now.getTime() + 30 * SECOND));
    const late = plan(view, inbound, new Date(w.now.getTime() + 3 * MINUTE));
    expect(soon.replies.map((r) => r.text)).toEqual([w.texts.t('ownWords.added', EN)]);
    expect(late.replies[0]?.text.startsWith(w.texts.t('invalid.keptAsComment', EN))).toBe(true);
  });

  it('once the question after the open one is answered, a burst no longer joins: words at the next question are a comment', async () => {
    const w = new ConversationWorld();
    await atCapped(w);
    await say(w, 'the rent');
    await say(w, '1'); // by bus
    const replies = await say(w, 'and the school');
    expect(replies[0]?.startsWith(w.texts.t('invalid.keptAsComment', EN))).toBe(true);
    expect(at(w, 'why').map((a) => a.value)).toEqual(['the rent']);
    expect(at(w, 'when', 'comment').map((a) => a.value)).toEqual(['and the school']);
  });

  it('after the last question: a burst after the open answer that completed the survey joins it, not "already answered"', async () => {
    const w = new ConversationWorld();
    withSurvey(w, energyCheckin, 'ENERGIE');
    for (const text of ['JOIN ENERGIE', '1', 'yes', '2', 'looking for a flat']) await say(w, text);
    expect(flowValue(w)).toBe('completed');
    const replies = await say(w, 'takes all my energy');
    expect(replies).toEqual([w.texts.t('ownWords.added', EN)]);
    expect(at(w, 'energy_why').map((a) => a.value)).toEqual(['looking for a flat\ntakes all my energy']);
    w.now = new Date(w.now.getTime() + 3 * MINUTE);
    expect(await say(w, 'thanks')).toEqual([w.texts.t('round.alreadyCompleted', EN)]);
  });

  it('a burst part is redacted like the open answer it joins', async () => {
    const w = new ConversationWorld();
    w.seedDemo();
    await atOpenQuestion(w);
    await say(w, 'please call me');
    await say(w, 'my number is 0470 12 34 56');
    const [answer] = at(w, 'respected.probe');
    expect(String(answer?.value)).toMatch(/^please call me\nmy number is /);
    expect(JSON.stringify(w.answers)).not.toMatch(/0470|12 34 56/);
  });
});

describe('comments: what cannot be an answer is kept on the question being asked', () => {
  it('an unparseable message at a choice question is kept as a comment on it, and the question is asked again', async () => {
    const w = new ConversationWorld();
    await atCapped(w);
    await say(w, 'the rent');
    w.now = new Date(w.now.getTime() + 3 * MINUTE);
    const replies = await say(w, 'the tram, then walking');
    expect(replies[0]?.startsWith(w.texts.t('invalid.keptAsComment', EN))).toBe(true);
    expect(replies.join('\n')).toContain('How did you come?');
    expect(at(w, 'how', 'comment').map((a) => a.value)).toEqual(['the tram, then walking']);
    expect(at(w, 'how')).toEqual([]);
    expect(flowValue(w)).toBe('how');
  });

  it('every unreadable message is kept, in order, also the one after which the question is passed over', async () => {
    const w = new ConversationWorld();
    await atCapped(w);
    await say(w, 'the rent');
    w.now = new Date(w.now.getTime() + 3 * MINUTE);
    const sentences = ['by tram I think', 'then walking a bit', 'it is far from here'];
    for (const text of sentences) await say(w, text);
    expect(at(w, 'how', 'comment').map((a) => a.value)).toEqual(sentences);
    expect(at(w, 'how', 'unreadable')).toHaveLength(1);
    expect(flowValue(w)).toBe('when');
  });

  it('words at the consent question are not kept (nothing is, before a yes), and the "yes" after them counts as consent', async () => {
    const w = new ConversationWorld();
    withSurvey(w, capped, 'CAP');
    await say(w, 'JOIN CAP');
    await say(w, '1');
    await say(w, 'what is this about, I do not want trouble with my papers');
    expect(w.answers).toEqual([]);
    await say(w, 'yes');
    expect(at(w, 'consent', 'comment')).toEqual([]);
    expect(JSON.stringify(w.answers)).not.toContain('papers');
    expect(at(w, 'consent').map((a) => a.value)).toEqual(['yes']);
    expect(flowValue(w)).toBe('why');
  });

  it('a comment is redacted like an open answer: no phone number, e-mail address or IBAN survives', async () => {
    const w = new ConversationWorld();
    await atCapped(w);
    await say(w, 'the rent');
    w.now = new Date(w.now.getTime() + 3 * MINUTE);
    await say(w, 'call me 0470 12 34 56 or mail jan.peeters@example.be, my account BE68 5390 0754 7034');
    const [comment] = at(w, 'how', 'comment');
    expect(comment?.value).toEqual(expect.stringContaining('call me'));
    expect(JSON.stringify(w.answers)).not.toMatch(/0470|12 34 56|jan\.peeters|example\.be|BE68|5390/);
  });
});

describe('what never joins a burst', () => {
  it("a button tapped right after an open answer is a choice, never more words: an old question's button is asked again", async () => {
    const w = new ConversationWorld();
    w.seedDemo();
    await atOpenQuestion(w);
    await say(w, 'the staff are kind');
    const { draft } = await w.receive(textMessage(PHONE, 'True', { channel: 'whatsapp', buttonPayload: 'respected:true' }));
    expect(draft.replies[0]?.text.startsWith(w.texts.t('invalid.notUnderstood', EN))).toBe(true);
    expect(at(w, 'respected.probe').map((a) => a.value)).toEqual(['the staff are kind']);
    expect(at(w, 'understood', 'comment')).toEqual([]); // our own label, one word: no remark to keep
  });

  it('in a phone call one turn follows another: what is said at the next question is read there, never joined', async () => {
    const w = new ConversationWorld();
    w.seedDemo();
    await atOpenQuestion(w);
    await say(w, 'the staff are kind');
    const { draft } = await w.receive(textMessage(PHONE, 'nine of them were kind', { channel: 'voice', call: { event: 'input', entryProjectId: null } }));
    expect(draft.replies.map((r) => r.text).join('\n')).not.toContain(w.texts.t('ownWords.added', EN));
    expect(at(w, 'respected.probe').map((a) => a.value)).toEqual(['the staff are kind']);
    expect(at(w, 'understood', 'comment').map((a) => a.value)).toEqual(['nine of them were kind']);
  });
});
