import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalDialer } from '../../adapters/local/local-dialer.js';
import { LocalJobQueue } from '../../adapters/local/local-job-queue.js';
import { LocalOutbox } from '../../adapters/local/local-outbox.js';
import { deliver } from '../../core/rounds/deliver.js';
import { apiApp } from '../../http/api/api-app.js';
import { startHarness, type Harness } from './support/harness.js';
import { callApi, type ApiAnswer } from './support/staff-api.js';

/**
 * The translation workflow through the staff API on DynamoDB Local (issue 22, item 3): staff export a
 * survey's Arabic as XLIFF, a speaker corrects it, staff import it marked reviewed; the launched version
 * stays frozen and the texts land in a new draft version, reviewed by staff. Interpreters translate only
 * their languages of their organisation; a file with problems saves nothing, and says every problem.
 */

let h: Harness;
let api: ReturnType<typeof apiApp>;
let queue: LocalJobQueue;
const tokens = { staff: '', arabic: '', tigrinya: '', other: '', coordinator: '' };
const ORG = 'org-vertaal';
const SURVEY = 'sp_vertaal';
const base = (version: number) => `/api/surveys/${SURVEY}/versions/${version}/translations`;
const as = (who: keyof typeof tokens, method: string, path: string, body?: string, type = 'application/xliff+xml'): Promise<ApiAnswer> =>
  callApi(api, tokens[who], method, path, body, type);
const OLD = 'أشعر أن هناك من يستمع إليّ.';
const NEW = 'أشعر أن أحداً يستمع إليّ في المركز.';

async function definition(version: number) {
  const answer = await as('staff', 'GET', `/api/surveys/${SURVEY}/versions/${version}`);
  expect(answer.status).toBe(200);
  return answer.json?.definition as { questions: Array<{ id: string; text: Record<string, string> }>; reviews: Record<string, unknown> };
}
const versions = async () =>
  (await h.deps.directory.listSurveys(ORG))
    .filter((v) => v.surveyId === SURVEY)
    .map((v) => v.version)
    .sort();

beforeAll(async () => {
  h = await startHarness();
  const outbox = new LocalOutbox(() => h.clock.now());
  const dialer = new LocalDialer(() => h.clock.now());
  queue = new LocalJobQueue((job) => deliver({ ...h.deps, messenger: outbox, dialer }, job), { sms: 500, whatsapp: 500, voice: 500 }, h.logger);
  api = apiApp({ ...h.deps, queue, voice: h.voice });
  tokens.staff = await h.deps.users.issueToken({ role: 'staff', userId: 'vertaal-staff', organisationId: ORG });
  tokens.arabic = await h.deps.users.issueToken({ role: 'interpreter', userId: 'vertaal-ar', organisationId: ORG, languages: ['ar'] });
  tokens.tigrinya = await h.deps.users.issueToken({ role: 'interpreter', userId: 'vertaal-ti', organisationId: ORG, languages: ['ti'] });
  tokens.other = await h.deps.users.issueToken({ role: 'interpreter', userId: 'vertaal-other', organisationId: 'org-elders', languages: ['ar'] });
  tokens.coordinator = await h.deps.users.issueToken({ role: 'coordinator', userId: 'vertaal-coord' });
  const created = await callApi(api, tokens.staff, 'POST', '/api/surveys/from-template', { template: 'statement_probe', surveyId: SURVEY });
  expect(created.status).toBe(201);
  // A round launched with version 1 freezes it, as a launch does.
  await h.deps.directory.putRound({ ...h.seeded.round, projectId: 'vertaal', roundId: 'r1', surveyId: SURVEY, surveyVersion: 1 }, { create: true });
});
afterAll(async () => {
  queue?.stop();
  await h?.stop();
});

describe('translating a survey through the API', () => {
  it('lists each language with its review state (machine / draft, by role)', async () => {
    const list = await as('staff', 'GET', base(1));
    expect(list.status).toBe(200);
    expect(list.json).toMatchObject({ surveyId: SURVEY, version: 1, frozen: true, sourceLanguage: 'nl' });
    expect(list.json?.languages).toEqual(
      expect.arrayContaining([
        { language: 'ar', state: 'machine', by: 'developer' },
        { language: 'nl', state: 'draft', by: 'developer' },
      ]),
    );
  });

  it('staff export Arabic as XLIFF, correct a text, import it reviewed: a new draft version, reviewed by staff; version 1 unchanged', async () => {
    const file = await as('staff', 'GET', `${base(1)}/ar?format=xliff`);
    expect(file.status).toBe(200);
    expect(file.type).toBe('application/xliff+xml; charset=utf-8');
    expect(file.text).toContain('srcLang="nl" trgLang="ar"');
    expect(file.text).toContain(`<target>${OLD}</target>`);
    const edited = file.text.replace(`<target>${OLD}</target>`, `<target>${NEW}</target>`);
    h.clock.current = new Date('2026-12-08T09:30:00.000Z');
    const saved = await as('staff', 'POST', `${base(1)}/ar?format=xliff&reviewed=true`, edited);
    expect(saved.status, saved.text).toBe(200);
    expect(saved.json).toEqual({
      surveyId: SURVEY,
      version: 2,
      language: 'ar',
      changed: true,
      newVersion: true,
      review: { state: 'reviewed', by: 'staff', at: '2026-12-08T09:30:00.000Z' },
    });
    const v2 = await definition(2);
    expect(v2.questions.find((q) => q.id === 'listened')?.text.ar).toBe(NEW);
    expect(v2.reviews.ar).toEqual({ state: 'reviewed', by: 'staff', at: '2026-12-08T09:30:00.000Z' });
    expect(v2.reviews.ti).toEqual({ state: 'machine', by: 'developer' });
    const v1 = await definition(1);
    expect(v1.questions.find((q) => q.id === 'listened')?.text.ar).toBe(OLD);
    expect(v1.reviews.ar).toEqual({ state: 'machine', by: 'developer' });
    expect((await as('staff', 'GET', `/api/surveys/${SURVEY}/versions/2`)).json?.frozen).toBe(false);
  });

  it('a file with problems saves nothing and names every problem with its unit', async () => {
    const po = (await as('staff', 'GET', `${base(2)}/ar?format=po`)).text;
    const bad = po
      .replace(`msgstr "${NEW}"`, 'msgstr "I feel someone listens to me."') // Latin in the Arabic file
      .replace('msgctxt "q.ask.text"', 'msgctxt "q.asked.text"'); // a unit the survey lacks (and its own then missing)
    const refused = await as('staff', 'POST', `${base(2)}/ar?format=po&reviewed=true`, bad, 'text/x-gettext-translation');
    expect(refused.status).toBe(422);
    expect(refused.type).toContain('application/problem+json');
    const problems = refused.json?.problems as Array<{ unit: string | null; check: string }>;
    expect(problems.map((p) => [p.unit, p.check])).toEqual([
      ['q.listened.text', 'script'],
      ['q.asked.text', 'unknown-unit'],
      ['q.ask.text', 'missing'],
    ]);
    expect(refused.json?.errors?.map((e) => e.field)).toEqual(['q.listened.text', 'q.asked.text', 'q.ask.text']);
    expect((await definition(2)).questions.find((q) => q.id === 'listened')?.text.ar).toBe(NEW);
    expect(await versions()).toEqual([1, 2]);
  });

  it('XML with a DOCTYPE (XXE) is refused as a file, nothing saved', async () => {
    const xliff = (await as('staff', 'GET', `${base(2)}/ar`)).text;
    const xxe = xliff.replace('<xliff', '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><xliff').replace(NEW, '&e;');
    const refused = await as('staff', 'POST', `${base(2)}/ar`, xxe);
    expect(refused.status).toBe(422);
    expect(refused.text).not.toContain('root:');
    expect(await versions()).toEqual([1, 2]);
  });

  it('an interpreter of the organisation imports their language into the draft version itself: a draft by interpreter', async () => {
    const download = await api.request(`${base(2)}/ar?format=csv`, { headers: { authorization: `Bearer ${tokens.arabic}` } });
    const bytes = new Uint8Array(await download.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // the BOM Excel needs to read UTF-8
    const csv = new TextDecoder().decode(bytes); // (drops the BOM)
    expect(csv.startsWith('id,nl,ar,')).toBe(true);
    const changed = csv.replace('لا أخاف من طرح الأسئلة في المركز.', 'لا أخاف من السؤال في المركز.');
    expect(changed).not.toBe(csv);
    const saved = await as('arabic', 'POST', `${base(2)}/ar?format=csv`, changed, 'text/csv');
    expect(saved.status, saved.text).toBe(200);
    expect(saved.json).toMatchObject({ version: 2, changed: true, newVersion: false, review: { state: 'draft', by: 'interpreter' } });
    expect(await versions()).toEqual([1, 2]);
  });

  it('an interpreter of another language, of another organisation, or a coordinator is refused; nothing changes', async () => {
    const csv = (await as('staff', 'GET', `${base(2)}/ar?format=csv`)).text;
    expect((await as('tigrinya', 'GET', `${base(2)}/ar?format=csv`)).status).toBe(403);
    expect((await as('tigrinya', 'POST', `${base(2)}/ar?format=csv&reviewed=true`, csv, 'text/csv')).status).toBe(403);
    expect((await as('tigrinya', 'GET', `${base(2)}/ti?format=csv`)).status).toBe(200);
    const other = await as('other', 'POST', `${base(2)}/ar?format=csv&reviewed=true`, csv, 'text/csv');
    expect(other.status).toBe(404);
    expect(other.text).not.toContain(ORG);
    expect((await as('coordinator', 'GET', base(2))).status).toBe(403);
    expect(((await definition(2)).reviews.ar as { state: string }).state).toBe('draft');
  });

  it('a built-in template can be downloaded, but is translated in the repository', async () => {
    const file = await as('staff', 'GET', '/api/surveys/statement_probe/versions/2/translations/ti?format=po');
    expect(file.status).toBe(200);
    expect(file.text).toContain('"Language: ti\\n"');
    expect((await as('staff', 'POST', '/api/surveys/statement_probe/versions/2/translations/ti?format=po', file.text, 'text/plain')).status).toBe(409);
  });

  it("lists the organisation's surveys to translate: an interpreter finds only their languages, never another organisation's surveys", async () => {
    const staff = await as('staff', 'GET', '/api/translations/surveys');
    expect(staff.status).toBe(200);
    const mine = (staff.json?.surveys as Array<{ surveyId: string; version: number; languages: Array<{ language: string }> }>).find(
      (s) => s.surveyId === SURVEY,
    );
    expect(mine?.version).toBe(Math.max(...(await versions()))); // the latest version, the one to translate
    expect(mine?.languages.map((l) => l.language).sort()).toEqual(['ar', 'en', 'fa', 'fr', 'ti', 'tr', 'uk']); // not the source, Dutch
    const arabic = await as('arabic', 'GET', '/api/translations/surveys');
    expect(arabic.status).toBe(200);
    const theirs = arabic.json?.surveys as Array<{ surveyId: string; languages: Array<{ language: string; state: string }> }>;
    expect(theirs.map((s) => s.surveyId)).toEqual([SURVEY]);
    expect(theirs[0]?.languages.map((l) => l.language)).toEqual(['ar']);
    // An interpreter of another organisation with the same language sees none of this organisation's surveys.
    const other = await as('other', 'GET', '/api/translations/surveys');
    expect(other.status).toBe(200);
    expect(other.text).not.toContain(SURVEY);
    expect((await as('coordinator', 'GET', '/api/translations/surveys')).status).toBe(403);
  });
});
