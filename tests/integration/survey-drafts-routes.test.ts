import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalJobQueue } from '../../adapters/local/local-job-queue.js';
import { apiApp } from '../../http/api/api-app.js';
import energy from '../../flows/templates/energy-checkin.json' with { type: 'json' };
import { startHarness, type Harness } from './support/harness.js';
import { callApi } from './support/staff-api.js';

/**
 * The survey editor's API (http/api/survey-drafts-routes.ts) on DynamoDB Local, with tokens of the real
 * local authenticator: a blank survey in Dutch and Arabic, saved whole with every issue named by its path,
 * review states computed by the server whatever the body claims, a launched version frozen (409) and a
 * new draft made from it while it stays as it was. Only staff of the owning organisation get anywhere.
 */

let h: Harness;
let queue: LocalJobQueue;
let api: ReturnType<typeof apiApp>;
const tokens = { staff: '', other: '', interpreter: '' };
type Json = Record<string, unknown>;
const as = (who: keyof typeof tokens, method: string, path: string, body?: Json | unknown[]) => callApi(api, tokens[who], method, path, body);
const V1 = '/api/surveys/buurt/versions/1';

async function stored(version: number): Promise<Json & { reviews: Record<string, Json>; questions: Json[]; title: Record<string, string> }> {
  const got = await as('staff', 'GET', `/api/surveys/buurt/versions/${version}`);
  expect(got.status).toBe(200);
  return got.json?.definition as Json & { reviews: Record<string, Json>; questions: Json[]; title: Record<string, string> };
}

beforeAll(async () => {
  h = await startHarness();
  queue = new LocalJobQueue(() => Promise.resolve(true), { sms: 500, whatsapp: 500, voice: 500 }, h.logger);
  api = apiApp({ ...h.deps, queue, voice: h.voice });
  tokens.staff = await h.deps.users.issueToken({ role: 'staff', userId: 's1', organisationId: 'org-edit' });
  tokens.other = await h.deps.users.issueToken({ role: 'staff', userId: 's2', organisationId: 'org-other' });
  tokens.interpreter = await h.deps.users.issueToken({ role: 'interpreter', userId: 'i1', organisationId: 'org-edit' });
}, 60_000);

afterAll(async () => {
  queue?.stop();
  await h?.stop();
});

describe('the survey editor API', () => {
  it('starts a blank survey in Dutch and Arabic with the template’s consent; Arabic stays a machine translation', async () => {
    const made = await as('staff', 'POST', '/api/surveys/new', { surveyId: 'buurt', languages: ['nl', 'ar'], title: { nl: 'Buurt', ar: 'الحي' } });
    expect(made.status, made.text).toBe(201);
    const def = await stored(1);
    expect(def.languages).toEqual(['nl', 'ar']);
    expect(def.questions).toEqual([
      { id: 'consent', kind: 'consent', optional: false, text: { nl: energy.questions[0]?.text.nl, ar: energy.questions[0]?.text.ar } },
    ]);
    expect(def.reviews.ar).toEqual({ state: 'machine', by: 'developer' });
    expect(def.reviews.nl).toEqual({ state: 'draft', by: 'staff', at: h.clock.now().toISOString() });
    // The list of surveys carries the states too (the launch form shows them).
    const list = await as('staff', 'GET', '/api/surveys');
    expect((list.json?.surveys as Json[]).find((s) => s.surveyId === 'buurt')?.reviews).toEqual([
      { language: 'nl', state: 'draft', by: 'staff', at: h.clock.now().toISOString() },
      { language: 'ar', state: 'machine', by: 'developer' },
    ]);
  });

  it('refuses a title missing a language, a template’s id, an id in use, and anyone but staff', async () => {
    const missing = await as('staff', 'POST', '/api/surveys/new', { surveyId: 'half', languages: ['nl', 'ar'], title: { nl: 'Half' } });
    expect(missing.status).toBe(400);
    expect(missing.json?.errors).toEqual([{ field: 'title.ar', message: 'missing text in "ar"' }]);
    const bogus = await as('staff', 'POST', '/api/surveys/new', { surveyId: 'x', languages: ['nl', 'de'], title: { nl: 'X' } });
    expect(bogus.status).toBe(400);
    expect(bogus.json?.errors?.map((e) => e.field)).toEqual(['languages[1]']);
    expect((await as('staff', 'POST', '/api/surveys/new', { surveyId: 'energy_checkin', languages: ['nl'], title: { nl: 'E' } })).status).toBe(400);
    expect((await as('staff', 'POST', '/api/surveys/new', { surveyId: 'buurt', languages: ['nl'], title: { nl: 'Weer' } })).status).toBe(409);
    expect((await as('other', 'POST', '/api/surveys/new', { surveyId: 'buurt', languages: ['nl'], title: { nl: 'Weer' } })).status).toBe(409);
    expect((await as('interpreter', 'POST', '/api/surveys/new', { surveyId: 'tolk', languages: ['nl'], title: { nl: 'T' } })).status).toBe(403);
    expect((await stored(1)).title).toEqual({ nl: 'Buurt', ar: 'الحي' }); // nothing overwrote it
  });

  it('saves a draft whole; a body claiming Arabic “reviewed” does not get it', async () => {
    const def = await stored(1);
    const body = {
      ...def,
      questions: [
        ...def.questions,
        {
          id: 'safe',
          kind: 'statement',
          text: { nl: 'Ik voel me veilig.', ar: 'أشعر بالأمان.' },
          probe: { text: { nl: 'Waarom?', ar: 'لماذا؟' }, when: ['not_true'] },
        },
        {
          id: 'help',
          kind: 'triad',
          text: { nl: 'Wat hielp?', ar: 'ما الذي ساعد؟' },
          corners: [
            { nl: 'Mensen', ar: 'الناس' },
            { nl: 'Geld', ar: 'المال' },
            { nl: 'Tijd', ar: 'الوقت' },
          ],
        },
      ],
      reviews: { nl: { state: 'reviewed', by: 'interpreter' }, ar: { state: 'reviewed', by: 'interpreter', at: '2026-01-01T00:00:00.000Z' } },
    };
    h.clock.current = new Date(h.clock.current.getTime() + 60_000);
    const saved = await as('staff', 'PUT', V1, body);
    expect(saved.status, saved.text).toBe(200);
    const after = await stored(1);
    expect(after.questions.map((q) => q.id)).toEqual(['consent', 'safe', 'help']);
    // New Dutch (source) texts: every language is a draft by staff, now; none reviewed.
    const draft = { state: 'draft', by: 'staff', at: h.clock.now().toISOString() };
    expect(after.reviews).toEqual({ nl: draft, ar: draft });
  });

  it('an uploaded definition cannot claim a language reviewed either (POST /api/surveys)', async () => {
    const upload = {
      id: 'upload_claims',
      version: 1,
      title: { nl: 'Geüpload', ar: 'مرفوع' },
      languages: ['nl', 'ar'],
      questions: [{ id: 'q', kind: 'open', text: { nl: 'Wat denk je?', ar: 'ما رأيك؟' } }],
      reviews: { nl: { state: 'machine', by: 'developer' }, ar: { state: 'reviewed', by: 'interpreter', at: '2026-01-01T00:00:00.000Z' } },
    };
    expect((await as('staff', 'POST', '/api/surveys', upload)).status).toBe(201);
    const got = await as('staff', 'GET', '/api/surveys/upload_claims/versions/1');
    expect((got.json?.definition as Json).reviews).toEqual({
      nl: { state: 'machine', by: 'developer' },
      ar: { state: 'draft', by: 'staff', at: h.clock.now().toISOString() },
    });
  });

  it('answers 400 with every issue by its path, more than the usual 20, and stores nothing', async () => {
    const def = await stored(1);
    // 25 new questions without their Arabic text: one issue each, all of them (the usual limit is 20).
    const many = Array.from({ length: 25 }, (_, n) => ({ id: `q${n}`, kind: 'open', text: { nl: `Vraag ${n}` } }));
    const bad = await as('staff', 'PUT', V1, { ...def, questions: [...def.questions, ...many] });
    expect(bad.status).toBe(400);
    const fields = bad.json?.errors?.map((e) => e.field) ?? [];
    expect(fields).toHaveLength(25);
    expect(fields).toContain('questions[3].text.ar');
    expect(fields).toContain('questions[27].text.ar');
    expect(fields).not.toContain('(more)');
    const broken = await as('staff', 'PUT', V1, {
      ...def,
      questions: [
        { ...def.questions[0], id: 'Bad Id' },
        { id: 'n', kind: 'number', text: { nl: 'Hoeveel?', ar: 'كم؟' }, min: 9, max: 1, next: [{ if: { question: 'n' }, goto: 'consent' }] },
      ],
    });
    expect(broken.status).toBe(400);
    expect(broken.json?.errors?.map((e) => e.field).sort()).toEqual(
      ['questions[0].id', 'questions[1].min', 'questions[1].next[0].goto', 'questions[1].next[0].if'].sort(),
    );
    expect((await stored(1)).questions.map((q) => q.id)).toEqual(['consent', 'safe', 'help']);
  });

  it('refuses a body for another address, other organisations (404) and interpreters (403)', async () => {
    const def = await stored(1);
    const other = await as('staff', 'PUT', V1, { ...def, id: 'elders', version: 2 });
    expect(other.status).toBe(400);
    expect(other.json?.errors?.map((e) => e.field)).toEqual(['id', 'version']);
    expect((await as('other', 'PUT', V1, def)).status).toBe(404);
    expect((await as('interpreter', 'PUT', V1, def)).status).toBe(403);
    expect((await as('staff', 'PUT', '/api/surveys/energy_checkin/versions/1', { ...energy })).status).toBe(404);
    expect((await as('other', 'POST', `${V1}/draft`)).status).toBe(404);
  });

  it('a launched version is frozen (409); a new draft is the latest + 1, a copy, and the frozen one never changes', async () => {
    expect((await as('staff', 'POST', `${V1}/draft`)).status).toBe(409); // a draft is edited as it is
    const project = await as('staff', 'POST', '/api/projects', { projectId: 'wijk', name: 'Wijk', languages: ['nl', 'ar'], joinCode: 'WIJK22' });
    expect(project.status, project.text).toBe(201);
    const now = h.clock.now().getTime();
    const round = await as('staff', 'POST', '/api/projects/wijk/rounds', {
      label: 'start',
      surveyId: 'buurt',
      surveyVersion: 1,
      opensAt: new Date(now + 3_600_000).toISOString(),
      closesAt: new Date(now + 14 * 86_400_000).toISOString(),
    });
    expect(round.status, round.text).toBe(201);
    const frozen = await stored(1);
    const refused = await as('staff', 'PUT', V1, { ...frozen, title: { nl: 'Anders', ar: 'مختلف' } });
    expect(refused.status).toBe(409);
    const made = await as('staff', 'POST', `${V1}/draft`);
    expect(made.status, made.text).toBe(201);
    expect(made.json?.survey).toMatchObject({ surveyId: 'buurt', version: 2, frozen: false });
    const copy = await stored(2);
    expect({ ...copy, version: 1 }).toEqual(frozen);
    const edited = await as('staff', 'PUT', '/api/surveys/buurt/versions/2', { ...copy, title: { nl: 'Buurt 2', ar: 'الحي' } });
    expect(edited.status, edited.text).toBe(200);
    expect(await stored(1)).toEqual(frozen);
    const third = await as('staff', 'POST', `${V1}/draft`);
    expect(third.json?.survey).toMatchObject({ version: 3 });
  });

  it('two people making a new draft at the same moment: each answer is a version stored whole, a copy of the launched one; none lost', async () => {
    const latest = Math.max(...(await h.deps.directory.listSurveys('org-edit')).filter((v) => v.surveyId === 'buurt').map((v) => v.version));
    const before = await stored(latest);
    const frozen = await stored(1);
    const answers = await Promise.all([as('staff', 'POST', `${V1}/draft`), as('staff', 'POST', `${V1}/draft`)]);
    for (const answer of answers) {
      // Both may choose the same next version: the copies are identical, so the second is the first's retry; else 409.
      expect([201, 409], answer.text).toContain(answer.status);
      if (answer.status === 201) expect({ ...(await stored((answer.json?.survey as { version: number }).version)), version: 1 }).toEqual(frozen);
    }
    expect(answers.some((a) => a.status === 201)).toBe(true);
    expect(await stored(latest)).toEqual(before); // the draft someone was editing is untouched
  });

  it('saving a version as new fails when it exists with other content, and is idempotent when it is the same (a retry)', async () => {
    const v1 = await h.deps.directory.getSurveyRecord('buurt', 1);
    if (!v1) throw new Error('no version 1');
    const next = { ...v1.definition, version: 90 };
    await h.deps.directory.saveSurvey(next, v1.organisationId, { create: true });
    await h.deps.directory.saveSurvey(next, v1.organisationId, { create: true }); // the same request again
    await expect(
      h.deps.directory.saveSurvey({ ...next, title: { nl: 'Iets anders', ar: 'شيء آخر' } }, v1.organisationId, { create: true }),
    ).rejects.toMatchObject({
      code: 'SURVEY_VERSION_EXISTS',
    });
    expect((await h.deps.directory.getSurveyRecord('buurt', 90))?.definition).toEqual(next);
  });
});
