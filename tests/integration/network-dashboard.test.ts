import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalJobQueue } from '../../adapters/local/local-job-queue.js';
import { apiApp } from '../../http/api/api-app.js';
import { DEMO_PROJECT, EXEMPLE_PROJECT } from '../../local/seed.js';
import { dashboardRoutes } from '../../web/dashboard/routes.js';
import { startHarness, type Harness } from './support/harness.js';
import { callApi, issueRoleTokens, type Role } from './support/staff-api.js';

/**
 * The network in the dashboard, in-process over DynamoDB Local, with plain forms (no JavaScript): staff
 * choose on the project page what the learning network sees, each level explained; the coordinator's
 * project list names organisations by name and loses a project kept to itself; the project page offers a
 * coordinator only what is shared; the network page compares two organisations' projects, with themes
 * only where shared; a coordinator posting the form changes nothing.
 */

const P = DEMO_PROJECT.projectId;
const X = EXEMPLE_PROJECT.projectId;
const ORIGIN = 'http://localhost';
let h: Harness;
let queue: LocalJobQueue;
let tokens: Record<Role, string>;
let dashboard: ReturnType<typeof dashboardRoutes>;
let api: ReturnType<typeof apiApp>;
let roundId = '';
const phoneOf = (i: number) => `+3247074${String(i).padStart(4, '0')}`;

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
const share = async (level: string, role: Role = 'owner', project = P) => page(`/dashboard/projects/${project}/sharing`, role, new URLSearchParams({ level }));
const levelOf = async (project = P) => (await callApi(api, tokens.owner, 'GET', `/api/projects/${project}/sharing`)).json?.level;

beforeAll(async () => {
  h = await startHarness();
  tokens = await issueRoleTokens(h);
  queue = new LocalJobQueue(async () => false, { sms: 500, whatsapp: 500, voice: 500 }, h.logger);
  api = apiApp({ ...h.deps, queue, voice: h.voice });
  dashboard = dashboardRoutes(api);
  roundId = h.seeded.round.roundId;
  await h.deps.directory.putProject(EXEMPLE_PROJECT);
  await h.deps.directory.putRound({ ...h.seeded.round, projectId: X, roundId: 'exemple-start', label: 'début' });
  for (let i = 0; i < 6; i++) {
    for (const text of ['JOIN DEMO', '3', '1', '4', '1', `Reason ${i}.`, '1', 'Nothing.', '2'])
      expect((await h.send({ channel: 'sms', phone: phoneOf(i), text })).status).toBe(200);
  }
  expect((await callApi(api, tokens.owner, 'GET', `/api/projects/${P}/summary`)).status).toBe(200);
}, 120_000);
afterAll(async () => {
  queue?.stop();
  await h?.stop();
});

describe('the sharing form on the project page', () => {
  it('staff see the four levels explained, the default chosen, and save another', async () => {
    const before = await page(`/dashboard/projects/${P}?lang=en`);
    expect(before.html).toContain('data-testid="sharing-form"');
    expect(before.html).toMatch(/data-testid="sharing-state" data-level="summary"/);
    expect(before.html).toContain('Not chosen yet: the default applies.');
    for (const level of ['nothing', 'summary', 'themes', 'rows']) expect(before.html).toContain(`name="level" value="${level}"`);
    expect(before.html).toContain('not even its name');
    const saved = await share('themes');
    expect(saved.status).toBe(303);
    expect(saved.location).toContain('done=sharing');
    const after = await page(`/dashboard/projects/${P}?done=sharing&lang=nl`);
    expect(after.html).toContain('data-level="themes"');
    expect(after.html).toContain('Laatst gewijzigd op');
    expect(await levelOf()).toBe('themes');
  });

  it('is not offered to a coordinator, and posting it anyway changes nothing', async () => {
    const seen = await page(`/dashboard/projects/${P}?lang=en`, 'coordinator');
    expect(seen.html).not.toContain('data-testid="sharing-form"');
    expect(seen.html).toMatch(/data-testid="shared-level" data-level="themes"/);
    for (const role of ['coordinator', 'otherStaff', 'interpreter'] as const) expect((await share('rows', role)).status, role).toBe(404);
    expect(await levelOf()).toBe('themes');
  });
});

describe("what a coordinator's pages offer, level by level", () => {
  it('summary: the summary only; themes: the code counts too; rows: the downloads too; nothing: not there at all', async () => {
    const project = () => page(`/dashboard/projects/${P}?lang=en`, 'coordinator');
    expect((await share('summary')).status).toBe(303);
    let seen = await project();
    expect(seen.html).toContain('data-testid="summary-link"');
    expect(seen.html).not.toContain(`data-testid="coding-${roundId}"`);
    expect(seen.html).not.toContain('data-testid="download-all"');
    expect((await page(`/dashboard/projects/${P}/rounds/${roundId}/coding`, 'coordinator')).status).toBe(404);
    expect((await share('themes')).status).toBe(303);
    seen = await project();
    expect(seen.html).toContain(`data-testid="coding-${roundId}"`);
    expect(seen.html).not.toContain('data-testid="download-all"');
    expect((await share('rows')).status).toBe(303);
    seen = await project();
    expect(seen.html).toContain('data-testid="download-all"');
    expect(seen.html).toContain(`data-testid="voice-answers-${roundId}"`);
    expect((await share('nothing')).status).toBe(303);
    for (const path of [`/dashboard/projects/${P}`, `/dashboard/projects/${P}/summary`, `/dashboard/projects/${P}/rounds/${roundId}/voice`]) {
      const gone = await page(path, 'coordinator');
      expect(gone.status, path).toBe(404);
      expect(gone.html).not.toContain(DEMO_PROJECT.name);
    }
    const list = await page('/dashboard?lang=en', 'coordinator');
    expect(list.html).not.toContain(`/dashboard/projects/${P}"`);
    expect(list.html).toContain('CPAS Exemple');
    expect((await share('summary')).status).toBe(303);
  });

  it('the projects list names each organisation by name, not by id', async () => {
    const list = await page('/dashboard?lang=en', 'coordinator');
    const organisations = [...list.html.matchAll(/data-testid="project-organisation">([^<]*)</g)].map((m) => m[1]);
    expect(organisations).toEqual(expect.arrayContaining(['OCMW Demo', 'CPAS Exemple']));
    expect(organisations).not.toContain(DEMO_PROJECT.organisationId);
    expect(list.html).toContain('data-testid="network-link"');
  });
});

describe('the network page', () => {
  it('is for coordinators', async () => {
    expect((await page('/dashboard/network', 'owner')).status).toBe(403);
    expect((await page('/dashboard/network', 'interpreter')).status).toBe(403);
  });

  it('compares two organisations, each as far as it shares: themes only where shared', async () => {
    expect((await share('themes')).status).toBe(303);
    expect((await share('summary', 'otherStaff', X)).status).toBe(303);
    const picker = await page('/dashboard/network?lang=en', 'coordinator');
    expect(picker.status).toBe(200);
    expect(picker.html).toContain('<legend>OCMW Demo</legend>');
    expect(picker.html).toContain('<legend>CPAS Exemple</legend>');
    const one = await page(`/dashboard/network?projects=${P}&lang=en`, 'coordinator');
    expect(one.html).toContain('data-testid="network-pick-two"');
    const both = await page(`/dashboard/network?projects=${P}&projects=${X}&lang=en`, 'coordinator');
    expect(both.status).toBe(200);
    expect(both.html).toContain('data-testid="network-energy-chart"');
    expect(both.html).toContain('data-testid="network-agreement-chart"');
    expect(both.html).toMatch(new RegExp(`data-testid="network-themes" data-project="${P}" data-shared="yes"`));
    expect(both.html).toMatch(new RegExp(`data-testid="network-themes" data-project="${X}" data-shared="no"`));
    expect(both.html).toContain('CPAS Exemple does not share the coded themes of this project.');
    // "respected" was true for all six: 100 %, as the summary released it.
    expect(both.html).toMatch(new RegExp(`data-testid="agreement-cell" data-project="${P}" data-question-id="respected">100%`));
    // A project kept to itself is neither offered nor compared, even when its id is in the address.
    expect((await share('nothing')).status).toBe(303);
    const kept = await page(`/dashboard/network?projects=${P}&projects=${X}&lang=en`, 'coordinator');
    expect(kept.status).toBe(200);
    expect(kept.html).not.toContain(DEMO_PROJECT.name);
    expect(kept.html).not.toContain('data-testid="network-energy-chart"');
    expect((await share('summary')).status).toBe(303);
  });
});
