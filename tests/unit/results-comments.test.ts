import { describe, expect, it } from 'vitest';
import type { Answer, Completion, Round } from '../../core/model.js';
import type { Released } from '../../core/disclosure/release.js';
import { BOM, exportCsv, WITHHELD } from '../../core/results/csv.js';
import type { AnswerSource, RoundRecord } from '../../core/results/ports.js';
import { questionsOf, type RoundOfSurvey } from '../../core/results/questions.js';
import { byRespondent, isCompletion, joinParts, outcomeOf, participationConsentId } from '../../core/results/respondents.js';
import { releaseSummary, RoundTally, type RoundSummary } from '../../core/results/summary.js';
import { COMPLETED_VALUES } from '../../core/results/csv.js';
import { compileSurvey } from '../../flows/compile.js';
import { parseSurveyDefinition } from '../../flows/definition.js';
import { parseCsv } from '../support/rfc4180.js';

/**
 * Comments (words that could not be an answer, kept on the question asked) and the parts of an open answer
 * sent in a burst, as results and exports read them: comments change no count about participants; the
 * parts are one answer.
 */

const survey = compileSurvey(
  parseSurveyDefinition({
    id: 'unit',
    version: 1,
    title: { nl: 'Test', en: 'Test' },
    languages: ['nl', 'en'],
    questions: [
      { id: 'consent', kind: 'consent', text: { nl: 'Doe je mee?', en: 'Join?' } },
      {
        id: 'contact',
        kind: 'choice',
        text: { nl: 'Hoe?', en: 'How?' },
        options: [
          { value: 'phone', label: { nl: 'Telefoon', en: 'Phone' } },
          { value: 'visit', label: { nl: 'Bezoek', en: 'Visit' } },
        ],
      },
      { id: 'energy', kind: 'scale', text: { nl: 'Energie?', en: 'Energy?' } },
      { id: 'change', kind: 'open', text: { nl: 'Wat zou helpen?', en: 'What would help?' } },
    ],
  }),
);

const round: Round = {
  projectId: 'p1',
  roundId: 'r1',
  label: 'start',
  surveyId: 'unit',
  surveyVersion: 1,
  opensAt: '2026-01-01T00:00:00.000Z',
  closesAt: '2027-01-01T00:00:00.000Z',
  reminderAfterHours: null,
};
const r1: RoundOfSurvey = { round, survey };

const answer = (respondentCode: string, questionId: string, value: Answer['value'], extra: Partial<Answer> = {}): Answer => ({
  projectId: 'p1',
  roundId: 'r1',
  respondentCode,
  surveyId: 'unit',
  surveyVersion: 1,
  questionId,
  value,
  status: 'answered',
  language: 'nl',
  channel: 'sms',
  day: '2026-01-05',
  voice: null,
  transcript: null,
  translation: null,
  ...extra,
});
const comment = (code: string, questionId: string, value: string, seq: number): Answer => answer(code, questionId, value, { status: 'comment', seq });
const part = (code: string, questionId: string, value: string, seq: number): Answer => answer(code, questionId, value, { status: 'continued', seq });
const done = (respondentCode: string): Completion => ({ projectId: 'p1', roundId: 'r1', respondentCode });

/** Records in the store's key order: by respondent, then `<questionId>`, then `<questionId>#<seq>`. */
function keyOrder(records: RoundRecord[]): RoundRecord[] {
  const key = (r: RoundRecord) =>
    'questionId' in r
      ? `${r.respondentCode}#${r.questionId}${r.seq === undefined ? '' : `#${String(r.seq).padStart(12, '0')}`}`
      : `${r.respondentCode}#~completed`;
  return [...records].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

function source(records: RoundRecord[], pageSize = 4): AnswerSource {
  const ordered = keyOrder(records);
  const pages: RoundRecord[][] = [];
  for (let i = 0; i < ordered.length; i += pageSize) pages.push(ordered.slice(i, i + pageSize));
  return {
    async *records() {
      yield* pages;
    },
    async *pages() {
      for (const page of pages) yield page.filter((r): r is Answer => !isCompletion(r));
    },
  };
}

/** Six people who all finished: three by phone, three by visit; energy 2..4; an open answer each. */
function crowd(): RoundRecord[] {
  return Array.from({ length: 6 }, (_, i) => {
    const code = `R${i}`;
    return [
      answer(code, 'consent', 'yes'),
      answer(code, 'contact', i < 3 ? 'phone' : 'visit'),
      answer(code, 'energy', 2 + (i % 3)),
      answer(code, 'change', `meer uitleg ${'abcdef'[i]}`),
      done(code),
    ];
  }).flat();
}

/** Comments on the consent and choice questions (also before the answer they sit beside), and on the scale. */
function commented(): RoundRecord[] {
  return [
    ...crowd(),
    comment('R0', 'contact', 'met de tram, dan te voet', 40),
    comment('R0', 'contact', 'het is ver', 50),
    comment('R1', 'consent', 'wat is dit', 10),
    comment('R2', 'energy', 'zes', 70),
    comment('R3', 'contact', 'phone', 30), // words that look like an option are still only a comment
  ];
}

async function summarize(records: RoundRecord[]): Promise<RoundSummary> {
  const questions = questionsOf(survey);
  const tally = new RoundTally(r1, questions);
  const consentId = participationConsentId(survey.definition);
  for await (const r of byRespondent(source(records).records('p1', 'r1'), questions)) {
    const last = r.answers.at(-1);
    tally.add(r.answers, {
      language: last?.language ?? '',
      channel: last?.channel ?? '',
      day: '',
      completed: COMPLETED_VALUES[outcomeOf(r, round, consentId)],
    });
  }
  return releaseSummary(tally, 5, [], { number: 1, createdAt: '2026-01-10T00:00:00.000Z' }).summary;
}

async function csvRows(records: RoundRecord[], released: Map<string, Released> = everyone(records), numbersOnly = false): Promise<string[][]> {
  let csv = '';
  for await (const chunk of exportCsv([{ ...r1, released }], source(records), (_r, code) => code, { numbersOnly })) csv += chunk;
  return parseCsv(csv.slice(BOM.length)).slice(1);
}

function everyone(records: RoundRecord[], withholdText = false): Map<string, Released> {
  const codes = new Set(records.map((r) => r.respondentCode));
  return new Map([...codes].map((code) => [code, { qi: { language: 'nl', channel: 'sms', day: '2026-01-05', completed: 'yes' }, withholdText }]));
}

describe('comments change no count about participants', () => {
  it('the summary with comments on the consent, choice and scale questions is the summary without them', async () => {
    const without = await summarize(crowd());
    const withComments = await summarize(commented());
    expect(withComments).toEqual(without);
    const contact = withComments.questions.find((q) => q.questionId === 'contact');
    expect(contact?.values).toEqual({ phone: expect.anything(), visit: expect.anything() });
    expect(withComments.respondents).toBe(6);
  });

  it('a comment on the consent question does not turn the "yes" beside it into a decline', async () => {
    const questions = questionsOf(survey);
    const consentId = participationConsentId(survey.definition);
    const records = [comment('RX', 'consent', 'wat is dit', 5), answer('RX', 'consent', 'yes')];
    for await (const r of byRespondent(source(records).records('p1', 'r1'), questions)) expect(outcomeOf(r, round, consentId)).toBe('in-progress');
  });

  it('a person with nothing but comments (they never answered, not even the consent) is no respondent', async () => {
    const records = [...crowd(), comment('RZ', 'consent', 'hallo?', 3), comment('RZ', 'consent', 'wie zijn jullie', 4)];
    const seen: string[] = [];
    for await (const r of byRespondent(source(records).records('p1', 'r1'), questionsOf(survey))) seen.push(r.respondentCode);
    expect(seen).not.toContain('RZ');
    expect(await summarize(records)).toEqual(await summarize(crowd()));
  });

  it('the parts of an open answer sent in a burst count as the one answer they are', async () => {
    const records = [...crowd(), part('R0', 'change', 'en meer tijd', 80), part('R0', 'change', 'dank u', 90)];
    expect(await summarize(records)).toEqual(await summarize(crowd()));
  });
});

describe('comments and burst parts in the export', () => {
  it('a burst is one answer, its parts joined on new lines in the order they came', async () => {
    const records = [...crowd(), part('R0', 'change', 'dank u', 90), part('R0', 'change', 'en meer tijd', 80)];
    const rows = (await csvRows(records)).filter((r) => r[0] === 'R0' && r[4] === 'change');
    expect(rows.map((r) => [r[6], r[7]])).toEqual([['meer uitleg a\nen meer tijd\ndank u', 'answered']]);
  });

  it('comments are rows of their own, status "comment", after the answer to their question, in the order they came', async () => {
    const rows = (await csvRows(commented())).filter((r) => r[0] === 'R0');
    expect(rows.map((r) => [r[4], r[6], r[7]])).toEqual([
      ['consent', 'yes', 'answered'],
      ['contact', 'phone', 'answered'],
      ['contact', 'met de tram, dan te voet', 'comment'],
      ['contact', 'het is ver', 'comment'],
      ['energy', '2', 'answered'],
      ['change', 'meer uitleg a', 'answered'],
    ]);
  });

  it('numbers only leaves the words of comments out; a script that singles someone out withholds them', async () => {
    const numbers = (await csvRows(commented(), undefined, true)).filter((r) => r[0] === 'R0' && r[4] === 'contact');
    expect(numbers.map((r) => [r[6], r[7]])).toEqual([
      ['phone', 'answered'],
      ['', 'comment'],
      ['', 'comment'],
    ]);
    const withheld = (await csvRows(commented(), everyone(commented(), true))).filter((r) => r[0] === 'R0' && r[4] === 'contact');
    expect(withheld.map((r) => r[6])).toEqual(['phone', WITHHELD, WITHHELD]);
  });

  it('joinParts leaves answers without parts as they are, and keeps a part whose answer is missing as the answer', () => {
    const plain = [answer('R0', 'energy', 3), comment('R0', 'energy', 'drie', 4)];
    expect(joinParts(plain)).toEqual(plain);
    const orphan = joinParts([part('R0', 'change', 'alleen dit', 9)]);
    expect(orphan).toEqual([expect.objectContaining({ questionId: 'change', value: 'alleen dit', status: 'answered' })]);
  });

  it('a voice answer joined by typed parts keeps its transcript, and the typed words become its answer text', () => {
    const voice = answer('R0', 'change', null, { voice: 'transcribed', transcript: 'meer tijd' });
    const [joined] = joinParts([voice, part('R0', 'change', 'en uitleg', 7)]);
    expect(joined).toMatchObject({ value: 'en uitleg', voice: 'transcribed', transcript: 'meer tijd', status: 'answered' });
  });
});
