import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, keys } from '../../../adapters/dynamodb/table.js';
import type { Answer, Project, Round } from '../../../core/model.js';
import { LIFE_PROJECT, lifeSurvey } from '../../../local/demo-life.js';
import { DEMO_PROJECT } from '../../../local/seed.js';
import type { Harness } from './harness.js';

/**
 * A round of the De Brug life survey (a story with its dyad "felt" and triad "difference", statements with
 * their "why") whose answers are written straight into DynamoDB Local, person by person, as the engine
 * stores them: so that tests of reading people's words choose exactly who stands in which zone.
 */

export const WORDS_PROJECT: Project = { ...LIFE_PROJECT, projectId: 'words', organisationId: DEMO_PROJECT.organisationId, joinCode: 'WORDS' };
export const WORDS_ROUND = 'words-1';

export interface Speaker {
  code: string;
  zone: number;
  felt: number;
  listened: 'true' | 'not_true' | 'dont_know';
  /** The story as typed; or, with `voice`, none typed. */
  story: string;
  /** A voice story: its (redacted) transcript and an interpreter's translation. */
  voice?: { transcript: string; translation: string | null };
  why?: string;
  /** Words after the story, kept beside it. */
  comment?: string;
  /** Still answering: no completion marker. */
  unfinished?: boolean;
}

export async function seedWordsRound(h: Harness): Promise<Round> {
  const survey = await lifeSurvey();
  await h.deps.directory.saveSurvey(survey, WORDS_PROJECT.organisationId);
  await h.deps.directory.putProject(WORDS_PROJECT);
  const now = h.clock.now().getTime();
  const round: Round = {
    projectId: WORDS_PROJECT.projectId,
    roundId: WORDS_ROUND,
    label: 'words',
    surveyId: survey.id,
    surveyVersion: survey.version,
    opensAt: new Date(now - 10 * 86_400_000).toISOString(),
    closesAt: new Date(now + 10 * 86_400_000).toISOString(),
    reminderAfterHours: null,
  };
  await h.deps.directory.putRound(round);
  return round;
}

export async function writeSpeakers(h: Harness, round: Round, speakers: readonly Speaker[]): Promise<void> {
  const db = documentClient(h.dynamoDb);
  const items: Array<Record<string, unknown>> = [];
  for (const s of speakers) {
    const base = {
      projectId: round.projectId,
      roundId: round.roundId,
      respondentCode: s.code,
      surveyId: round.surveyId,
      surveyVersion: round.surveyVersion,
      language: 'nl',
      channel: 'sms' as const,
      day: round.opensAt.slice(0, 10),
      voice: null,
      transcript: null,
      translation: null,
    };
    const answer = (questionId: string, value: Answer['value'], more: Partial<Answer> = {}): Answer => ({
      ...base,
      questionId,
      value,
      status: 'answered',
      ...more,
    });
    const answers: Answer[] = [
      answer('consent', 'yes'),
      s.voice ? answer('story', null, { voice: 'transcribed', transcript: s.voice.transcript, translation: s.voice.translation }) : answer('story', s.story),
      answer('felt', s.felt),
      answer('difference', s.zone),
      answer('listened', s.listened),
      answer('listened.probe', s.why ?? `why of ${s.code}`),
    ];
    if (s.comment) answers.push({ ...answer('story', s.comment), status: 'comment', seq: 1 });
    for (const a of answers) items.push({ ...keys.answer(a.projectId, a.roundId, a.respondentCode, a.questionId, a.seq), kind: 'answer', ...a });
    if (!s.unfinished)
      items.push({
        ...keys.completion(round.projectId, round.roundId, s.code),
        kind: 'completion',
        projectId: round.projectId,
        roundId: round.roundId,
        respondentCode: s.code,
      });
  }
  for (let i = 0; i < items.length; i += 25) {
    await db.send(new BatchWriteCommand({ RequestItems: { [h.tableName]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) } }));
  }
}
