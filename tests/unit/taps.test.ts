import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contentRequest, fitText, LIMITS, requestHash } from '../../adapters/twilio/content-types.js';
import { parseTwilioMessage } from '../../adapters/twilio/inbound.js';
import { TwilioRestError } from '../../adapters/twilio/rest-error.js';
import { TwilioTapMessenger, type ContentSidStore } from '../../adapters/twilio/tap-messenger.js';
import { localized, questionReply } from '../../core/conversation/render.js';
import { restTurn, sendByRest, type LeadMessage, type TapMessage, type TapMessenger, type TapSendResult } from '../../core/conversation/tap-delivery.js';
import { readLanguageTap, readTapId, tapChoices, tapId } from '../../core/conversation/taps.js';
import type { TapChoices } from '../../core/model.js';
import { createTexts } from '../../core/texts.js';
import { parseSurveyDefinition } from '../../flows/definition.js';
import demoCheckin from '../../flows/templates/demo-checkin.json' with { type: 'json' };
import storySignifiers from '../../flows/templates/story-signifiers.json' with { type: 'json' };
import { ConversationWorld, silentLogger, textMessage } from './support/conversation-world.js';

const texts = createTexts();
const demo = parseSurveyDefinition(demoCheckin);
const story = parseSurveyDefinition(storySignifiers);
const question = (id: string) => {
  const q = demo.questions.find((x) => x.id === id);
  if (!q) throw new Error(id);
  return q;
};
const choicesFor = (id: string, chain: string[], survey = demo) => {
  const q = survey.questions.find((x) => x.id === id);
  if (!q) throw new Error(id);
  return tapChoices(q, chain, survey, texts, (t) => localized(t, chain, survey));
};
const graphemes = (s: string) => [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(s)].map((g) => g.segment);
const choices = (titles: string[], language = 'en'): TapChoices => ({
  language,
  options: titles.map((title, i) => ({ id: `t1:s:1:q:${i + 1}`, title })),
  listButton: 'Choose',
});

describe('tap ids', () => {
  it('name survey, version, question and answer, and read back only what Stem writes', () => {
    const ref = { surveyId: 'demo_checkin', surveyVersion: 2, questionId: 'respected' };
    expect(tapId(ref, 'not_true')).toBe('t1:demo_checkin:2:respected:not_true');
    expect(readTapId(' t1:demo_checkin:2:respected:not_true ')).toEqual({ ...ref, value: 'not_true' });
    expect(readTapId('t1:statement_probe:1:fair.probe:3')).toEqual({ surveyId: 'statement_probe', surveyVersion: 1, questionId: 'fair.probe', value: '3' });
    for (const other of [
      'consent:yes', // a payload of the older shape, or of an approved template's button
      'yes',
      't1:demo_checkin:0:respected:true',
      't1:demo_checkin:2:respected:',
      't1:Demo:2:respected:true',
      't1:demo_checkin:2:respected:true:extra',
      't2:demo_checkin:2:respected:true',
      `t1:${'a'.repeat(41)}:2:respected:true`,
      't1:demo_checkin:2:respected:true\nSTOP',
    ])
      expect(readTapId(other), other).toBeNull();
  });
});

describe('choices to tap', () => {
  it('consent, statements, scales, dyads, triads and choices have them, in the participant language; open and number questions do not', () => {
    expect(choicesFor('consent', ['ar', 'nl'])).toEqual({
      language: 'ar',
      options: [
        { id: 't1:demo_checkin:2:consent:yes', title: 'نعم، أوافق' },
        { id: 't1:demo_checkin:2:consent:no', title: 'لا' },
      ],
      listButton: 'اختر',
    });
    expect(choicesFor('hear_back', ['fr'])?.options.map((o) => o.title)).toEqual(['Oui, volontiers', 'Non, merci']);
    expect(choicesFor('understood', ['nl'])?.options.map((o) => o.title)).toEqual(['Waar', 'Niet waar', 'Ik weet het niet']);
    expect(choicesFor('energy', ['en'])?.options.map((o) => [o.id, o.title])).toEqual([
      ['t1:demo_checkin:2:energy:1', '1 😞'],
      ['t1:demo_checkin:2:energy:2', '2 🙁'],
      ['t1:demo_checkin:2:energy:3', '3 😐'],
      ['t1:demo_checkin:2:energy:4', '4 🙂'],
      ['t1:demo_checkin:2:energy:5', '5 😄'],
    ]);
    expect(choicesFor('change', ['en'])).toBeNull();
    const dyad = story.questions.find((q) => q.kind === 'dyad');
    const triad = story.questions.find((q) => q.kind === 'triad');
    if (!dyad || dyad.kind !== 'dyad' || !triad) throw new Error('the story template has a dyad and a triad');
    const dyadChoices = choicesFor(dyad.id, ['en'], story);
    expect(dyadChoices?.options.map((o) => o.title)).toEqual([`1 ${dyad.left.en}`, '2', '3', '4', `5 ${dyad.right.en}`]);
    // A triad's seven zones, numbered as on its picture: corners by quality, the centre, the sides between two.
    const zones = choicesFor(triad.id, ['en'], story)?.options ?? [];
    expect(zones.map((o) => o.id)).toEqual([1, 2, 3, 4, 5, 6, 7].map((n) => `t1:${story.id}:${story.version}:${triad.id}:${n}`));
    if (triad.kind !== 'triad') throw new Error('triad');
    expect(zones[0]?.title).toBe(`1 ${triad.corners[0]?.en}`);
    expect(zones.every((o, i) => o.title.startsWith(`${i + 1} `))).toBe(true);
    // A language the survey lacks: the labels come in the survey's fallback, and say so.
    expect(choicesFor('respected', ['ti', 'en'])?.language).toBe('en');
  });

  it('come with a question only over WhatsApp; SMS is as before; a triad has its picture and its zones', () => {
    const chain = ['en'];
    expect(questionReply(question('respected'), false, chain, demo, texts, 'whatsapp').choices?.options).toHaveLength(3);
    expect(questionReply(question('respected'), false, chain, demo, texts, 'sms')).toEqual({ text: expect.any(String) });
    const triad = story.questions.find((q) => q.kind === 'triad');
    if (!triad) throw new Error('no triad');
    expect(Object.keys(questionReply(triad, false, chain, story, texts, 'whatsapp')).sort()).toEqual(['choices', 'picture', 'text']);
    expect(Object.keys(questionReply(triad, false, chain, story, texts, 'sms'))).toEqual(['text']);
  });
});

describe('fitting labels to WhatsApp', () => {
  it('never cuts inside a grapheme: emoji sequences, flags, keycaps and combining marks stay whole', () => {
    const family = '👩‍👩‍👧‍👦'; // 11 UTF-16 units, one grapheme
    const cases = [
      `Famille ${family} ${family} ensemble`,
      'Koffie ☕️ en thee 🇧🇪🇧🇪🇧🇪 samen',
      'e\u0301e\u0301e\u0301e\u0301e\u0301e\u0301e\u0301e\u0301e\u0301e\u0301e\u0301e\u0301', // é as e + combining acute
      'الخدمة الاجتماعية في المركز', // Arabic
      'ናይ ማሕበራዊ ሓገዝ ማእከል ኣገልግሎት', // Ge'ez
      'Ich weiß nicht 1️⃣2️⃣3️⃣4️⃣',
    ];
    for (const text of cases) {
      for (const max of [LIMITS.buttonTitle, LIMITS.itemTitle, 5]) {
        const { text: fitted, cut } = fitText(text, max);
        expect(fitted.length, `${text} @${max}`).toBeLessThanOrEqual(max);
        expect(cut).toBe(text.length > max);
        if (!cut) continue;
        expect(fitted.endsWith('…')).toBe(true);
        // What is kept is whole graphemes of the original, from its start.
        const kept = graphemes(fitted.slice(0, -1));
        expect(graphemes(text).slice(0, kept.length).join('').trimEnd()).toBe(kept.join(''));
      }
    }
    expect(fitText('  Ja,\n ik   wil ', 20)).toEqual({ text: 'Ja, ik wil', cut: false });
  });

  it('up to three answers are buttons of 20; more are a list of 24 with the whole label as description when cut', () => {
    const three = contentRequest('Q?\n1. a', choices(['Yes, I fully agree with this', 'No', 'Maybe']));
    expect(three?.types).toEqual({
      'twilio/quick-reply': {
        body: 'Q?\n1. a',
        actions: [
          { type: 'QUICK_REPLY', title: 'Yes, I fully agree…', id: 't1:s:1:q:1' },
          { type: 'QUICK_REPLY', title: 'No', id: 't1:s:1:q:2' },
          { type: 'QUICK_REPLY', title: 'Maybe', id: 't1:s:1:q:3' },
        ],
      },
    });
    const list = contentRequest('Q?', choices(['A home visit from a social worker', 'Phone', 'Mail', 'Office']));
    expect(list?.types).toEqual({
      'twilio/list-picker': {
        body: 'Q?',
        button: 'Choose',
        items: [
          { item: 'A home visit from a soc…', id: 't1:s:1:q:1', description: 'A home visit from a social worker' },
          { item: 'Phone', id: 't1:s:1:q:2' },
          { item: 'Mail', id: 't1:s:1:q:3' },
          { item: 'Office', id: 't1:s:1:q:4' },
        ],
      },
    });
    expect(list?.language).toBe('en');
    expect(list?.friendly_name).toMatch(/^stem_[0-9a-f]{40}$/);
  });

  it('titles that would come out alike are numbered, so every button differs', () => {
    const alike = contentRequest('Q?', choices(['I agree with all of it, mostly', 'I agree with all of it, partly']));
    expect(alike && 'twilio/quick-reply' in alike.types && alike.types['twilio/quick-reply'].actions.map((a) => a.title)).toEqual([
      '1. I agree with all…',
      '2. I agree with all…',
    ]);
  });

  it('what cannot be a WhatsApp message is none: too long a body, more than ten answers, an empty label, an id over 200', () => {
    expect(contentRequest('x'.repeat(LIMITS.body + 1), choices(['a', 'b']))).toBeNull();
    expect(contentRequest('   ', choices(['a', 'b']))).toBeNull();
    expect(contentRequest('Q?', choices(Array.from({ length: 11 }, (_, i) => `o${i}`)))).toBeNull();
    expect(contentRequest('Q?', choices(['a', '  ']))).toBeNull();
    expect(contentRequest('Q?', { ...choices(['a']), options: [{ id: 'x'.repeat(LIMITS.id + 1), title: 'a' }] })).toBeNull();
  });

  it('one content, one hash: the same message makes the same request; any change of text, label, id or language another', () => {
    const base = contentRequest('Q?', choices(['a', 'b']));
    if (!base) throw new Error('no request');
    expect(requestHash(base)).toBe(requestHash(contentRequest('Q?', choices(['a', 'b'])) ?? base));
    for (const other of [contentRequest('Q!', choices(['a', 'b'])), contentRequest('Q?', choices(['a', 'c'])), contentRequest('Q?', choices(['a', 'b'], 'nl'))])
      expect(other && requestHash(other)).not.toBe(requestHash(base));
  });
});

describe('a turn as the messages REST sends', () => {
  const c = choices(['Yes', 'No']);
  const speech = { organisationId: 'org', surveyId: 's', surveyVersion: 1, questionId: 'q', language: 'ar' };
  const tapsOf = (replies: Parameters<typeof restTurn>[0]) => {
    const parts = restTurn(replies);
    return parts?.length === 1 && parts[0]?.kind === 'taps' ? { body: parts[0].body, choices: parts[0].choices } : null;
  };
  it('without a voice note: one message, the texts in order above the buttons, as the TwiML text would', () => {
    expect(restTurn([{ text: 'Thanks.' }, { text: 'Q?\n1. Yes\n2. No', choices: c }])).toEqual([
      { kind: 'taps', body: 'Thanks.\n\nQ?\n1. Yes\n2. No', choices: c },
    ]);
  });
  it('is none without choices, with two sets, a picture or a note on another reply, another part, or over 1,024 characters', () => {
    expect(restTurn([{ text: 'a' }])).toBeNull();
    expect(
      restTurn([
        { text: 'a', choices: c },
        { text: 'b', choices: c },
      ]),
    ).toBeNull();
    expect(
      restTurn([
        { text: 'a', choices: c },
        { text: 'b', picture: { kind: 'triad', surveyId: 's', surveyVersion: 1, questionId: 'q', language: 'en' } },
      ]),
    ).toBeNull();
    expect(
      restTurn([
        { text: 'a', choices: c },
        { text: 'b', ...({ sticker: 'x' } as object) },
      ]),
    ).toBeNull();
    expect(
      restTurn([
        { text: 'a', choices: c },
        { text: 'b', speech },
      ]),
    ).toBeNull();
    expect(tapsOf([{ text: 'x'.repeat(1000) }, { text: 'y'.repeat(23), choices: c }])).toBeNull();
    expect(tapsOf([{ text: 'x'.repeat(1000) }, { text: 'y'.repeat(22), choices: c }])?.body).toHaveLength(1024);
  });
  it("voice first: the texts before, the note, then only the options with the buttons; the question's words kept for a failed note", () => {
    const turn = restTurn([{ text: 'Thanks.' }, { text: 'Q?\n1. Yes\n2. No', choices: c, speech, afterSpeech: '1. Yes\n2. No' }]);
    expect(turn).toEqual([
      { kind: 'text', body: 'Thanks.' },
      { kind: 'voice-note', speech },
      { kind: 'taps', body: '1. Yes\n2. No', choices: c, unheard: 'Q?\n1. Yes\n2. No' },
    ]);
    // Voice and text: the question as written goes under its note.
    expect(restTurn([{ text: 'Q?\n1. Yes\n2. No', choices: c, speech }])).toEqual([
      { kind: 'voice-note', speech },
      { kind: 'taps', body: 'Q?\n1. Yes\n2. No', choices: c },
    ]);
  });

  it('an open question heard: the note, then its hint as a text after it (by TwiML the hint would overtake it); a lone note goes by TwiML', () => {
    const open = { text: 'What helped?\n(A voice message is fine.)', speech, afterSpeech: '(A voice message is fine.)' };
    expect(restTurn([{ text: 'Thanks.' }, open])).toEqual([
      { kind: 'text', body: 'Thanks.' },
      { kind: 'voice-note', speech },
      { kind: 'text', body: '(A voice message is fine.)', unheard: 'What helped?\n(A voice message is fine.)' },
    ]);
    expect(restTurn([{ text: 'Thanks.' }, { ...open, afterSpeech: '' }])).toBeNull();
    expect(
      restTurn([
        { text: 'Q?', speech },
        { text: 'Q2?', speech },
      ]),
    ).toBeNull();
  });

  it('a triad: its picture, then its zones to tap; with a note, the note first; without choices it keeps its caption by TwiML', () => {
    const picture = { kind: 'triad' as const, surveyId: 's', surveyVersion: 1, questionId: 'q', language: 'ar' };
    const zones = choices(['1 A', '2 B', '3 C', '4 A/B', '5 B/C', '6 C/A', '7 centre']);
    expect(restTurn([{ text: 'Thanks.' }, { text: 'Where?\n1. A …', picture, choices: zones }])).toEqual([
      { kind: 'text', body: 'Thanks.' },
      { kind: 'picture', picture },
      { kind: 'taps', body: 'Where?\n1. A …', choices: zones },
    ]);
    expect(restTurn([{ text: 'Where?\n1. A …', picture, choices: zones, speech, afterSpeech: '1. A …' }])).toEqual([
      { kind: 'voice-note', speech },
      { kind: 'picture', picture },
      { kind: 'taps', body: '1. A …', choices: zones, unheard: 'Where?\n1. A …' },
    ]);
    expect(restTurn([{ text: 'Where?', picture }])).toBeNull();
    expect(
      restTurn([
        { text: 'x', picture },
        { text: 'Q?', choices: zones },
      ]),
    ).toBeNull();
  });

  /** A messenger that records what it was asked to send, and fails where told. */
  const recording = (fail: { lead?: 'text' | 'media'; taps?: boolean; throws?: boolean } = {}) => {
    const sent: Array<LeadMessage | TapMessage> = [];
    const messenger: TapMessenger = {
      async send(m): Promise<TapSendResult> {
        if (fail.throws) throw new TypeError('fetch failed');
        sent.push(m);
        return fail.taps ? { ok: false, reason: 'Twilio error 63016' } : { ok: true };
      },
      async sendLead(m): Promise<TapSendResult> {
        sent.push(m);
        if (fail.lead === ('body' in m ? 'text' : 'media')) return { ok: false, reason: 'Twilio status failed' };
        return { ok: true };
      },
    };
    return { sent, messenger };
  };
  const address = { to: '+32470000001', from: '+3225550100' };
  const url = () => 'https://stem.example/media/voice/n.ogg';
  const pic = () => 'https://stem.example/media/triad/t.png';
  const opts = { voiceNoteUrl: url, pictureUrl: pic, clock: { now: () => new Date(0) }, deadline: new Date(7000) };
  const voiceFirst = [{ text: 'Thanks.' }, { text: 'Q?\n1. Yes\n2. No', choices: c, speech, afterSpeech: '1. Yes\n2. No' }];

  it('sends the parts in order and leaves nothing for TwiML; a throwing messenger is a fallback, never an error', async () => {
    const ok = recording();
    expect(await sendByRest(ok.messenger, silentLogger, address, voiceFirst, opts)).toEqual([]);
    expect(ok.sent).toEqual([
      { ...address, body: 'Thanks.' },
      { ...address, mediaUrl: url(), medium: 'voice-note' },
      { ...address, body: '1. Yes\n2. No', choices: c },
    ]);
    const replies = [{ text: 'Q?', choices: c }];
    expect(await sendByRest(recording({ throws: true }).messenger, silentLogger, address, replies, opts)).toEqual(replies);
    expect(await sendByRest(recording({ taps: true }).messenger, silentLogger, address, replies, opts)).toEqual(replies);
  });
  it('begins no message after the deadline: what is left goes by TwiML, and the note is waited for no later', async () => {
    // Each message sent moves the clock on by 3 s; the deadline is at 7 s.
    let at = 0;
    const waits: number[] = [];
    const slow: TapMessenger = {
      async send() {
        at += 3000;
        return { ok: true };
      },
      async sendLead(_m, waitMs) {
        waits.push(waitMs);
        at += 3000;
        return { ok: true };
      },
    };
    const left = await sendByRest(slow, silentLogger, address, voiceFirst, {
      voiceNoteUrl: url,
      pictureUrl: pic,
      clock: { now: () => new Date(at) },
      deadline: new Date(5000),
    });
    expect(left).toEqual([{ text: '1. Yes\n2. No' }]);
    expect(waits).toEqual([5000, 2000]);
  });
  it('a failed first message leaves the whole turn to TwiML; a failed note is replaced by the written question; a later failure leaves the rest', async () => {
    expect(await sendByRest(recording({ lead: 'text' }).messenger, silentLogger, address, voiceFirst, opts)).toEqual(voiceFirst);
    const noNote = recording({ lead: 'media' });
    expect(await sendByRest(noNote.messenger, silentLogger, address, voiceFirst, opts)).toEqual([]);
    expect(noNote.sent.at(-1)).toEqual({ ...address, body: 'Q?\n1. Yes\n2. No', choices: c });
    expect(await sendByRest(recording({ taps: true }).messenger, silentLogger, address, voiceFirst, opts)).toEqual([{ text: '1. Yes\n2. No' }]);
    expect(await sendByRest(recording({ lead: 'media', taps: true }).messenger, silentLogger, address, voiceFirst, opts)).toEqual([
      { text: 'Q?\n1. Yes\n2. No' },
    ]);
  });
});

describe('the Twilio tap messenger (Messages and Content APIs faked in memory)', () => {
  const store = (): ContentSidStore & { map: Map<string, string> } => {
    const map = new Map<string, string>();
    return {
      map,
      get: async (h) => map.get(h) ?? null,
      keep: async (h, sid) => {
        const kept = map.get(h);
        if (kept) return kept;
        map.set(h, sid);
        return sid;
      },
      forget: async (h) => void map.delete(h),
    };
  };
  const message = { to: '+32470000001', from: '+3225550100', body: 'Q?\n1. Yes\n2. No', choices: choices(['Yes', 'No']) };

  it('sends with the ContentSid from whatsapp:<our number> to whatsapp:<theirs>, and makes a template once', async () => {
    const sent: string[][] = [];
    let made = 0;
    const messenger = new TwilioTapMessenger(
      {
        createContent: async () => `HX${String(++made).padStart(32, '0')}`,
        deleteContent: async () => undefined,
        sendMessage: async (to, from, content) => {
          sent.push([to, from, 'ContentSid' in content ? content.ContentSid : '']);
          return `SM${'0'.repeat(32)}`;
        },
        messageStatus: async () => 'sent',
      },
      store(),
    );
    expect(await messenger.send(message)).toEqual({ ok: true });
    expect(await messenger.send(message)).toEqual({ ok: true });
    expect(made).toBe(1);
    const sid = `HX${'1'.padStart(32, '0')}`;
    expect(sent).toEqual([
      ['whatsapp:+32470000001', 'whatsapp:+3225550100', sid],
      ['whatsapp:+32470000001', 'whatsapp:+3225550100', sid],
    ]);
  });

  it('a lost race adopts the kept SID and deletes its own; a failure names a code, never a number', async () => {
    const kept = store();
    const removed: string[] = [];
    const rival = `HX${'9'.repeat(32)}`;
    const sentWith: string[] = [];
    const messenger = new TwilioTapMessenger(
      {
        // While ours is being made, another webhook keeps its own for the same content.
        createContent: async (request) => {
          kept.map.set(requestHash(request), rival);
          return `HX${'1'.repeat(32)}`;
        },
        deleteContent: async (sid) => void removed.push(sid),
        sendMessage: async (_to, _from, content) => {
          sentWith.push('ContentSid' in content ? content.ContentSid : '');
          return `SM${'0'.repeat(32)}`;
        },
        messageStatus: async () => 'sent',
      },
      kept,
    );
    expect(await messenger.send(message)).toEqual({ ok: true });
    expect(removed).toEqual([`HX${'1'.repeat(32)}`]);
    expect(sentWith).toEqual([rival]);
    const failing = new TwilioTapMessenger(
      {
        createContent: async () => rival,
        deleteContent: async () => undefined,
        sendMessage: async () => Promise.reject(new TwilioRestError(400, 21655)),
        messageStatus: async () => 'sent',
      },
      kept,
    );
    const result = await failing.send(message);
    expect(result).toEqual({ ok: false, reason: 'Twilio error 21655' });
    expect(JSON.stringify(result)).not.toContain('32470');
    expect(kept.map.size).toBe(0); // forgotten: the next one makes the template again
    const unreachable = new TwilioTapMessenger(
      {
        createContent: async () => Promise.reject(new TypeError('fetch failed')),
        deleteContent: async () => undefined,
        sendMessage: async () => `SM${'0'.repeat(32)}`,
        messageStatus: async () => 'sent',
      },
      kept,
    );
    expect(await unreachable.send(message)).toEqual({ ok: false, reason: 'template: Twilio could not be reached' });
  });
  it('a voice note: returns once Twilio has handed it on, reading its status; a failed note says so; a slow one is late', async () => {
    const statuses = (list: string[]) => {
      const asked: string[] = [];
      const api = {
        createContent: async () => `HX${'1'.repeat(32)}`,
        deleteContent: async () => undefined,
        sendMessage: async (_to: string, _from: string, content: object) => {
          asked.push(`send ${Object.keys(content).join()}`);
          return `MM${'a'.repeat(32)}`;
        },
        messageStatus: async (sid: string) => {
          asked.push(`status ${sid.slice(0, 2)}`);
          return list.shift() ?? 'queued';
        },
      };
      return { asked, messenger: new TwilioTapMessenger(api, store(), { maxMs: 200, everyMs: 5 }) };
    };
    const note = { to: '+32470000001', from: '+3225550100', mediaUrl: 'https://stem.example/media/voice/n.ogg', medium: 'voice-note' as const };
    const sent = statuses(['queued', 'sending', 'sent']);
    expect(await sent.messenger.sendLead(note, 60_000)).toEqual({ ok: true });
    expect(sent.asked).toEqual(['send MediaUrl', 'status MM', 'status MM', 'status MM']);
    expect(await statuses(['queued', 'failed']).messenger.sendLead(note, 60_000)).toEqual({ ok: false, reason: 'Twilio status failed' });
    expect(await statuses([]).messenger.sendLead(note, 60_000)).toEqual({ ok: true, late: true });
    // A text is not waited for: texts without media keep the order they were made in.
    const text = statuses([]);
    expect(await text.messenger.sendLead({ to: note.to, from: note.from, body: 'Thanks.' }, 60_000)).toEqual({ ok: true });
    expect(text.asked).toEqual(['send Body']);
  });
});

describe("Twilio's webhook for a tap", () => {
  const base = { MessageSid: `SM${'1'.repeat(32)}`, From: 'whatsapp:+32470123456', To: 'whatsapp:+3225550100' };
  it('gives the button payload or the list id, and the title where the Body is empty', () => {
    const button = parseTwilioMessage({ ...base, Body: 'Ja', MessageType: 'button', ButtonText: 'Ja', ButtonPayload: 't1:demo_checkin:2:consent:yes' });
    expect(button.ok && button.kind === 'message' && button.inbound).toMatchObject({ text: 'Ja', buttonPayload: 't1:demo_checkin:2:consent:yes' });
    const list = parseTwilioMessage({ ...base, Body: '', MessageType: 'interactive', ListId: 't1:demo_checkin:2:energy:4', ListTitle: '4 🙂' });
    expect(list.ok && list.kind === 'message' && list.inbound).toMatchObject({ text: '4 🙂', buttonPayload: 't1:demo_checkin:2:energy:4' });
    const empty = parseTwilioMessage({ ...base, Body: 'hi', ButtonPayload: '' });
    expect(empty.ok && empty.kind === 'message' && empty.inbound.buttonPayload).toBeNull();
    const tooLong = parseTwilioMessage({ ...base, ButtonText: 'x'.repeat(1025) });
    expect(!tooLong.ok && tooLong.issues.map((i) => i.field)).toEqual(['ButtonText']);
  });
});

describe('a tap, planned', () => {
  const PHONE = '+32470555001';
  const at = async (w: ConversationWorld, ...texts: string[]) => {
    for (const text of texts) await w.receive(textMessage(PHONE, text, { channel: 'whatsapp' }));
  };
  const tapped = (w: ConversationWorld, payload: string, label: string) =>
    w.receive(textMessage(PHONE, label, { channel: 'whatsapp', buttonPayload: payload }));

  it('its label is no command and no YES to DELETE: a button titled like a command word is read by its id', async () => {
    const w = new ConversationWorld();
    w.seedDemo();
    await at(w, 'JOIN DEMO', '3', 'yes', '4');
    await at(w, 'DELETE');
    // An old consent button ("Yes, I agree") tapped while DELETE waits for YES: nothing is erased.
    const { draft } = await tapped(w, 't1:demo_checkin:2:consent:yes', 'YES');
    expect(draft.erasure).toBeNull();
    expect(draft.replies[0]?.text).toBe(texts.t('tap.stale', ['en']));
    expect(w.answers.map((a) => [a.questionId, a.value])).toEqual([
      ['consent', 'yes'],
      ['energy', 4],
    ]);
    // A button whose label is a command word ("STOP") answers the question it belongs to, and stops nothing.
    const stop = await tapped(w, 't1:demo_checkin:2:respected:true', 'STOP');
    expect(stop.draft.contact?.optedOut).toBe(false);
    expect(w.answers.find((a) => a.questionId === 'respected')?.value).toBe('true');
  });

  it('a stale tap records nothing and spends no re-prompt; the typed answer after it is read as usual', async () => {
    const w = new ConversationWorld();
    w.seedDemo();
    await at(w, 'JOIN DEMO', '3', 'yes');
    for (let i = 0; i < 5; i++) {
      const { draft } = await tapped(w, 't1:demo_checkin:2:consent:no', 'No');
      expect(draft.replies.map((r) => r.text)).toEqual([texts.t('tap.stale', ['en']), expect.stringContaining('energy this week')]);
      expect(draft.replies[1]?.choices?.options).toHaveLength(5);
    }
    expect(w.answers.map((a) => a.questionId)).toEqual(['consent']);
    await at(w, '5');
    expect(w.answers.map((a) => [a.questionId, a.value, a.status])).toEqual([
      ['consent', 'yes', 'answered'],
      ['energy', 5, 'answered'],
    ]);
  });
});

describe('taps, as a property', () => {
  const QUESTIONS = ['consent', 'energy', 'respected', 'respected.probe', 'understood', 'understood.probe', 'change', 'hear_back'];
  const VALUES = ['yes', 'no', 'true', 'not_true', 'dont_know', '1', '3', '5', '9'];
  const step = fc.oneof(
    fc.constantFrom('1', '2', '3', 'yes', 'nee', 'Meer hulp', 'HELP').map((text) => ({ text, payload: null as string | null })),
    fc
      .tuple(fc.constantFrom(1, 2, 3), fc.constantFrom(...QUESTIONS), fc.constantFrom(...VALUES))
      .map(([version, q, v]) => ({ text: 'Yes', payload: `t1:demo_checkin:${version}:${q}:${v}` })),
  );

  it('a tap answers only the question it names, in the version it names, and always gets a reply', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 16 }), async (steps) => {
        const w = new ConversationWorld();
        w.seedDemo();
        const phone = '+32470555002';
        await w.receive(textMessage(phone, 'JOIN DEMO', { channel: 'whatsapp' }));
        await w.receive(textMessage(phone, '3', { channel: 'whatsapp' }));
        for (const { text, payload } of steps) {
          const before = w.answers.length;
          const { draft } = await w.receive(textMessage(phone, text, { channel: 'whatsapp', buttonPayload: payload }));
          expect(draft.replies.length).toBeGreaterThan(0);
          const tap = payload === null ? null : readTapId(payload);
          if (!tap) continue;
          const added = w.answers.slice(before);
          // Nothing but the named question of the running version (2) is recorded by a tap.
          for (const a of added) expect([a.questionId, tap.surveyVersion]).toEqual([tap.questionId, 2]);
        }
      }),
      { numRuns: 100, seed: 20261123 },
    );
  }, 30_000);
});

describe('the language menu to tap', () => {
  it('on WhatsApp: a list of the languages in their own scripts under the globe, the numbers kept; a tap on one chooses it', async () => {
    const w = new ConversationWorld();
    w.seedDemo();
    const phone = '+32470555003';
    const { draft } = await w.receive(textMessage(phone, 'JOIN DEMO', { channel: 'whatsapp' }));
    const menu = draft.replies.find((r) => r.choices);
    expect(menu?.text).toContain('🌐');
    expect(menu?.choices?.listButton).toBe('🌐');
    const arabic = menu?.choices?.options.find((o) => o.id === 'l1:ar');
    expect(arabic?.title).toBe('العربية');
    expect(menu?.text).toMatch(/\d\. العربية/); // still numbered, for typing
    // WhatsApp sends the list item's title as the text: the id decides, whatever the words.
    const { draft: next } = await w.receive(textMessage(phone, 'Nederlands', { channel: 'whatsapp', buttonPayload: 'l1:ar' }));
    expect(w.state(w.contactKey(phone)).contact?.language).toBe('ar');
    expect(next.replies.some((r) => r.choices?.language === 'ar')).toBe(true);
  });
  it('never over SMS, and a forged or unknown language id is no choice', async () => {
    const w = new ConversationWorld();
    w.seedDemo();
    const phone = '+32470555004';
    const { draft } = await w.receive(textMessage(phone, 'JOIN DEMO', { channel: 'sms' }));
    expect(draft.replies.some((r) => r.choices)).toBe(false);
    await w.receive(textMessage(phone, 'JOIN DEMO', { channel: 'whatsapp' }));
    await w.receive(textMessage(phone, 'x', { channel: 'whatsapp', buttonPayload: 'l1:xx' }));
    expect(w.state(w.contactKey(phone)).contact?.language ?? null).toBeNull();
    expect([readLanguageTap('l1:ar'), readLanguageTap('l1:ar:1'), readLanguageTap('t1:s:1:q:1'), readLanguageTap(null)]).toEqual(['ar', null, null, null]);
  });
});
