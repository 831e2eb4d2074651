import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalDialer } from '../../adapters/local/local-dialer.js';
import { LocalJobQueue } from '../../adapters/local/local-job-queue.js';
import { LocalOutbox } from '../../adapters/local/local-outbox.js';
import type { Project } from '../../core/model.js';
import { deliver } from '../../core/rounds/deliver.js';
import { writeTranslationFile } from '../../adapters/translation-files/index.js';
import { surveyBundle } from '../../core/translation/survey-bundle.js';
import { apiApp } from '../../http/api/api-app.js';
import { DEMO_SURVEY } from '../../local/seed.js';
import { startHarness, type Harness } from './support/harness.js';
import { callApi, issueRoleTokens, ROLES, type ApiAnswer, type Body, type Role } from './support/staff-api.js';
import { startVoiceNotes, type VoiceNotes } from './support/voice-notes.js';
import { silentWav } from './support/wav.js';

/**
 * The authorization matrix of the staff API, read from its own OpenAPI document: every path and
 * method, called without a token, with a bad token, and as staff of the owning organisation, staff of
 * another organisation, an interpreter of the owning organisation and a coordinator, on real seeded
 * data (DynamoDB Local), so the allowed calls really succeed. The expectations follow
 * core/access/authorize.ts: no token → 401; another organisation's project → 404 (as if it did not
 * exist); coordinators read projects and results, never participants, contact data or anything they
 * could change; interpreters only the transcription queue, the prompts to record and, where the
 * organisation lets them (here its own), coding; coordinators of coding only the counts. A route added to
 * the document (or to the app) without a row here fails the test.
 */

type Caller = 'none' | 'badToken' | Role;
const CALLERS: readonly Caller[] = ['none', 'badToken', ...ROLES];

interface Call {
  /** Values of the path's `{placeholders}`. */
  params?: Record<string, string>;
  query?: string;
  body?: Body;
  type?: string;
}

interface Row {
  /** Status per role; `none` and `badToken` are always 401. */
  expect: Record<Role, number>;
  /** How a caller calls it (a fresh resource where the call uses it up). */
  call?: (caller: Caller) => Call | Promise<Call>;
}

let h: Harness;
let notes: VoiceNotes;
let queue: LocalJobQueue;
let api: ReturnType<typeof apiApp>;
let tokens: Record<Role, string>;
/** A voice answer of the owning organisation nobody else may hear. */
let sharedJob = '';
let promptId = '';
/** A "you said, we did" item of the demo project, to change and re-status. */
let saidDidItem = '';
/** Its version now (each caller changes it with the version it read). */
async function saidDidVersion(): Promise<number> {
  const list = await callApi(api, tokens.owner, 'GET', '/api/projects/demo/we-did');
  return (list.json?.items as Array<{ itemId: string; version: number }>).find((i) => i.itemId === saidDidItem)?.version ?? 0;
}
/** A released answer of the demo round (as results show its respondent), for the coding routes. */
let released = '';
const participants: string[] = [];
let nextPhone = 0;

const AUTHZ: Project = {
  projectId: 'authz',
  organisationId: 'demo-ocmw',
  name: 'Authz',
  languages: ['nl', 'ti'],
  fallbackLanguages: ['nl'],
  joinCode: 'AUTHZ',
  whatsappTemplates: {},
};
const DAY = 24 * 3600_000;
const WAV = silentWav(1);
const demo = { projectId: 'demo', roundId: 'demo-start' };
const iso = (ms: number) => new Date(h.clock.now().getTime() + ms).toISOString();
const lower = (caller: Caller) => caller.toLowerCase();

/** A participant of the demo project at its first open question (the probe after "respected: true"). */
async function participantAtProbe(): Promise<string> {
  const phone = `+324707100${String(++nextPhone).padStart(2, '0')}`;
  participants.push(phone);
  for (const text of ['JOIN DEMO', '3', 'yes', '4', '1']) expect((await h.send({ channel: 'whatsapp', phone, text })).status).toBe(200);
  return phone;
}
const freshJob = async (): Promise<string> => notes.toHumanQueue(await participantAtProbe(), WAV);

/** A participant who finishes the demo check-in (their "why" is an answer to code once released). */
async function participantFinished(): Promise<string> {
  const phone = `+324707100${String(++nextPhone).padStart(2, '0')}`;
  participants.push(phone);
  for (const text of ['JOIN DEMO', '3', 'yes', '4', '1', 'They listen.', '1', 'More time.', '2'])
    expect((await h.send({ channel: 'whatsapp', phone, text })).status).toBe(200);
  return phone;
}

/**
 * Interpreters of the network (of the other organisation, and independent) each use up a voice answer of
 * their own (listening reserves it); the others try one they may not hear: by default nobody of the
 * participant's own organisation hears its voices (attack-voices.test.ts switches that on).
 */
const jobFor = async (caller: Caller): Promise<string> => (caller === 'networkInterpreter' || caller === 'independentInterpreter' ? freshJob() : sharedJob);
const everyone = (status: number): Record<Role, number> => ({
  owner: status,
  otherStaff: status,
  interpreter: status,
  coordinator: status,
  networkInterpreter: status,
  independentInterpreter: status,
});
const ownerCall = (status: number): Record<Role, number> => ({ ...everyone(404), owner: status });
const readable = (status: number): Record<Role, number> => ({ ...everyone(404), owner: status, coordinator: status });
const recordable = (status: number): Record<Role, number> => ({ ...everyone(404), owner: status, interpreter: status });
const staffOnly = (status: number): Record<Role, number> => ({ ...everyone(403), owner: status, otherStaff: status });
const network = (status: number): Record<Role, number> => ({ ...everyone(404), networkInterpreter: status, independentInterpreter: status });
const coordinatorOnly = (status: number): Record<Role, number> => ({ ...everyone(403), coordinator: status });
/*
 * Coordinators read what the organisation shares (core/access/sharing.ts). The demo shares the default, the
 * released summary: project, rounds, progress and summary, no code counts and no rows (the exports, voice
 * answers, suggestions: `ownerCall` below). attack-sharing.test.ts walks every level.
 */

/** A draft survey of the owning organisation (made once), as the editor saves it whole. */
async function ownerDraft(): Promise<Record<string, unknown>> {
  const made = await callApi(api, tokens.owner, 'POST', '/api/surveys/new', { surveyId: 'authz_draft', languages: ['nl'], title: { nl: 'Concept' } });
  if (made.status !== 201 && made.status !== 409) throw new Error(`the draft was not made: ${made.status} ${made.text}`);
  const { json } = await callApi(api, tokens.owner, 'GET', '/api/surveys/authz_draft/versions/1');
  return json?.definition as Record<string, unknown>;
}

/** `METHOD /path` as in the OpenAPI document → who gets what, and how they call it. */
const MATRIX: Record<string, Row> = {
  'GET /api/me': { expect: everyone(200) },
  'GET /api/projects': { expect: everyone(200) },
  'POST /api/projects': {
    expect: staffOnly(201),
    call: (caller) => ({ body: { projectId: `p-${lower(caller)}`, name: `Project ${caller}`, languages: ['nl'], joinCode: `J${lower(caller).slice(0, 10)}` } }),
  },
  'GET /api/projects/{projectId}': { expect: readable(200), call: () => ({ params: demo }) },
  'GET /api/projects/{projectId}/participants': { expect: ownerCall(200), call: () => ({ params: demo }) },
  'GET /api/projects/{projectId}/quiet-hours': { expect: readable(200), call: () => ({ params: demo }) },
  'PUT /api/projects/{projectId}/quiet-hours': {
    expect: ownerCall(200),
    call: () => ({ params: { projectId: AUTHZ.projectId }, body: { quietHours: { timeZone: 'Europe/Brussels', blocks: [] } } }),
  },
  'POST /api/projects/{projectId}/participants': {
    expect: ownerCall(200),
    call: () => ({ params: { projectId: AUTHZ.projectId }, body: 'phone,language,channel\n0470 71 99 01,nl,sms\n', type: 'text/csv' }),
  },
  'GET /api/templates': { expect: everyone(200) },
  'GET /api/surveys': { expect: staffOnly(200) },
  // The system texts: staff and interpreters translate them; nothing in them is an organisation's.
  'GET /api/translations/system': { expect: { ...everyone(200), coordinator: 403 } },
  // Each caller's own organisation's surveys to translate (never another's: expectNoLeak); none for the network's own.
  'GET /api/translations/surveys': { expect: { ...everyone(200), coordinator: 403, independentInterpreter: 403 } },
  'GET /api/translations/system/{language}': {
    expect: { ...everyone(200), coordinator: 403 },
    call: () => ({ params: { language: 'ar' }, query: 'format=po' }),
  },
  'POST /api/surveys': {
    expect: staffOnly(201),
    call: (caller) => ({
      body: {
        id: `own_${lower(caller)}`,
        version: 1,
        title: { nl: 'Kort' },
        languages: ['nl'],
        questions: [{ id: 'q', kind: 'open', text: { nl: 'Wat denkt u?' } }],
      },
    }),
  },
  'POST /api/surveys/from-template': { expect: staffOnly(201), call: (caller) => ({ body: { template: 'energy_checkin', surveyId: `tpl_${lower(caller)}` } }) },
  'GET /api/surveys/{surveyId}/versions/{version}': {
    expect: { ...everyone(403), owner: 200, otherStaff: 404 },
    call: () => ({ params: { surveyId: DEMO_SURVEY.id, version: String(DEMO_SURVEY.version) } }),
  },
  'POST /api/surveys/new': {
    expect: staffOnly(201),
    call: (caller) => ({ body: { surveyId: `new_${lower(caller)}`, languages: ['nl'], title: { nl: 'Nieuw' } } }),
  },
  'PUT /api/surveys/{surveyId}/versions/{version}': {
    expect: { ...everyone(403), owner: 200, otherStaff: 404 },
    call: async () => ({ params: { surveyId: 'authz_draft', version: '1' }, body: await ownerDraft() }),
  },
  'POST /api/surveys/{surveyId}/versions/{version}/draft': {
    // The demo survey's version is frozen by the demo round: the owner gets a new draft version of it.
    expect: { ...everyone(403), owner: 201, otherStaff: 404 },
    call: () => ({ params: { surveyId: DEMO_SURVEY.id, version: String(DEMO_SURVEY.version) } }),
  },
  'GET /api/surveys/{surveyId}/versions/{version}/preview': {
    expect: { ...everyone(403), owner: 200, otherStaff: 404 },
    call: () => ({ params: { surveyId: DEMO_SURVEY.id, version: String(DEMO_SURVEY.version) }, query: 'language=ar' }),
  },
  // The network's library (http/api/library-routes.ts): staff read, publish their own, copy, withdraw their own;
  // coordinators read; interpreters nothing. Each staff caller publishes the survey it saved above.
  'GET /api/library': { expect: { ...everyone(403), owner: 200, otherStaff: 200, coordinator: 200 } },
  'POST /api/library': { expect: staffOnly(201), call: (caller) => ({ body: { surveyId: `own_${lower(caller)}`, version: 1 } }) },
  'POST /api/library/{entryId}/copy': {
    expect: staffOnly(201),
    call: (caller) => ({ params: { entryId: 'own_otherstaff-v1' }, body: { surveyId: `copy_${lower(caller)}` } }),
  },
  // Only the publisher withdraws: everyone else is refused the owner's entry.
  'DELETE /api/library/{entryId}': { expect: { ...everyone(403), owner: 204 }, call: () => ({ params: { entryId: 'own_owner-v1' } }) },
  // Translations: staff of the organisation and its interpreters (for their languages; these list none).
  'GET /api/surveys/{surveyId}/versions/{version}/translations': {
    expect: { ...everyone(403), owner: 200, interpreter: 200, otherStaff: 404, networkInterpreter: 404 },
    call: () => ({ params: { surveyId: DEMO_SURVEY.id, version: String(DEMO_SURVEY.version) } }),
  },
  'GET /api/surveys/{surveyId}/versions/{version}/translations/{language}': {
    expect: { ...everyone(403), owner: 200, interpreter: 200, otherStaff: 404, networkInterpreter: 404 },
    call: () => ({ params: { surveyId: DEMO_SURVEY.id, version: String(DEMO_SURVEY.version), language: 'ar' }, query: 'format=po' }),
  },
  'POST /api/surveys/{surveyId}/versions/{version}/translations/{language}': {
    expect: { ...everyone(403), owner: 200, interpreter: 200, otherStaff: 404, networkInterpreter: 404 },
    // The file as exported, unchanged and not marked reviewed: accepted, and nothing is saved.
    call: () => ({
      params: { surveyId: DEMO_SURVEY.id, version: String(DEMO_SURVEY.version), language: 'ar' },
      query: 'format=csv&reviewed=false',
      body: writeTranslationFile(surveyBundle(DEMO_SURVEY, 'ar'), 'csv').body,
      type: 'text/csv',
    }),
  },
  'GET /api/projects/{projectId}/rounds': { expect: readable(200), call: () => ({ params: demo }) },
  'POST /api/projects/{projectId}/rounds': {
    expect: ownerCall(201),
    call: (caller) => ({
      params: { projectId: AUTHZ.projectId },
      // The demo survey has no Tigrinya: launched with that accepted (else 409, tests/integration/launch-languages.test.ts).
      body: {
        label: `later ${caller}`,
        surveyId: DEMO_SURVEY.id,
        surveyVersion: DEMO_SURVEY.version,
        opensAt: iso(30 * DAY),
        closesAt: iso(44 * DAY),
        acceptMissingLanguages: ['ti'],
      },
    }),
  },
  'GET /api/projects/{projectId}/rounds/{roundId}/progress': { expect: readable(200), call: () => ({ params: demo }) },
  'POST /api/projects/{projectId}/rounds/{roundId}/close': {
    expect: ownerCall(200),
    call: () => ({ params: { projectId: AUTHZ.projectId, roundId: 'close-me' } }),
  },
  'GET /api/projects/{projectId}/rounds/{roundId}/feedback': {
    expect: ownerCall(200),
    call: () => ({ params: { projectId: AUTHZ.projectId, roundId: 'closed' } }),
  },
  'PUT /api/projects/{projectId}/rounds/{roundId}/feedback': {
    expect: ownerCall(200),
    call: () => ({ params: { projectId: AUTHZ.projectId, roundId: 'closed' }, body: { texts: { nl: 'We hebben geluisterd.' } } }),
  },
  'PUT /api/projects/{projectId}/rounds/{roundId}/feedback/audio/{language}': {
    expect: ownerCall(201),
    call: () => ({ params: { projectId: AUTHZ.projectId, roundId: 'closed', language: 'nl' }, body: WAV, type: 'audio/wav' }),
  },
  'GET /api/projects/{projectId}/rounds/{roundId}/feedback/audio/{language}': {
    expect: ownerCall(200),
    call: async () => {
      expect((await callApi(api, tokens.owner, 'PUT', '/api/projects/authz/rounds/closed/feedback/audio/nl', WAV, 'audio/wav')).status).toBe(201);
      return { params: { projectId: AUTHZ.projectId, roundId: 'closed', language: 'nl' } };
    },
  },
  'DELETE /api/projects/{projectId}/rounds/{roundId}/feedback/audio/{language}': {
    expect: ownerCall(204),
    call: async () => {
      // The owner's recording is there to delete (put back before each caller, by the owner).
      expect((await callApi(api, tokens.owner, 'PUT', '/api/projects/authz/rounds/closed/feedback/audio/nl', WAV, 'audio/wav')).status).toBe(201);
      return { params: { projectId: AUTHZ.projectId, roundId: 'closed', language: 'nl' } };
    },
  },
  'POST /api/projects/{projectId}/rounds/{roundId}/feedback/send': {
    expect: ownerCall(202),
    call: async () => {
      expect((await callApi(api, tokens.owner, 'PUT', '/api/projects/authz/rounds/sent/feedback', { texts: { nl: 'Dank u.' } })).status).toBe(200);
      return { params: { projectId: AUTHZ.projectId, roundId: 'sent' } };
    },
  },
  'GET /api/projects/{projectId}/rounds/{roundId}/results.csv': { expect: ownerCall(200), call: () => ({ params: demo }) },
  'GET /api/projects/{projectId}/results.csv': { expect: ownerCall(200), call: () => ({ params: demo, query: 'separator=semicolon' }) },
  'GET /api/projects/{projectId}/rounds/{roundId}/results-wide.csv': { expect: ownerCall(200), call: () => ({ params: demo }) },
  'GET /api/projects/{projectId}/results-wide.csv': { expect: ownerCall(200), call: () => ({ params: demo, query: 'columns=numbers' }) },
  'GET /api/projects/{projectId}/rounds/{roundId}/results.xlsx': { expect: ownerCall(200), call: () => ({ params: demo }) },
  'GET /api/projects/{projectId}/results.xlsx': { expect: ownerCall(200), call: () => ({ params: demo, query: 'columns=numbers' }) },
  'GET /api/projects/{projectId}/rounds/{roundId}/voice-answers': { expect: ownerCall(200), call: () => ({ params: demo }) },
  'GET /api/voice/queue': { expect: everyone(200) },
  'GET /api/voice/own-listening': { expect: everyone(200) },
  'PUT /api/voice/own-listening': { expect: staffOnly(200), call: () => ({ body: { on: false } }) },
  'GET /api/interpreters': { expect: coordinatorOnly(200) },
  'POST /api/interpreters': { expect: coordinatorOnly(201), call: (caller) => ({ body: { label: `made by ${caller}`, languages: ['ti'] } }) },
  'DELETE /api/interpreters/{userId}': {
    expect: coordinatorOnly(204),
    call: async () => {
      const made = await callApi(api, tokens.coordinator, 'POST', '/api/interpreters', { label: 'to remove', languages: [] });
      return { params: { userId: String((made.json?.account as { userId?: string } | undefined)?.userId) } };
    },
  },
  'GET /api/voice/{jobId}/audio': {
    expect: network(200),
    call: async (caller) => ({ params: { jobId: await jobFor(caller) } }),
  },
  'POST /api/voice/{jobId}/transcript': {
    expect: network(200),
    call: async (caller) => ({ params: { jobId: await jobFor(caller) }, body: { transcript: `typed by ${caller}` } }),
  },
  'GET /api/projects/{projectId}/prompts': { expect: recordable(200), call: () => ({ params: { projectId: AUTHZ.projectId } }) },
  'POST /api/projects/{projectId}/prompts/studio-code': { expect: recordable(201), call: () => ({ params: { projectId: AUTHZ.projectId } }) },
  'GET /api/projects/{projectId}/voice-notes': { expect: ownerCall(200), call: () => ({ params: { projectId: AUTHZ.projectId } }) },
  'PUT /api/projects/{projectId}/voice-notes': {
    expect: ownerCall(200),
    call: () => ({ params: { projectId: AUTHZ.projectId }, body: { mode: 'voice-and-text' } }),
  },
  'PUT /api/projects/{projectId}/prompts/{language}/{promptId}': {
    expect: recordable(201),
    call: () => ({ params: { projectId: AUTHZ.projectId, language: 'ti', promptId }, body: WAV, type: 'audio/wav' }),
  },
  'DELETE /api/projects/{projectId}/prompts/{language}/{promptId}': {
    expect: recordable(204),
    call: () => ({ params: { projectId: AUTHZ.projectId, language: 'ti', promptId } }),
  },
  'GET /api/projects/{projectId}/prompts/{language}/{promptId}/audio': {
    expect: recordable(200),
    call: async () => {
      expect((await callApi(api, tokens.owner, 'PUT', `/api/projects/authz/prompts/ti/${encodeURIComponent(promptId)}`, WAV, 'audio/wav')).status).toBe(201);
      return { params: { projectId: AUTHZ.projectId, language: 'ti', promptId } };
    },
  },
  'GET /api/projects/{projectId}/summary': { expect: readable(200), call: () => ({ params: demo }) },
  'PUT /api/projects/{projectId}/suggestion-box': { expect: ownerCall(200), call: () => ({ params: { projectId: AUTHZ.projectId }, body: { open: true } }) },
  'GET /api/projects/{projectId}/suggestions': { expect: ownerCall(200), call: () => ({ params: demo }) },
  'GET /api/projects/{projectId}/suggestions.csv': { expect: ownerCall(200), call: () => ({ params: demo }) },
  // Coding (core/coding/coders.ts): staff, and interpreters the organisation allows (here its own); coordinators the counts only.
  'GET /api/projects/{projectId}/codebook': { expect: recordable(200), call: () => ({ params: demo }) },
  'PUT /api/projects/{projectId}/codebook': {
    expect: ownerCall(200),
    call: () => ({ params: demo, body: { codes: [{ id: 'letters', label: { nl: 'Brieven' } }], interpreters: { own: true, network: [] } } }),
  },
  'GET /api/projects/{projectId}/rounds/{roundId}/coding': { expect: recordable(200), call: () => ({ params: demo, query: 'question=respected.probe' }) },
  'POST /api/projects/{projectId}/rounds/{roundId}/answers/{respondentCode}/{questionId}/tags': {
    expect: recordable(200),
    call: () => ({ params: { ...demo, respondentCode: released, questionId: 'respected.probe' }, body: { codes: ['topoi.taal'] } }),
  },
  'DELETE /api/projects/{projectId}/rounds/{roundId}/answers/{respondentCode}/{questionId}/tags/{code}': {
    expect: recordable(200),
    call: () => ({ params: { ...demo, respondentCode: released, questionId: 'respected.probe', code: 'topoi.taal' } }),
  },
  'GET /api/projects/{projectId}/rounds/{roundId}/code-counts': { expect: ownerCall(200), call: () => ({ params: demo }) },
  'GET /api/projects/{projectId}/coding/agreement': { expect: ownerCall(200), call: () => ({ params: demo }) },
  // "You said, we did" items (core/feedback/visibility.ts): staff make and change them; coordinators read them, never linked answers.
  'GET /api/projects/{projectId}/we-did': { expect: readable(200), call: () => ({ params: demo }) },
  'POST /api/projects/{projectId}/we-did': {
    expect: ownerCall(201),
    call: () => ({
      params: demo,
      body: {
        title: 'Letters explained',
        codes: ['topoi.taal'],
        answers: [{ roundId: demo.roundId, respondentCode: released, questionId: 'respected.probe' }],
      },
    }),
  },
  'PUT /api/projects/{projectId}/we-did/{itemId}': {
    expect: ownerCall(200),
    call: async () => ({ params: { ...demo, itemId: saidDidItem }, body: { title: 'Letters explained slowly', version: await saidDidVersion() } }),
  },
  'POST /api/projects/{projectId}/we-did/{itemId}/status': {
    expect: ownerCall(200),
    call: async () => ({ params: { ...demo, itemId: saidDidItem }, body: { status: 'doing', version: await saidDidVersion() } }),
  },
  'GET /api/we-did': { expect: coordinatorOnly(200) },
  // What the network sees of a project: read by whoever reads the project, changed by its organisation's staff only.
  'GET /api/projects/{projectId}/sharing': { expect: readable(200), call: () => ({ params: demo }) },
  'PUT /api/projects/{projectId}/sharing': { expect: ownerCall(200), call: () => ({ params: { projectId: AUTHZ.projectId }, body: { level: 'themes' } }) },
  'GET /api/network/compare': { expect: coordinatorOnly(200), call: () => ({ query: 'projects=demo,authz' }) },
  // Reading people's words: row-level results, so coordinators only where rows are shared (not the demo's default).
  'GET /api/projects/{projectId}/rounds/{roundId}/answers': { expect: ownerCall(200), call: () => ({ params: demo }) },
  // Anyone signed in may ask which rounds they may code: interpreters get theirs, everyone else an empty list.
  'GET /api/coding/assignments': { expect: everyone(200) },
};

beforeAll(async () => {
  h = await startHarness();
  tokens = await issueRoleTokens(h);
  notes = await startVoiceNotes(h);
  const outbox = new LocalOutbox(() => h.clock.now());
  const dialer = new LocalDialer(() => h.clock.now());
  queue = new LocalJobQueue((job) => deliver({ ...h.deps, messenger: outbox, dialer }, job), { sms: 500, whatsapp: 500, voice: 500 }, h.logger);
  api = apiApp({ ...h.deps, queue, voice: notes.voice });

  // A second project of the same organisation, with a language no voice speaks (prompts to record) and
  // rounds to close and to send "you said, we did" for.
  await h.deps.directory.putProject(AUTHZ);
  const round = { ...h.seeded.round, projectId: AUTHZ.projectId };
  await h.deps.directory.putRound({ ...round, roundId: 'open', opensAt: iso(-DAY), closesAt: iso(7 * DAY) });
  await h.deps.directory.putRound({ ...round, roundId: 'close-me', opensAt: iso(-2 * DAY), closesAt: iso(6 * DAY) });
  await h.deps.directory.putRound({ ...round, roundId: 'closed', opensAt: iso(-40 * DAY), closesAt: iso(-30 * DAY) });
  await h.deps.directory.putRound({ ...round, roundId: 'sent', opensAt: iso(-60 * DAY), closesAt: iso(-50 * DAY) });
  sharedJob = await freshJob();
  // Five who finished, released by reading the summary: answers to code; the organisation lets its own interpreters code.
  const finished: string[] = [];
  for (let i = 0; i < 5; i++) finished.push(await participantFinished());
  expect((await callApi(api, tokens.owner, 'GET', '/api/projects/demo/summary')).status).toBe(200);
  const stored = h.deps.protector.respondentCode(demo.projectId, finished[0] ?? '');
  released = h.deps.protector.exportCode(`round:${demo.projectId}:${demo.roundId}`, stored);
  const book = await callApi(api, tokens.owner, 'PUT', '/api/projects/demo/codebook', { codes: [], interpreters: { own: true, network: [] } });
  expect(book.status).toBe(200);
  const made = await callApi(api, tokens.owner, 'POST', '/api/projects/demo/we-did', { title: 'More time at the desk', codes: ['topoi.inzet'] });
  expect(made.status, made.text).toBe(201);
  saidDidItem = String(made.json?.itemId);
  const prompts = await callApi(api, tokens.owner, 'GET', '/api/projects/authz/prompts?round=open');
  const ti = (prompts.json?.languages as Array<{ language: string; prompts: Array<{ promptId: string }> }> | undefined)?.find((l) => l.language === 'ti');
  promptId = ti?.prompts[0]?.promptId ?? '';
  expect(promptId).not.toBe('');
});
afterAll(async () => {
  queue?.stop();
  await notes?.stop();
  await h?.stop();
});

const documentRoutes = (doc: { paths: Record<string, Record<string, unknown>> }): string[] =>
  Object.entries(doc.paths).flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`));

function pathOf(template: string, call: Call): string {
  const path = template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = call.params?.[name];
    if (value === undefined) throw new Error(`no value for {${name}} in ${template}`);
    return encodeURIComponent(value);
  });
  return call.query ? `${path}?${call.query}` : path;
}

/** What a role must never see in an answer, whatever its status. */
function expectNoLeak(role: Role, key: string, answer: ApiAnswer): void {
  for (const phone of participants) {
    expect(answer.text, `${role} ${key}: a phone number`).not.toContain(phone);
    expect(answer.text, `${role} ${key}: a contact key`).not.toContain(h.deps.protector.contactKey(phone));
  }
  // A refusal may echo the id that was asked for; an answer must hold nothing of the other organisation.
  if ((role === 'otherStaff' || role === 'networkInterpreter' || role === 'independentInterpreter') && answer.status < 300) {
    for (const secret of ['demo-ocmw', '"demo"', 'authz', DEMO_SURVEY.id, 'OCMW Demo']) expect(answer.text, `${role} ${key}: ${secret}`).not.toContain(secret);
  }
  // The join code and sending settings are the organisation's; an interpreter is given the number to call the studio on.
  const settings =
    role === 'coordinator' ? ['joinCode', 'whatsappTemplates', 'callNumber'] : role.endsWith('nterpreter') ? ['joinCode', 'whatsappTemplates'] : [];
  for (const secret of settings) expect(answer.text, `${role} ${key}: ${secret}`).not.toContain(secret);
}

describe('the staff API authorization matrix (every route of /api/openapi.json × every role)', () => {
  it('has a row for every route of the document and of the app, and none for a route that is gone', async () => {
    const doc = await callApi(api, null, 'GET', '/api/openapi.json');
    expect(doc.status).toBe(200);
    const documented = documentRoutes(doc.json as { paths: Record<string, Record<string, unknown>> });
    expect(
      documented.filter((r) => !(r in MATRIX)),
      'routes in the document without an expectation',
    ).toEqual([]);
    expect(
      Object.keys(MATRIX).filter((r) => !documented.includes(r)),
      'expectations for routes not in the document',
    ).toEqual([]);
    // A route the app serves but the document forgets would escape the matrix: none may.
    const served = new Set(
      api.routes
        .filter((r) => r.method !== 'ALL' && r.path.startsWith('/api/') && r.path !== '/api/openapi.json')
        .map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, '{$1}')}`),
    );
    expect([...served].sort(), 'the routes served are the routes documented').toEqual([...documented].sort());
  });

  for (const [key, row] of Object.entries(MATRIX)) {
    it(key, async () => {
      const [method = 'GET', template = ''] = key.split(' ');
      const seen: Record<Caller, number> = { none: 0, badToken: 0, ...everyone(0) };
      // The owner last: a call that changes something (close, send, delete) must not spoil the others' calls.
      for (const caller of [...CALLERS.filter((c) => c !== 'owner'), 'owner' as const]) {
        const call = (await row.call?.(caller)) ?? {};
        const token = caller === 'none' ? null : caller === 'badToken' ? 'stem_not-a-token-but-long-enough-000000' : tokens[caller];
        const answer = await callApi(api, token, method, pathOf(template, call), call.body, call.type);
        seen[caller] = answer.status;
        if (answer.status >= 400) expect(answer.type, `${caller} ${key}`).toContain('application/problem+json');
        if (caller !== 'none' && caller !== 'badToken' && caller !== 'owner') expectNoLeak(caller, key, answer);
      }
      expect(seen).toEqual({ none: 401, badToken: 401, ...row.expect });
    });
  }

  it('what each role lists is its own: projects, surveys and the transcription queue', async () => {
    const list = async (role: Role, path: string, field: string) =>
      ((await callApi(api, tokens[role], 'GET', path)).json?.[field] ?? []) as Array<Record<string, unknown>>;
    expect((await list('owner', '/api/projects', 'projects')).map((p) => p.projectId)).toEqual(expect.arrayContaining(['demo', 'authz']));
    expect((await list('otherStaff', '/api/projects', 'projects')).every((p) => p.organisationId === 'cpas-exemple')).toBe(true);
    expect(await list('interpreter', '/api/projects', 'projects')).toEqual([]);
    const coordinator = await list('coordinator', '/api/projects', 'projects');
    expect(coordinator.map((p) => p.projectId)).toEqual(expect.arrayContaining(['demo', 'authz']));
    expect(coordinator.every((p) => !('joinCode' in p))).toBe(true);
    expect((await list('otherStaff', '/api/surveys', 'surveys')).map((s) => s.surveyId)).not.toContain(DEMO_SURVEY.id);
    // Voices go to strangers: interpreters of the network, not the participant's own organisation (unless it chose so).
    expect((await list('networkInterpreter', '/api/voice/queue', 'jobs')).map((j) => j.jobId)).toContain(sharedJob);
    expect((await list('independentInterpreter', '/api/voice/queue', 'jobs')).map((j) => j.jobId)).toContain(sharedJob);
    for (const role of ['owner', 'interpreter', 'otherStaff', 'coordinator'] as const) expect(await list(role, '/api/voice/queue', 'jobs'), role).toEqual([]);
  });
});
