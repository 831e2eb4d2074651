import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTranslationFile } from '../../adapters/translation-files/index.js';
import { apiApp } from '../../http/api/api-app.js';
import { DEMO_PROJECT } from '../../local/seed.js';
import { translations } from '../../locales/index.js';
import { dashboardRoutes } from '../../web/dashboard/routes.js';
import { startHarness, type Harness } from './support/harness.js';
import { callApi, issueRoleTokens, type Role } from './support/staff-api.js';

/**
 * The system texts for translators over the staff API and in the dashboard (in-process, accounts in
 * DynamoDB Local): who may list the languages with their review states and download a language's file
 * (staff and interpreters; an interpreter whose account names languages only those; coordinators not),
 * and the Translations page with its download links, the templates' review states, and the command that
 * brings a reviewed file back (there is no import over the API).
 */

const ORIGIN = 'http://localhost';
let h: Harness;
let api: ReturnType<typeof apiApp>;
let dashboard: ReturnType<typeof dashboardRoutes>;
let tokens: Record<Role | 'tigrinyaInterpreter', string>;

async function page(path: string, token: string) {
  const response = await dashboard.request(`${ORIGIN}${path}`, { headers: { cookie: `stem_token=${token}`, host: 'localhost' } });
  return {
    status: response.status,
    type: response.headers.get('content-type') ?? '',
    disposition: response.headers.get('content-disposition') ?? '',
    body: await response.text(),
  };
}

beforeAll(async () => {
  h = await startHarness();
  const roles = await issueRoleTokens(h);
  const tigrinya = await h.deps.users.issueToken({ role: 'interpreter', userId: 'ti-only', organisationId: DEMO_PROJECT.organisationId, languages: ['ti'] });
  tokens = { ...roles, tigrinyaInterpreter: tigrinya };
  api = apiApp({ ...h.deps, queue: { enqueue: async () => undefined }, voice: h.voice }); // nothing here queues or transcribes
  dashboard = dashboardRoutes(api);
}, 120_000);
afterAll(async () => {
  await h?.stop();
});

describe('GET /api/translations/system', () => {
  it('staff and every interpreter read the languages with their review states; a coordinator 403, no token 401', async () => {
    for (const role of ['owner', 'otherStaff', 'interpreter', 'networkInterpreter', 'independentInterpreter', 'tigrinyaInterpreter'] as const) {
      const answer = await callApi(api, tokens[role], 'GET', '/api/translations/system');
      expect(answer.status, role).toBe(200);
    }
    const list = await callApi(api, tokens.owner, 'GET', '/api/translations/system');
    const languages = list.json?.languages as Array<{ language: string; review: unknown }>;
    expect(list.json?.sourceLanguage).toBe('en');
    expect(languages.map((l) => l.language)).toEqual(['nl', 'fr', 'en', 'ar', 'tr', 'fa', 'uk', 'ti']);
    expect(languages.find((l) => l.language === 'ti')?.review).toEqual({ state: 'machine', by: 'developer' });
    expect(languages.find((l) => l.language === 'nl')?.review).toEqual({ state: 'draft', by: 'developer' });
    expect((await callApi(api, tokens.coordinator, 'GET', '/api/translations/system')).status).toBe(403);
    expect((await callApi(api, null, 'GET', '/api/translations/system')).status).toBe(401);
  });
});

describe('GET /api/translations/system/{language}', () => {
  it('gives a PO file of the Arabic texts from English, as an attachment, that reads back as the system bundle', async () => {
    const answer = await callApi(api, tokens.owner, 'GET', '/api/translations/system/ar?format=po');
    expect(answer.status).toBe(200);
    expect(answer.type).toContain('text/x-gettext-translation');
    const bundle = readTranslationFile(answer.text, 'po');
    expect(bundle).toMatchObject({ kind: 'system', name: 'translation', sourceLanguage: 'en', targetLanguage: 'ar', review: { state: 'machine' } });
    expect(bundle.units.find((u) => u.id === 'consent.promise')?.target).toBe(translations.ar.consent.promise);
    expect(bundle.units.find((u) => u.id === 'words.stop')?.target?.split('\n')).toEqual(translations.ar.words.stop);
  });

  it('defaults to XLIFF; refuses an unknown format (400) and language (404)', async () => {
    const xliff = await callApi(api, tokens.interpreter, 'GET', '/api/translations/system/fa');
    expect(xliff.status).toBe(200);
    expect(readTranslationFile(xliff.text, 'xliff').targetLanguage).toBe('fa');
    expect((await callApi(api, tokens.owner, 'GET', '/api/translations/system/ar?format=docx')).status).toBe(400);
    expect((await callApi(api, tokens.owner, 'GET', '/api/translations/system/xx?format=po')).status).toBe(404);
  });

  it('an interpreter of Tigrinya only downloads Tigrinya; a coordinator nothing', async () => {
    expect((await callApi(api, tokens.tigrinyaInterpreter, 'GET', '/api/translations/system/ti?format=csv')).status).toBe(200);
    expect((await callApi(api, tokens.tigrinyaInterpreter, 'GET', '/api/translations/system/ar?format=csv')).status).toBe(403);
    expect((await callApi(api, tokens.coordinator, 'GET', '/api/translations/system/ar?format=csv')).status).toBe(403);
    expect((await callApi(api, null, 'GET', '/api/translations/system/ar?format=csv')).status).toBe(401);
  });
});

describe('the Translations page', () => {
  it("lists the system texts' languages and the templates with their review states, download links and the import command", async () => {
    const shown = await page('/dashboard/translations?lang=en', tokens.owner);
    expect(shown.status).toBe(200);
    expect(shown.body.match(/data-testid="system-language"/g)).toHaveLength(8);
    expect(shown.body).toMatch(/data-language="ti"[\s\S]*?data-state="machine"[^>]*>machine translation, not reviewed · by the developers</);
    expect(shown.body).toContain('href="/dashboard/translations/system/ar?format=po"');
    expect(shown.body.match(/data-testid="template-translations"/g)?.length).toBeGreaterThanOrEqual(6);
    expect(shown.body).toContain('data-survey-id="statement_probe"');
    expect(shown.body).toContain('npm run translations -- import --system --language ar --format po --reviewed --by interpreter &lt; ar.po');
    expect(shown.body).toContain('aria-current="page"');
  });

  it("shows an interpreter their organisation's surveys in their languages, linked to each survey's translations; none for one of the network", async () => {
    const interpreter = await page('/dashboard/translations?lang=en', tokens.interpreter);
    expect(interpreter.status).toBe(200);
    expect(interpreter.body).toMatch(/data-testid="survey-to-translate" data-survey-id="[a-z_]+"/);
    expect(interpreter.body).toMatch(/href="\/dashboard\/surveys\/[a-z_]+\/versions\/\d+\/translations"/);
    // The demo's surveys have no Tigrinya: nothing for a Tigrinya interpreter to review, and the page says so.
    const tigrinya = await page('/dashboard/translations?lang=en', tokens.tigrinyaInterpreter);
    expect(tigrinya.status).toBe(200);
    expect(tigrinya.body).not.toContain('data-testid="survey-to-translate"');
    expect(tigrinya.body).toContain('No survey of your organisation has a language for you to review.');
    const independent = await page('/dashboard/translations?lang=en', tokens.independentInterpreter);
    expect(independent.status).toBe(200);
    expect(independent.body).not.toContain('id="own-translations"');
  });

  it('downloads a file through the page (the session cookie, not a token in the link); a coordinator gets the refusal page', async () => {
    const file = await page('/dashboard/translations/system/ti?format=csv', tokens.interpreter);
    expect(file.status).toBe(200);
    expect(file.disposition).toMatch(/^attachment; filename="stem-system-ti\.csv"$/);
    expect(readTranslationFile(file.body, 'csv').targetLanguage).toBe('ti');
    expect((await page('/dashboard/translations?lang=en', tokens.coordinator)).status).toBe(403);
    expect((await page('/dashboard/translations/system/ti?format=csv', tokens.coordinator)).status).toBe(403);
  });

  it('downloads a template in a language and format chosen in its form (the template API); an unknown one is a 404 page', async () => {
    const file = await page('/dashboard/translations/template?template=statement_probe&language=ar&format=xliff', tokens.owner);
    expect(file.status).toBe(200);
    expect(file.disposition).toContain('attachment');
    expect(readTranslationFile(file.body, 'xliff')).toMatchObject({ kind: 'survey', targetLanguage: 'ar', review: { state: 'machine' } });
    expect((await page('/dashboard/translations/template?template=nope&language=ar&format=xliff', tokens.owner)).status).toBe(404);
    expect((await page('/dashboard/translations/template?template=statement_probe&language=ar&format=doc', tokens.owner)).status).toBe(404);
  });

  it("shows the templates' review states on the surveys page", async () => {
    const surveys = await page('/dashboard/surveys?lang=en', tokens.owner);
    expect(surveys.status).toBe(200);
    const templates = surveys.body.slice(surveys.body.indexOf('data-testid="templates"'));
    expect(templates).toContain('Languages and review');
    expect(templates).toMatch(/data-language="ar"><span lang="ar" dir="rtl">العربية<\/span>: <span class="review review-machine"/);
  });
});
