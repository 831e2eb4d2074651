import type { Answer, Round } from '../../core/model.js';
import type { QuestionSummary, RoundSummary } from '../../core/results/summary.js';
import type { Published } from '../../core/disclosure/audit.js';
import { questionsOf, type RoundOfSurvey } from '../../core/results/questions.js';
import { releaseSummary, RoundTally } from '../../core/results/summary.js';
import { compileSurvey } from '../../flows/compile.js';
import { parseSurveyDefinition } from '../../flows/definition.js';
import type { Equation } from './linear-attack.js';

/** A survey with every kind whose values are counted one by one: statement, dyad, triad, choice. */
export const smallSurvey = compileSurvey(
  parseSurveyDefinition({
    id: 'small',
    version: 1,
    title: { nl: 'Klein', en: 'Small' },
    languages: ['nl', 'en'],
    questions: [
      { id: 'heard', kind: 'statement', text: { nl: 'Ik werd gehoord.', en: 'I was heard.' } },
      { id: 'pace', kind: 'dyad', text: { nl: 'Tempo?', en: 'Pace?' }, left: { nl: 'te traag', en: 'too slow' }, right: { nl: 'te snel', en: 'too fast' } },
      {
        id: 'help',
        kind: 'triad',
        text: { nl: 'Wat hielp?', en: 'What helped?' },
        corners: [
          { nl: 'uitleg', en: 'explaining' },
          { nl: 'tijd', en: 'time' },
          { nl: 'taal', en: 'language' },
        ],
      },
      {
        id: 'contact',
        kind: 'choice',
        text: { nl: 'Hoe?', en: 'How?' },
        options: [
          { value: 'phone', label: { nl: 'Telefoon', en: 'Phone' } },
          { value: 'visit', label: { nl: 'Bezoek', en: 'Visit' } },
          { value: 'letter', label: { nl: 'Brief', en: 'Letter' } },
          { value: 'app', label: { nl: 'App', en: 'App' } },
        ],
      },
      { id: 'energy', kind: 'scale', text: { nl: 'Energie?', en: 'Energy?' } },
    ],
  }),
);

export const smallRound = (roundId: string, opensAt = '2026-01-01T00:00:00.000Z'): Round => ({
  projectId: 'p1',
  roundId,
  label: roundId,
  surveyId: 'small',
  surveyVersion: 1,
  opensAt,
  closesAt: '2027-01-01T00:00:00.000Z',
  reminderAfterHours: null,
});

/** One person's answers: question id → value (null: skipped). */
export type Given = Record<string, string | number | null>;

export function answersOf(roundId: string, code: string, given: Given): Answer[] {
  return Object.entries(given).map(([questionId, value]) => ({
    projectId: 'p1',
    roundId,
    respondentCode: code,
    surveyId: 'small',
    surveyVersion: 1,
    questionId,
    value,
    status: value === null ? 'skipped' : 'answered',
    language: 'nl',
    channel: 'sms',
    day: '2026-01-05',
    voice: null,
    transcript: null,
    translation: null,
  }));
}

const QI = { language: 'nl', channel: 'sms', day: '', completed: 'yes' };

/**
 * A round released batch by batch (each batch a list of people): the summary and the published counts of
 * every release, each audited against the ones before, as core/results/releases.ts makes them.
 */
export function releasesOf(
  roundId: string,
  batches: ReadonlyArray<ReadonlyArray<[string, Given]>>,
  k = 5,
): Array<{ summary: RoundSummary; published: Published }> {
  const roundOfSurvey: RoundOfSurvey = { round: smallRound(roundId), survey: smallSurvey };
  const questions = questionsOf(smallSurvey);
  const out: Array<{ summary: RoundSummary; published: Published }> = [];
  const everyone: Array<[string, Given]> = [];
  for (const [i, batch] of batches.entries()) {
    everyone.push(...batch);
    const tally = new RoundTally(roundOfSurvey, questions);
    for (const [code, given] of everyone) tally.add(answersOf(roundId, code, given), QI);
    out.push(
      releaseSummary(
        tally,
        k,
        out.map((r) => r.published),
        { number: i + 1, createdAt: '2026-01-10T00:00:00.000Z' },
      ),
    );
  }
  return out;
}

export const VALUES: Record<string, readonly string[]> = {
  heard: ['true', 'not_true', 'dont_know'],
  pace: ['1', '2', '3', '4', '5'],
  help: ['1', '2', '3', '4', '5', '6', '7'],
  contact: ['phone', 'visit', 'letter', 'app'],
};

/** The cells of a question in a round: its values and "no answer". */
export const cellsOf = (prefix: string, questionId: string): string[] => [
  ...(VALUES[questionId] ?? []).map((v) => `${prefix}${questionId}:${v}`),
  `${prefix}${questionId}:none`,
];

/**
 * What a round summary (as the API gives it) says about one question, as equations over its cells: the
 * round's respondents, the question's, each value, each merged group (its `values` say what it adds).
 */
export function equationsOf(round: RoundSummary, questionId: string, prefix = ''): Equation[] {
  const q = round.questions.find((x) => x.questionId === questionId) as QuestionSummary | undefined;
  if (!q) return [];
  const cell = (v: string) => `${prefix}${questionId}:${v}`;
  const values = VALUES[questionId] ?? [];
  const out: Equation[] = [];
  const add = (label: string, cells: readonly string[], value: unknown) => {
    if (typeof value === 'number') out.push({ label: `${prefix}${label}`, cells, value });
  };
  add('respondents', cellsOf(prefix, questionId), round.respondents);
  add(`${questionId}.respondents`, values.map(cell), q.respondents);
  for (const v of values) add(`${questionId}.values.${v}`, [cell(v)], q.values?.[v]);
  for (const g of q.merged?.groups ?? []) add(`${questionId}.merged.${g.key}`, g.values.map(cell), g.count);
  return out;
}
