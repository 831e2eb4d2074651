import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalJobQueue } from '../../adapters/local/local-job-queue.js';
import { parseSurveyDefinition } from '../../flows/definition.js';
import { apiApp } from '../../http/api/api-app.js';
import { DEMO_PROJECT, DEMO_SURVEY, EXEMPLE_PROJECT } from '../../local/seed.js';
import { dashboardRoutes } from '../../web/dashboard/routes.js';
import { startHarness, type Harness } from './support/harness.js';
import { issueRoleTokens, type Role } from './support/staff-api.js';

/**
 * The network's library in the dashboard, in-process over DynamoDB Local, with plain forms (no
 * JavaScript): staff of the demo publish a survey from the surveys page; staff of another organisation
 * see it with its languages and review states and copy it (a taken id is answered on the form, naming
 * the field); the coordinator reads without forms; interpreters have no library; the publisher withdraws.
 */

const ORIGIN = 'http://localhost';
let h: Harness;
let queue: LocalJobQueue;
let tokens: Record<Role, string>;
let dashboard: ReturnType<typeof dashboardRoutes>;

async function page(path: string, role: Role = 'owner', form?: URLSearchParams) {
  const response = await dashboard.request(`${ORIGIN}${path}`, {
    method: form ? 'POST' : 'GET',
    headers: {
      cookie: `stem_token=${tokens[role]}`,
      host: 'localhost',
      ...(form ? { origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' } : {}),
    },
    ...(form ? { body: form.toString() } : {}),
  });
  return { status: response.status, location: response.headers.get('location') ?? '', html: await response.text() };
}

/** The demo check-in with its Arabic reviewed by an interpreter. */
const SHARED = parseSurveyDefinition({
  ...DEMO_SURVEY,
  id: 'checkin_shared',
  version: 1,
  reviews: { ar: { state: 'reviewed', by: 'interpreter', at: '2026-11-20T09:00:00.000Z' } },
});

beforeAll(async () => {
  h = await startHarness();
  tokens = await issueRoleTokens(h);
  queue = new LocalJobQueue(async () => false, { sms: 500, whatsapp: 500, voice: 500 }, h.logger);
  dashboard = dashboardRoutes(apiApp({ ...h.deps, queue, voice: h.voice }));
  await h.deps.directory.saveSurvey(SHARED, DEMO_PROJECT.organisationId);
}, 60_000);
afterAll(async () => {
  queue?.stop();
  await h?.stop();
});

describe('the library page', () => {
  it('is in the menu of staff and coordinators, and empty at first', async () => {
    const empty = await page('/dashboard/library?lang=en', 'otherStaff');
    expect(empty.status).toBe(200);
    expect(empty.html).toContain('data-testid="nav-library"');
    expect(empty.html).toContain('data-testid="library-empty"');
    expect((await page('/dashboard?lang=en', 'coordinator')).html).toContain('data-testid="nav-library"');
    expect((await page('/dashboard/voice?lang=en', 'interpreter')).html).not.toContain('data-testid="nav-library"');
  });

  it('staff publish one of their surveys from the surveys page', async () => {
    const surveys = await page('/dashboard/surveys?lang=en');
    expect(surveys.html).toMatch(/data-testid="library-publish"[\s\S]*?name="surveyId" value="checkin_shared"/);
    const published = await page('/dashboard/library/publish', 'owner', new URLSearchParams({ surveyId: SHARED.id, version: '1' }));
    expect([published.status, published.location]).toEqual([303, '/dashboard/library?done=published']);
    const shown = await page('/dashboard/library?done=published&lang=en');
    expect(shown.html).toContain('The survey is in the network&#39;s library.');
    expect(shown.html).toContain('data-testid="library-withdraw"');
  });

  it('another organisation sees the languages and their states, and copies the entry', async () => {
    const seen = await page('/dashboard/library?lang=en', 'otherStaff');
    expect(seen.html).toContain('Published by OCMW Demo');
    expect(seen.html).toMatch(/data-language="ar" data-state="reviewed">.*reviewed<\/strong> \(by an interpreter/);
    expect(seen.html).toMatch(/data-language="nl" data-state="draft"/);
    expect(seen.html).toContain(`${SHARED.questions.length} questions`);
    expect(seen.html).not.toContain('data-testid="library-withdraw"');
    const copied = await page('/dashboard/library/checkin_shared-v1/copy', 'otherStaff', new URLSearchParams({ surveyId: 'checkin_ours' }));
    expect([copied.status, copied.location]).toEqual([303, '/dashboard/surveys?done=saved']);
    const record = await h.deps.directory.getSurveyRecord('checkin_ours', 1);
    expect(record?.organisationId).toBe(EXEMPLE_PROJECT.organisationId);
    expect(record?.definition.reviews).toEqual(SHARED.reviews);
    // The same id again: the form comes back with the problem on its field.
    const again = await page('/dashboard/library/checkin_shared-v1/copy', 'otherStaff', new URLSearchParams({ surveyId: 'checkin_ours' }));
    expect(again.status).toBe(409);
    expect(again.html).toContain('data-testid="field-error" data-field="surveyId"');
    expect(again.html).toContain('value="checkin_ours"');
    // Another organisation cannot withdraw it.
    expect((await page('/dashboard/library/checkin_shared-v1/withdraw', 'otherStaff', new URLSearchParams())).status).toBe(403);
  });

  it('coordinators read without forms; interpreters have no library', async () => {
    const read = await page('/dashboard/library?lang=nl', 'coordinator');
    expect(read.status).toBe(200);
    expect(read.html).toContain('Gepubliceerd door OCMW Demo');
    expect(read.html).not.toContain('data-testid="library-copy"');
    expect((await page('/dashboard/library/checkin_shared-v1/copy', 'coordinator', new URLSearchParams({ surveyId: 'coord' }))).status).toBe(403);
    expect((await page('/dashboard/library', 'interpreter')).status).toBe(403);
  });

  it('the publisher withdraws; the copy stays', async () => {
    const withdrawn = await page('/dashboard/library/checkin_shared-v1/withdraw', 'owner', new URLSearchParams());
    expect([withdrawn.status, withdrawn.location]).toEqual([303, '/dashboard/library?done=withdrawn']);
    expect((await page('/dashboard/library?lang=fr', 'otherStaff')).html).toContain('Rien n&#39;a encore été partagé.');
    expect(await h.deps.directory.getSurveyRecord('checkin_ours', 1)).not.toBeNull();
  });
});
