import { expect } from 'vitest';
import { LocalDialer } from '../../../adapters/local/local-dialer.js';
import { LocalJobQueue } from '../../../adapters/local/local-job-queue.js';
import { LocalOutbox } from '../../../adapters/local/local-outbox.js';
import { findTemplate } from '../../../adapters/templates/template-library.js';
import { deliver } from '../../../core/rounds/deliver.js';
import { sweep } from '../../../core/rounds/sweep.js';
import { apiApp } from '../../../http/api/api-app.js';
import { explain, type Finding, type Snapshot } from '../../support/curious-attacks.js';
import { parseCsv } from '../../support/rfc4180.js';
import { startHarness, type Harness } from './harness.js';
import { callApi, type ApiAnswer, type Body } from './staff-api.js';

/**
 * The curious reader's workbench (issue 16): the real local stack — signed Twilio webhooks into DynamoDB
 * Local, the staff API in-process with real tokens — and the downloads a social worker or a coordinator
 * can make. Nothing here knows how the outputs are protected; it only reads what they publish.
 */

export const ORGANISATION = 'org-curious';
export const DAY_MS = 24 * 3600 * 1000;

/** The survey every attack project asks: a scale, a statement whose "why" follows only "not true" / "don't know", a choice, free text, hear back. */
export const SURVEY_ID = 'curious_check';
export const PROBE_WHEN = ['not_true', 'dont_know'] as const;

export type Lang = 'nl' | 'fr' | 'en' | 'ar' | 'ti' | 'uk' | 'tr' | 'fa';
export type Statement = 'true' | 'not_true' | 'dont_know';
export type Future = 'keep' | 'change_some' | 'change_much';

export interface Person {
  phone: string;
  language: Lang;
  channel: 'sms' | 'whatsapp';
}

/** What a person does in a round: finish it, say no at the consent, or stop after `stopAfter` answers. */
export interface Script {
  energy: 1 | 2 | 3 | 4 | 5;
  listened: Statement;
  future: Future;
  /** Typed at the open question (and at the probe, when asked). */
  words: string;
  hearBack: boolean;
  /** 'declines': "no" at the consent. 'stops': answers consent and energy, then goes quiet. */
  ending?: 'completes' | 'declines' | 'stops';
}

/** What people type at the open question, in their own language and script (made up; translations unreviewed). */
export const WORDS: Record<Lang, string> = {
  nl: 'Meer uitleg over de brieven',
  fr: 'Plus d’aide pour les lettres',
  en: 'More help with letters',
  ar: 'نحتاج مساعدة أكثر في الرسائل',
  ti: 'ዝያዳ ሓገዝ ምስ ደብዳበታት',
  uk: 'Більше допомоги з листами',
  tr: 'Mektuplarla daha fazla yardım',
  fa: 'کمک بیشتر با نامه‌ها',
};

const STATEMENT_KEY: Record<Statement, string> = { true: '1', not_true: '2', dont_know: '3' };
const FUTURE_KEY: Record<Future, string> = { keep: '1', change_some: '2', change_much: '3' };

/** The messages a person sends for a script, after the invitation reached them. */
export function messagesFor(s: Script): string[] {
  if (s.ending === 'declines') return ['hallo', '2'];
  if (s.ending === 'stops') return ['hallo', '1', String(s.energy)];
  const probe = (PROBE_WHEN as readonly string[]).includes(s.listened) ? [`${s.words} (why)`] : [];
  return ['hallo', '1', String(s.energy), STATEMENT_KEY[s.listened], ...probe, FUTURE_KEY[s.future], s.words, s.hearBack ? '1' : '2'];
}

/** The survey as staff would author it from the end-evaluation template, with a conditional probe. */
export async function curiousSurvey(): Promise<Record<string, unknown>> {
  const t = await findTemplate('end_evaluation');
  if (!t) throw new Error('no end_evaluation template');
  const pick = (id: string) => {
    const q = t.questions.find((x) => x.id === id);
    if (!q) throw new Error(`end_evaluation has no ${id}`);
    return q;
  };
  const listened = pick('listened');
  if (listened.kind !== 'statement' || !listened.probe) throw new Error('listened has no probe');
  return {
    id: SURVEY_ID,
    version: 1,
    title: t.title,
    languages: t.languages,
    questions: [
      pick('consent'),
      pick('energy'),
      { ...listened, probe: { ...listened.probe, when: [...PROBE_WHEN] } },
      pick('future'),
      pick('anything_else'),
      pick('hear_back'),
    ],
  };
}

export type Role = 'staff' | 'coordinator';

/** The attack learned nothing: no finding (the first ones are printed when it did). */
export function expectNothingLearned(findings: readonly Finding[], what: string): void {
  expect(explain(findings), `${what}: ${findings.length} thing(s) learned about fewer than k people`).toEqual([]);
}

/** `count` people with made-up Belgian mobile numbers under a two-digit `series`, languages and channels as given. */
export function peopleOf(series: number, spec: ReadonlyArray<readonly [Lang, Person['channel']]>, from = 0): Person[] {
  return spec.map(([language, channel], i) => ({ phone: `+32470${String(series).padStart(2, '0')}${String(from + i).padStart(4, '0')}`, language, channel }));
}

export interface CsvTable {
  header: string[];
  rows: Array<Record<string, string>>;
  text: string;
}

/** A CSV download as a spreadsheet reads it (BOM stripped), each row keyed by its header. */
export function readCsv(bytes: Buffer): CsvTable {
  const hasBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const text = bytes.subarray(hasBom ? 3 : 0).toString('utf8');
  const [header = [], ...data] = parseCsv(text);
  const rows = data.filter((r) => r.length > 1 || (r[0] ?? '') !== '').map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
  return { header, rows, text };
}

export interface Curious {
  h: Harness;
  outbox: LocalOutbox;
  call(role: Role, method: string, path: string, body?: Body, type?: string): Promise<ApiAnswer>;
  /** A project of the curious organisation; `extra` is merged into the body (e.g. `disclosure`). */
  createProject(projectId: string, languages: Lang[], extra?: Record<string, unknown>): Promise<ApiAnswer>;
  enrol(projectId: string, people: readonly Person[]): Promise<void>;
  /** Launch a round of the curious survey, open now for `days` days; its id. */
  launch(projectId: string, label: string, days?: number): Promise<string>;
  /** The person replies to the invitation and follows the script (each message signed like Twilio's). */
  take(person: Person, script: Script): Promise<void>;
  send(person: Person, text: string): Promise<void>;
  /** Close the round now and let the scheduler expire what was left unfinished. */
  close(projectId: string, roundId: string): Promise<void>;
  /** Wait until every queued message (invitations, "you said, we did") went out. */
  settle(): Promise<void>;
  /** Move the test clock on by whole days (answers carry the day). */
  later(days: number): void;
  summary(projectId: string, role?: Role): Promise<Record<string, unknown>>;
  roundCsv(projectId: string, roundId: string, query?: string, role?: Role): Promise<CsvTable>;
  projectCsv(projectId: string, query?: string, role?: Role): Promise<CsvTable>;
  progress(projectId: string, roundId: string, role?: Role): Promise<Record<string, unknown>>;
  rounds(projectId: string, role?: Role): Promise<Record<string, unknown>>;
  feedback(projectId: string, roundId: string): Promise<Record<string, unknown>>;
  voiceAnswers(projectId: string, roundId: string, role?: Role): Promise<Record<string, unknown>>;
  /** Everything a reader downloads about the round, now. */
  snapshot(projectId: string, roundId: string, after: string): Promise<Snapshot>;
  stop(): Promise<void>;
}

function ok(answer: ApiAnswer, what: string): Record<string, unknown> {
  expect(answer.status, `${what}: ${answer.text.slice(0, 300)}`).toBe(200);
  expect(answer.json, what).not.toBeNull();
  return answer.json ?? {};
}

/** The workbench, signed in as staff of `organisation` (the demo's, to attack the demo project). */
export async function startCurious(organisation = ORGANISATION): Promise<Curious> {
  const h = await startHarness();
  const outbox = new LocalOutbox(() => h.clock.now());
  const queue = new LocalJobQueue(
    (job) => deliver({ ...h.deps, messenger: outbox, dialer: new LocalDialer(() => h.clock.now()) }, job),
    { sms: 1000, whatsapp: 1000, voice: 1000 },
    h.logger,
  );
  const app = apiApp({ ...h.deps, queue, voice: h.voice });
  const tokens: Record<Role, string> = {
    staff: await h.deps.users.issueToken({ role: 'staff', userId: 'curious-social-worker', organisationId: organisation }),
    coordinator: await h.deps.users.issueToken({ role: 'coordinator', userId: 'curious-coordinator' }),
  };
  const call = (role: Role, method: string, path: string, body?: Body, type?: string) => callApi(app, tokens[role], method, path, body, type);
  const survey = await curiousSurvey();
  const saved = await call('staff', 'POST', '/api/surveys', survey);
  expect(saved.status, saved.text).toBe(201);

  const download = async (role: Role, path: string): Promise<CsvTable> => {
    const response = await app.request(path, { headers: { authorization: `Bearer ${tokens[role]}` } });
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(response.status, `${path}: ${bytes.toString('utf8').slice(0, 300)}`).toBe(200);
    return readCsv(bytes);
  };

  const send = async (person: Person, text: string) => {
    const sent = await h.send({ channel: person.channel, phone: person.phone, text });
    expect(sent.status, `${person.phone} sending "${text}"`).toBe(200);
  };

  return {
    h,
    outbox,
    call,
    async createProject(projectId, languages, extra = {}) {
      const made = await call('staff', 'POST', '/api/projects', {
        projectId,
        name: `Project ${projectId}`,
        languages,
        fallbackLanguages: ['nl'],
        joinCode: `${projectId.replace(/[^a-z0-9]/gi, '')}code`.toUpperCase().slice(0, 12),
        ...extra,
      });
      // The organisation shares the rows with the network, so the coordinator reads every download the curious reader attacks.
      if (made.status === 201) expect((await call('staff', 'PUT', `/api/projects/${projectId}/sharing`, { level: 'rows' })).status).toBe(200);
      return made;
    },
    async enrol(projectId, people) {
      const csv = ['phone;language;channel', ...people.map((p) => `${p.phone};${p.language};${p.channel}`)].join('\n');
      const imported = await call('staff', 'POST', `/api/projects/${projectId}/participants`, csv, 'text/csv');
      expect(imported.json, imported.text).toMatchObject({ imported: true });
      await queue.drained();
    },
    async launch(projectId, label, days = 14) {
      const now = h.clock.now();
      const launched = await call('staff', 'POST', `/api/projects/${projectId}/rounds`, {
        label,
        surveyId: SURVEY_ID,
        surveyVersion: 1,
        opensAt: now.toISOString(),
        closesAt: new Date(now.getTime() + days * DAY_MS).toISOString(),
      });
      expect(launched.status, launched.text).toBe(201);
      await queue.drained();
      const roundId = (launched.json?.round as { roundId?: string } | undefined)?.roundId;
      if (!roundId) throw new Error(`no round id in ${launched.text}`);
      return roundId;
    },
    async take(person, script) {
      for (const text of messagesFor(script)) await send(person, text);
    },
    send,
    async close(projectId, roundId) {
      const closed = await call('staff', 'POST', `/api/projects/${projectId}/rounds/${roundId}/close`);
      expect(closed.status, closed.text).toBe(200);
      await sweep({ projects: () => h.deps.directory.listProjects(), rounds: h.deps.directory, participants: h.deps.participants, queue, clock: h.clock });
      await queue.drained();
    },
    settle: () => queue.drained(),
    later(days) {
      h.clock.current = new Date(h.clock.current.getTime() + days * DAY_MS);
    },
    summary: async (projectId, role = 'staff') => ok(await call(role, 'GET', `/api/projects/${projectId}/summary`), 'summary'),
    roundCsv: (projectId, roundId, query = '', role = 'staff') => download(role, `/api/projects/${projectId}/rounds/${roundId}/results.csv${query}`),
    projectCsv: (projectId, query = '', role = 'staff') => download(role, `/api/projects/${projectId}/results.csv${query}`),
    progress: async (projectId, roundId, role = 'staff') => ok(await call(role, 'GET', `/api/projects/${projectId}/rounds/${roundId}/progress`), 'progress'),
    rounds: async (projectId, role = 'staff') => ok(await call(role, 'GET', `/api/projects/${projectId}/rounds`), 'rounds'),
    feedback: async (projectId, roundId) => ok(await call('staff', 'GET', `/api/projects/${projectId}/rounds/${roundId}/feedback`), 'feedback'),
    voiceAnswers: async (projectId, roundId, role = 'staff') =>
      ok(await call(role, 'GET', `/api/projects/${projectId}/rounds/${roundId}/voice-answers`), 'voice answers'),
    async snapshot(projectId, roundId, after) {
      const progressOf = async (role: Role) => ok(await call(role, 'GET', `/api/projects/${projectId}/rounds/${roundId}/progress`), 'progress').progress;
      const obj = (v: unknown): Record<string, unknown> => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
      return {
        after,
        summary: ok(await call('staff', 'GET', `/api/projects/${projectId}/summary`), 'summary'),
        rows: (await download('staff', `/api/projects/${projectId}/rounds/${roundId}/results.csv`)).rows,
        numbers: (await download('staff', `/api/projects/${projectId}/rounds/${roundId}/results.csv?columns=numbers`)).rows,
        progress: obj(await progressOf('staff')),
        coordinatorProgress: obj(await progressOf('coordinator')),
        feedback: ok(await call('staff', 'GET', `/api/projects/${projectId}/rounds/${roundId}/feedback`), 'feedback'),
      };
    },
    async stop() {
      queue.stop();
      await h.stop();
    },
  };
}
