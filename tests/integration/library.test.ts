import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalJobQueue } from '../../adapters/local/local-job-queue.js';
import { parseSurveyDefinition, type SurveyDefinition } from '../../flows/definition.js';
import { apiApp } from '../../http/api/api-app.js';
import { DEMO_PROJECT, EXEMPLE_PROJECT } from '../../local/seed.js';
import { startHarness, type Harness } from './support/harness.js';
import { callApi, issueRoleTokens, type ApiAnswer, type Body, type Role } from './support/staff-api.js';

/**
 * The network's shared library (issue 22, item 4) over DynamoDB Local, through the staff API as one app.
 * Organisation A (the demo's, `owner`) publishes a survey whose Tigrinya an interpreter reviewed; B
 * (`otherStaff`) lists the library and copies the entry: B's own draft, version 1, the review states kept.
 * Edits on either side never reach the other or the entry; A withdraws and B's copy stays. Attacked: B
 * withdrawing A's entry, B publishing A's survey, a coordinator copying or publishing, interpreters
 * reading, a copy id that belongs to another organisation (409 naming `surveyId`), a double publish.
 */

const A = DEMO_PROJECT.organisationId;
const B = EXEMPLE_PROJECT.organisationId;
let h: Harness;
let api: ReturnType<typeof apiApp>;
let tokens: Record<Role, string>;

const call = (role: Role, method: string, path: string, body?: Body): Promise<ApiAnswer> => callApi(api, tokens[role], method, path, body);

const template = JSON.parse(readFileSync(new URL('../../flows/templates/statement-probe.json', import.meta.url), 'utf8')) as Record<string, unknown>;
/** A's survey: the statement template under A's id, its Tigrinya reviewed by an interpreter (as the translation workflow leaves it). */
const ORIGINAL: SurveyDefinition = parseSurveyDefinition({
  ...template,
  id: 'stories_gent',
  version: 1,
  reviews: {
    ...(template.reviews as Record<string, unknown>),
    ti: { state: 'reviewed', by: 'interpreter', at: '2026-12-01T10:00:00.000Z' },
    nl: { state: 'reviewed', by: 'staff', at: '2026-12-01T09:00:00.000Z' },
  },
});
const ENTRY = 'stories_gent-v1';

interface EntryView {
  entryId: string;
  title: Record<string, string>;
  languages: Array<{ language: string; state: string; by?: string; at?: string }>;
  questions: { count: number; kinds: Record<string, number> };
  organisation: { organisationId: string; name: string };
  publishedAt: string;
  mine: boolean;
  source: { surveyId: string; version: number } | null;
}

const entries = async (role: Role): Promise<EntryView[]> => {
  const answer = await call(role, 'GET', '/api/library');
  expect(answer.status, answer.text).toBe(200);
  return (answer.json?.entries ?? []) as EntryView[];
};
const definitionOf = async (role: Role, surveyId: string, version: number): Promise<SurveyDefinition> => {
  const answer = await call(role, 'GET', `/api/surveys/${surveyId}/versions/${version}`);
  expect(answer.status, answer.text).toBe(200);
  return answer.json?.definition as SurveyDefinition;
};

beforeAll(async () => {
  h = await startHarness();
  tokens = await issueRoleTokens(h);
  const queue = new LocalJobQueue(async () => false, { sms: 500, whatsapp: 500, voice: 500 }, h.logger);
  api = apiApp({ ...h.deps, queue, voice: h.voice });
  await h.deps.directory.saveSurvey(ORIGINAL, A);
}, 60_000);

afterAll(async () => {
  await h?.stop();
});

describe("the network's library", () => {
  let published: EntryView;

  it('A publishes its survey: listed with title, languages and their review states, questions by kind, the organisation by name', async () => {
    expect(await entries('owner')).toEqual([]);
    const answer = await call('owner', 'POST', '/api/library', { surveyId: ORIGINAL.id, version: 1 });
    expect(answer.status, answer.text).toBe(201);
    published = answer.json?.entry as EntryView;
    expect(published).toMatchObject({
      entryId: ENTRY,
      title: ORIGINAL.title,
      questions: { count: 4, kinds: { consent: 1, statement: 3 } },
      organisation: { organisationId: A, name: 'OCMW Demo' },
      mine: true,
      source: { surveyId: ORIGINAL.id, version: 1 },
    });
    expect(published.languages.find((l) => l.language === 'ti')).toEqual({
      language: 'ti',
      state: 'reviewed',
      by: 'interpreter',
      at: '2026-12-01T10:00:00.000Z',
    });
    expect(published.languages.map((l) => l.language)).toEqual(ORIGINAL.languages);
    expect(Date.parse(published.publishedAt)).not.toBeNaN();
    // B and the network's coordinators see it, without A's own survey id.
    for (const role of ['otherStaff', 'coordinator'] as const) {
      const [seen] = await entries(role);
      expect(seen, role).toEqual({ ...published, mine: false, source: null });
    }
  });

  it('publishing the same version again is idempotent: the first snapshot and time stay', async () => {
    h.clock.current = new Date(h.clock.current.getTime() + 60_000);
    const again = await call('owner', 'POST', '/api/library', { surveyId: ORIGINAL.id, version: 1 });
    expect(again.status, again.text).toBe(200);
    expect(again.json?.entry).toEqual(published);
    expect(await entries('owner')).toHaveLength(1);
  });

  it('B copies the entry: its own draft, version 1, texts and review states as published', async () => {
    const answer = await call('otherStaff', 'POST', `/api/library/${ENTRY}/copy`, {});
    expect(answer.status, answer.text).toBe(201);
    const survey = answer.json?.survey as { surveyId: string; version: number; frozen: boolean; from: string };
    expect(survey).toMatchObject({ surveyId: `stories_gent_${B.replace(/-/g, '_')}`, version: 1, frozen: false, from: ENTRY });
    const copy = await definitionOf('otherStaff', survey.surveyId, 1);
    expect(copy).toEqual({ ...ORIGINAL, id: survey.surveyId, version: 1 });
    expect(copy.reviews?.['ti']).toEqual({ state: 'reviewed', by: 'interpreter', at: '2026-12-01T10:00:00.000Z' });
    // B's own: listed among B's surveys, owned by B, not readable by A.
    expect(((await call('otherStaff', 'GET', '/api/surveys')).json?.surveys as Array<{ surveyId: string }>).map((s) => s.surveyId)).toContain(survey.surveyId);
    expect((await h.deps.directory.getSurveyRecord(survey.surveyId, 1))?.organisationId).toBe(B);
    expect((await call('owner', 'GET', `/api/surveys/${survey.surveyId}/versions/1`)).status).toBe(404);
    // A copy under a name of B's choosing too.
    const named = await call('otherStaff', 'POST', `/api/library/${ENTRY}/copy`, { surveyId: 'verhalen_exemple' });
    expect(named.status, named.text).toBe(201);
    expect((await definitionOf('otherStaff', 'verhalen_exemple', 1)).reviews).toEqual(ORIGINAL.reviews);
  });

  it("B's edits of its copy never reach A's survey or the entry", async () => {
    const copy = await definitionOf('otherStaff', 'verhalen_exemple', 1);
    const edited = { ...copy, title: { ...copy.title, nl: 'Onze verhalen' } };
    expect((await call('otherStaff', 'POST', '/api/surveys', edited)).status).toBe(201);
    expect((await call('otherStaff', 'POST', '/api/surveys', { ...edited, version: 2 })).status).toBe(201);
    expect((await definitionOf('otherStaff', 'verhalen_exemple', 1)).title['nl']).toBe('Onze verhalen');
    expect(await definitionOf('owner', ORIGINAL.id, 1)).toEqual(ORIGINAL);
    expect((await h.deps.library.get(ENTRY))?.definition).toEqual(ORIGINAL);
  });

  it("A's later drafts of the original never reach the entry (a snapshot)", async () => {
    const changed = { ...ORIGINAL, title: { ...ORIGINAL.title, nl: 'Nieuwe titel' } };
    // Version 1 is not launched: A may save over it; and a version 2.
    expect((await call('owner', 'POST', '/api/surveys', changed)).status).toBe(201);
    expect((await call('owner', 'POST', '/api/surveys', { ...changed, version: 2 })).status).toBe(201);
    expect((await definitionOf('owner', ORIGINAL.id, 1)).title['nl']).toBe('Nieuwe titel');
    expect((await entries('otherStaff'))[0]?.title).toEqual(ORIGINAL.title);
    expect((await h.deps.library.get(ENTRY))?.definition).toEqual(ORIGINAL);
    // A copy made now is the entry as published, not A's current draft.
    const late = await call('otherStaff', 'POST', `/api/library/${ENTRY}/copy`, { surveyId: 'late_copy' });
    expect(late.status, late.text).toBe(201);
    expect((await definitionOf('otherStaff', 'late_copy', 1)).title).toEqual(ORIGINAL.title);
  });

  it('refuses B withdrawing or republishing what is A’s, and a copy onto an id that is taken', async () => {
    const withdraw = await call('otherStaff', 'DELETE', `/api/library/${ENTRY}`);
    expect(withdraw.status, withdraw.text).toBe(403);
    expect(await h.deps.library.get(ENTRY)).not.toBeNull();
    // A's survey is as missing for B as on /api/surveys.
    const stolen = await call('otherStaff', 'POST', '/api/library', { surveyId: ORIGINAL.id, version: 1 });
    expect(stolen.status, stolen.text).toBe(404);
    expect(stolen.json?.errors?.[0]?.field).toBe('surveyId');
    // An id of another organisation's survey: 409 naming surveyId; nothing of A's changed.
    const onto = await call('otherStaff', 'POST', `/api/library/${ENTRY}/copy`, { surveyId: ORIGINAL.id });
    expect(onto.status, onto.text).toBe(409);
    expect(onto.json?.errors).toEqual([{ field: 'surveyId', message: 'taken by another organisation' }]);
    expect((await h.deps.directory.getSurveyRecord(ORIGINAL.id, 1))?.organisationId).toBe(A);
    // B's own survey id: refused too, B's draft left as it is.
    const own = await call('otherStaff', 'POST', `/api/library/${ENTRY}/copy`, { surveyId: 'verhalen_exemple' });
    expect(own.status, own.text).toBe(409);
    expect(own.json?.errors?.[0]?.field).toBe('surveyId');
    expect((await definitionOf('otherStaff', 'verhalen_exemple', 1)).title['nl']).toBe('Onze verhalen');
    // A template's id, and ids that are no ids.
    expect((await call('otherStaff', 'POST', `/api/library/${ENTRY}/copy`, { surveyId: 'statement_probe' })).status).toBe(409);
    for (const surveyId of ['Stories', '1abc', 'a'.repeat(41), 'x-y', 42]) {
      const bad = await call('otherStaff', 'POST', `/api/library/${ENTRY}/copy`, { surveyId });
      expect(bad.status, JSON.stringify(surveyId)).toBe(400);
      expect(bad.json?.errors?.[0]?.field).toBe('surveyId');
    }
    expect((await call('otherStaff', 'POST', `/api/library/${ENTRY}/copy`, { surveyId: 'ok_id', extra: 1 })).status).toBe(400);
    expect((await call('owner', 'POST', '/api/library', { surveyId: ORIGINAL.id, version: 0 })).json?.errors?.[0]?.field).toBe('version');
    expect((await call('owner', 'POST', '/api/library', { version: 1 })).json?.errors?.[0]?.field).toBe('surveyId');
    // Entries that are not there, and entry ids that are no ids.
    expect((await call('otherStaff', 'POST', '/api/library/stories_gent-v9/copy', {})).status).toBe(404);
    expect((await call('otherStaff', 'POST', '/api/library/..%2Fsv-v1/copy', {})).status).toBe(400);
    expect((await call('owner', 'DELETE', '/api/library/nothing_here-v1')).status).toBe(404);
  });

  it('lets coordinators read but neither publish, copy nor withdraw; interpreters get nothing', async () => {
    expect((await call('coordinator', 'POST', `/api/library/${ENTRY}/copy`, { surveyId: 'coordinated' })).status).toBe(403);
    expect((await call('coordinator', 'POST', '/api/library', { surveyId: ORIGINAL.id, version: 1 })).status).toBe(403);
    expect((await call('coordinator', 'DELETE', `/api/library/${ENTRY}`)).status).toBe(403);
    expect(await h.deps.directory.getSurveyRecord('coordinated', 1)).toBeNull();
    for (const role of ['interpreter', 'networkInterpreter', 'independentInterpreter'] as const) {
      for (const [method, path, body] of [
        ['GET', '/api/library', undefined],
        ['POST', '/api/library', { surveyId: ORIGINAL.id, version: 1 }],
        ['POST', `/api/library/${ENTRY}/copy`, { surveyId: `by_${role.toLowerCase()}` }],
        ['DELETE', `/api/library/${ENTRY}`, undefined],
      ] as const) {
        const answer = await call(role, method, path, body);
        expect(answer.status, `${role} ${method} ${path}`).toBe(403);
        expect(answer.text).not.toContain('Verhalen');
      }
    }
    expect(await h.deps.library.get(ENTRY)).not.toBeNull();
    expect((await callApi(api, null, 'GET', '/api/library')).status).toBe(401);
  });

  it('A withdraws: gone from the library, copies already made stay with B', async () => {
    const withdrawn = await call('owner', 'DELETE', `/api/library/${ENTRY}`);
    expect(withdrawn.status, withdrawn.text).toBe(204);
    expect(await entries('otherStaff')).toEqual([]);
    expect((await call('otherStaff', 'POST', `/api/library/${ENTRY}/copy`, { surveyId: 'too_late' })).status).toBe(404);
    expect((await call('owner', 'DELETE', `/api/library/${ENTRY}`)).status).toBe(404);
    const copy = await definitionOf('otherStaff', `stories_gent_${B.replace(/-/g, '_')}`, 1);
    expect(copy.reviews?.['ti']?.state).toBe('reviewed');
    expect(await definitionOf('owner', ORIGINAL.id, 2)).toMatchObject({ id: ORIGINAL.id, version: 2 });
    // Published again later: a new snapshot of what version 1 is now.
    const again = await call('owner', 'POST', '/api/library', { surveyId: ORIGINAL.id, version: 1 });
    expect(again.status).toBe(201);
    expect((again.json?.entry as EntryView).title['nl']).toBe('Nieuwe titel');
  });
});
