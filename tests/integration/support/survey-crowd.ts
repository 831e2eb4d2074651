import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { parseCsv } from '../../../adapters/csv/rfc4180-reader.js';
import { LocalJobQueue } from '../../../adapters/local/local-job-queue.js';
import { LocalOutbox } from '../../../adapters/local/local-outbox.js';
import type { Channel, Project } from '../../../core/model.js';
import type { AnswerValue } from '../../../flows/answers.js';
import type { Clock, Logger } from '../../../core/ports.js';
import { NO_QUIET_HOURS } from '../../../core/quiet-hours.js';
import { importParticipants } from '../../../core/participants/import-participants.js';
import { deliver } from '../../../core/rounds/deliver.js';
import { launchRound } from '../../../core/rounds/launch-round.js';
import { parseSurveyDefinition } from '../../../flows/definition.js';
import type { composeConversation } from '../../../functions/commons/compose.js';

/**
 * A crowd of made-up participants answering the end-of-project evaluation (8 questions, 8 languages) over
 * SMS and WhatsApp, ten messages each: half join with the code and pick their language from the menu (one
 * unreadable energy answer, re-prompted), half were imported and invited and reply to the invitation.
 * Each person's messages and what must be in the table afterwards are data, so a load test and a fault
 * test can drive them differently and check the same outcome.
 */

type Deps = ReturnType<typeof composeConversation>;

export const CROWD_PROJECT: Project = {
  projectId: 'crowd',
  organisationId: 'org-crowd',
  name: 'Project Samen',
  languages: ['nl', 'fr', 'en', 'ar', 'tr', 'fa', 'uk', 'ti'],
  fallbackLanguages: ['nl', 'en'],
  joinCode: 'SAMEN',
  whatsappTemplates: { nl: 'HXcrowdnl', fr: 'HXcrowdfr', en: 'HXcrowden', ar: 'HXcrowdar' },
  // Load and faults are under test, not the nights: without this, a run after 21:00 in Brussels held every
  // invitation until morning (the default quiet hours) and the crowd found none to answer.
  quietHours: NO_QUIET_HOURS,
};

/** Open answers in each language (the index is appended, so every answer is told apart). */
const WORDS: Record<string, readonly [string, string, string]> = {
  nl: ['Ze namen de tijd voor mij', 'Ik vond werk via de cursus', 'Meer avonden graag'],
  fr: ['On a pris le temps de m’écouter', 'J’ai trouvé un cours de langue', 'Plus de soirées'],
  en: ['They asked for my opinion', 'I found a course', 'Meetings closer to home'],
  ar: ['استمعوا إلي جيدا', 'وجدت دورة لغة', 'مواعيد أقرب إلى البيت'],
  tr: ['Beni dinlediler', 'Bir kurs buldum', 'Daha fazla akşam toplantısı'],
  fa: ['به حرف من گوش دادند', 'یک کلاس زبان پیدا کردم', 'جلسه‌های نزدیک‌تر به خانه'],
  uk: ['Мене вислухали', 'Я знайшов курс', 'Більше вечірніх зустрічей'],
  ti: ['ሰሚዖምኒ', 'ትምህርቲ ረኺበ', 'ዝያዳ ኣኼባታት'],
};

export interface CrowdMember {
  index: number;
  phone: string;
  channel: Exclude<Channel, 'voice'>;
  language: string;
  /** Joins with the code (else imported and invited). */
  joins: boolean;
  /** The ten messages, in order; each is sent after the reply to the one before. */
  messages: string[];
  /** The session's state afterwards. */
  state: string;
  answers: Record<string, AnswerValue>;
  /** What was kept as comments on a question (a message that was no answer to it), in order. */
  comments: Record<string, string[]>;
}

/** `count` participants with distinct made-up Belgian mobile numbers under `prefix` (e.g. '+32478'). */
export function crowd(count: number, prefix: string): CrowdMember[] {
  return Array.from({ length: count }, (_, index): CrowdMember => {
    const language = CROWD_PROJECT.languages[index % CROWD_PROJECT.languages.length] ?? 'nl';
    const [w1, w2, w3] = (WORDS[language] ?? WORDS.en ?? ['', '', '']).map((w) => `${w} (${index})`) as [string, string, string];
    const energy = 1 + (index % 5);
    const phone = `${prefix}${String(index).padStart(12 - prefix.length, '0')}`;
    const channel = index % 3 === 0 ? 'whatsapp' : 'sms';
    if (index % 2 === 0) {
      const menu = String(CROWD_PROJECT.languages.indexOf(language) + 1);
      return {
        index,
        phone,
        channel,
        language,
        joins: true,
        // join → language menu → consent → "9" is no energy (1–5): asked again → …
        messages: [`JOIN ${CROWD_PROJECT.joinCode}`, menu, '1', '9', String(energy), '3', w1, '1', w2, '2'],
        state: 'probe:again',
        answers: { consent: 'yes', energy, listened: 'dont_know', 'listened.probe': w1, helped: 'true', 'helped.probe': w2, again: 'not_true' },
        comments: {}, // "9" at the scale is a misunderstanding, asked again: no remark to keep
      };
    }
    return {
      index,
      phone,
      channel,
      language,
      joins: false,
      // A reply to the invitation starts the survey at its consent question.
      messages: ['Hallo', '1', String(energy), '1', w1, '2', w2, '1', '2', w3],
      state: 'hear_back',
      answers: {
        consent: 'yes',
        energy,
        listened: 'true',
        'listened.probe': w1,
        helped: 'not_true',
        'helped.probe': w2,
        again: 'true',
        future: 'change_some',
        anything_else: w3,
      },
      comments: {},
    };
  });
}

/**
 * The project, its end-evaluation round, the invited half imported from a CSV and their invitations sent
 * (to a local outbox). Returns the round's id.
 */
export async function setUpCrowd(deps: Deps, clock: Clock, logger: Logger, members: readonly CrowdMember[]): Promise<string> {
  const template = JSON.parse(readFileSync(join(import.meta.dirname, '../../../flows/templates/end-evaluation.json'), 'utf8')) as unknown;
  const survey = parseSurveyDefinition(template);
  await deps.directory.saveSurvey(survey);
  await deps.directory.putProject(CROWD_PROJECT);
  const invited = members.filter((m) => !m.joins);
  const csv = ['phone;language;channel', ...invited.map((m) => `${m.phone};${m.language};${m.channel}`)].join('\n');
  const report = await importParticipants({ ...deps, clock, readCsv: parseCsv }, CROWD_PROJECT, csv, 'all-or-nothing');
  expect(report.rejected).toEqual([]);
  const outbox = new LocalOutbox(() => clock.now());
  const queue = new LocalJobQueue(
    (job) => deliver({ ...deps, clock, messenger: outbox, dialer: null }, job),
    { sms: 1000, whatsapp: 1000, voice: 1000 },
    logger,
  );
  const now = clock.now();
  const { round, invitations } = await launchRound({ rounds: deps.directory, participants: deps.participants, queue, clock }, CROWD_PROJECT, {
    label: 'end',
    surveyId: survey.id,
    surveyVersion: survey.version,
    opensAt: now.toISOString(),
    closesAt: new Date(now.getTime() + 14 * 24 * 3600 * 1000).toISOString(),
    reminderAfterHours: null,
  });
  expect(invitations).toBe(invited.length);
  await queue.drained();
  queue.stop();
  for (const m of invited) expect(outbox.list(m.phone), `invitation of participant ${m.index}`).toHaveLength(1);
  return round.roundId;
}

/**
 * What the table must hold after every member sent all their messages once or more: each respondent's
 * expected answers exactly (none lost, none extra, none applied twice), each session in its expected
 * state, one ledger entry per distinct MessageSid and every one applied, and every contact's version
 * moved once per applied message.
 */
export async function expectCrowdOutcome(
  deps: Deps,
  dump: () => Promise<Array<Record<string, unknown>>>,
  roundId: string,
  members: readonly CrowdMember[],
  distinctSids: number,
): Promise<void> {
  const answers = await deps.store.answersOfRound(CROWD_PROJECT.projectId, roundId);
  const byRespondent = new Map<string, Array<{ questionId: string; value: unknown; status: string }>>();
  for (const a of answers)
    byRespondent.set(a.respondentCode, [...(byRespondent.get(a.respondentCode) ?? []), { questionId: a.questionId, value: a.value, status: a.status }]);
  expect(byRespondent.size).toBe(members.length);

  const wrong: string[] = [];
  for (const m of members) {
    const all = byRespondent.get(deps.protector.respondentCode(CROWD_PROJECT.projectId, m.phone)) ?? [];
    // Messages that were no answer are kept as comments on their question: exactly the expected ones, once.
    const comments: Record<string, unknown[]> = {};
    for (const a of all.filter((x) => x.status === 'comment')) (comments[a.questionId] ??= []).push(a.value);
    if (JSON.stringify(sorted(comments)) !== JSON.stringify(sorted(m.comments))) wrong.push(`participant ${m.index}: comments ${JSON.stringify(comments)}`);
    const got = all.filter((x) => x.status !== 'comment');
    const actual = Object.fromEntries(got.map((a) => [a.questionId, a.value]));
    if (
      got.length !== Object.keys(m.answers).length ||
      JSON.stringify(sorted(actual)) !== JSON.stringify(sorted(m.answers)) ||
      got.some((a) => a.status !== 'answered')
    ) {
      wrong.push(`participant ${m.index}: ${got.length} answers`);
    }
    const { contact, sessions } = await deps.store.loadParticipant(deps.protector.contactKey(m.phone));
    const session = sessions.find((s) => s.projectId === CROWD_PROJECT.projectId);
    if (session?.status !== 'active' || session.flow.value !== m.state)
      wrong.push(`participant ${m.index}: session ${session?.status ?? 'missing'} at ${String(session?.flow.value)}`);
    // Each applied message moves the contact's version once; an import and an invitation once each.
    const expectedVersion = m.messages.length + (m.joins ? 0 : 2);
    if (contact?.version !== expectedVersion) wrong.push(`participant ${m.index}: contact version ${String(contact?.version)}, expected ${expectedVersion}`);
  }
  expect(wrong.slice(0, 10), `${wrong.length} participants differ`).toEqual([]);

  const ledger = (await dump()).filter((i) => i.kind === 'inbound');
  expect(ledger).toHaveLength(distinctSids);
  expect(ledger.filter((i) => i.status !== 'done')).toHaveLength(0);
}

const sorted = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));

/** At most `limit` of the returned function's tasks run at once. */
export function concurrencyLimit(limit: number): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: Array<() => void> = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    // A finishing task hands its place straight to the next waiting one, so no newcomer slips in between.
    if (running >= limit) await new Promise<void>((go) => waiting.push(go));
    else running++;
    try {
      return await task();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else running--;
    }
  };
}
