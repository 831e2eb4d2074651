import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalJobQueue } from '../../adapters/local/local-job-queue.js';
import { apiApp } from '../../http/api/api-app.js';
import { DEMO_PROJECT } from '../../local/seed.js';
import { dashboardRoutes } from '../../web/dashboard/routes.js';
import { startHarness, type Harness } from './support/harness.js';
import { callApi, issueRoleTokens, PRINCIPALS, type Role } from './support/staff-api.js';

/**
 * The coding page of the dashboard, in-process over DynamoDB Local: staff see the codebook (TOPOI in the
 * page's language), pick a question, tick codes on five answers with plain forms, and see the count; a
 * code is added to the codebook; a coordinator sees the counts only; an interpreter the organisation has
 * not let code gets the not-found page.
 */

const P = DEMO_PROJECT.projectId;
const ORIGIN = 'http://localhost';
let h: Harness;
let queue: LocalJobQueue;
let tokens: Record<Role, string>;
let dashboard: ReturnType<typeof dashboardRoutes>;
let api: ReturnType<typeof apiApp>;
let roundId = '';
const shown: string[] = [];
const phoneOf = (i: number) => `+3247073${String(i).padStart(4, '0')}`;

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
const coding = () => `/dashboard/projects/${P}/rounds/${roundId}/coding`;
/** The text of the count of `code` on the page (a number, or the words for a hidden one). */
const countCell = (html: string, code: string) =>
  new RegExp(`data-testid="count" data-code="${code.replace('.', '\\.')}">([^<]*(?:<span[^>]*>[^<]*</span>)?)`).exec(html)?.[1] ?? null;

beforeAll(async () => {
  h = await startHarness();
  tokens = await issueRoleTokens(h);
  queue = new LocalJobQueue(async () => false, { sms: 500, whatsapp: 500, voice: 500 }, h.logger);
  api = apiApp({ ...h.deps, queue, voice: h.voice });
  dashboard = dashboardRoutes(api);
  roundId = h.seeded.round.roundId;
  for (let i = 0; i < 10; i++) {
    for (const text of ['JOIN DEMO', '3', '1', '4', '1', `Reason number ${i}: they take time.`, '1', 'Nothing.', '2']) {
      expect((await h.send({ channel: 'sms', phone: phoneOf(i), text })).status).toBe(200);
    }
    shown.push(h.deps.protector.exportCode(`round:${P}:${roundId}`, h.deps.protector.respondentCode(P, phoneOf(i))));
  }
  expect((await callApi(api, tokens.owner, 'GET', `/api/projects/${P}/summary`)).status).toBe(200);
  // The organisation shares its coded themes with the network: the coordinator reads the counts.
  expect((await callApi(api, tokens.owner, 'PUT', `/api/projects/${P}/sharing`, { level: 'themes' })).status).toBe(200);
}, 120_000);
afterAll(async () => {
  queue?.stop();
  await h?.stop();
});

describe('the coding page', () => {
  it('shows the TOPOI codebook in the page language, the questions in people’s own words, and no count yet', async () => {
    const nl = await page(`${coding()}?lang=nl`);
    expect(nl.status).toBe(200);
    for (const name of ['Taal', 'Ordening', 'Personen', 'Organisatie', 'Inzet']) expect(nl.html).toContain(`<strong>${name}</strong>`);
    expect(nl.html).toContain('Nog geen vrijgegeven antwoord draagt een code.');
    const fr = await page(`${coding()}?lang=fr`);
    expect(fr.html).toContain('<strong>Enjeu</strong>');
    expect(fr.html).toContain(`question=respected.probe#answers`);
  });

  it('staff tick a code on five of the ten answers and the count shows; unticking takes it off', async () => {
    const sheet = await page(`${coding()}?question=respected.probe&lang=en`);
    expect(sheet.html.match(/data-testid="tag-form"/g)).toHaveLength(10);
    expect(sheet.html).toContain('Reason number 3: they take time.');
    for (const code of shown.slice(0, 5)) {
      const saved = await page(
        `${coding()}/tags`,
        'owner',
        new URLSearchParams([
          ['respondentCode', code],
          ['questionId', 'respected.probe'],
          ['code', 'topoi.taal'],
          ['code', 'topoi.inzet'],
        ]),
      );
      expect(saved.status, saved.html).toBe(303);
      expect(saved.location).toContain(`#answer-${code}`);
    }
    const after = await page(`${coding()}?question=respected.probe&done=tags&lang=en`);
    expect(after.html).toContain('The codes are saved.');
    expect(countCell(after.html, 'topoi.taal')).toBe('5');
    expect(countCell(after.html, 'topoi.personen')).toBe('0');
    // One of them unticked: 4 is under k, said hidden in words.
    const untick = await page(
      `${coding()}/tags`,
      'owner',
      new URLSearchParams([
        ['respondentCode', shown[0] ?? ''],
        ['questionId', 'respected.probe'],
        ['had', 'topoi.taal'],
        ['had', 'topoi.inzet'],
        ['code', 'topoi.inzet'],
      ]),
    );
    expect(untick.status).toBe(303);
    expect(countCell((await page(`${coding()}?lang=en`)).html, 'topoi.taal')).toContain('hidden: fewer than 5 people');
  });

  it('staff add a code to the codebook; a bad id is shown next to the field', async () => {
    const added = await page(`${coding()}/codes`, 'owner', new URLSearchParams({ id: 'letters', nl: 'Brieven', fr: 'Courrier', en: '' }));
    expect(added.status, added.html).toBe(303);
    expect((await page(`${coding()}?lang=nl`)).html).toContain('<strong>Brieven</strong>');
    const bad = await page(`${coding()}/codes?lang=en`, 'owner', new URLSearchParams({ id: 'Bad Id', nl: 'Slecht', fr: '', en: '' }));
    expect(bad.status).toBe(400);
    expect(bad.html).toContain('data-testid="error-summary"');
    expect(bad.html).toContain('value="Bad Id"');
  });

  it('a coordinator sees the counts and nothing else: no answers, no forms, no codebook, no coder', async () => {
    const seen = await page(`${coding()}?question=respected.probe&lang=en`, 'coordinator');
    expect(seen.status).toBe(200);
    expect(seen.html).toContain('data-testid="code-counts"');
    expect(seen.html).not.toContain('tag-form');
    expect(seen.html).not.toContain('Reason number');
    expect(seen.html).not.toContain('attack-owner');
    expect(seen.html).not.toContain('add-code');
  });

  it('an interpreter the organisation has not let code, and staff of another organisation, get the not-found page', async () => {
    for (const role of ['interpreter', 'otherStaff'] as const) expect((await page(`${coding()}?question=respected.probe`, role)).status, role).toBe(404);
  });

  it('staff see how far two coders agree: none with one coder, "too few" under five shared answers, then kappa in words', async () => {
    const alone = await page(`${coding()}?lang=en`);
    expect(alone.html).toContain('data-testid="no-agreement"');
    const book = await callApi(api, tokens.owner, 'GET', `/api/projects/${P}/codebook`);
    const codes = (book.json?.codes as Array<{ builtIn: boolean }>).filter((c) => !c.builtIn);
    const allowed = await callApi(api, tokens.owner, 'PUT', `/api/projects/${P}/codebook`, {
      codes,
      interpreters: { own: true, network: [] },
      version: book.json?.version,
    });
    expect(allowed.status, allowed.text).toBe(200);
    // The interpreter codes as the owner did (shown[0]: Intentions; shown[1..4]: Language and Intentions), one answer at a time.
    const codeAs = async (i: number) => {
      const form = new URLSearchParams([
        ['respondentCode', shown[i] ?? ''],
        ['questionId', 'respected.probe'],
        ...(i === 0 ? [] : [['code', 'topoi.taal']]),
        ['code', 'topoi.inzet'],
      ]);
      expect((await page(`${coding()}/tags`, 'interpreter', form)).status).toBe(303);
    };
    for (const i of [0, 1, 2, 3]) await codeAs(i);
    const four = await page(`${coding()}?lang=en`);
    expect(four.html).toContain('data-testid="agreement-pair"');
    expect(four.html).toContain('fewer than 5 shared answers: no kappa');
    expect(four.html).not.toContain('data-testid="kappa"');
    await codeAs(4);
    const five = await page(`${coding()}?lang=en`);
    expect(five.html).toContain('attack-interpreter');
    expect(/data-testid="kappa">1\b/.test(five.html), five.html).toBe(true);
    expect(five.html).toContain('almost perfect');
    // Over the whole project: the same five answers (one round coded).
    expect((await page(`${coding()}?agreement=project&lang=nl`)).html).toContain('bijna volledig');
    // Interpreters and coordinators never see who coded, nor how they agree.
    for (const role of ['interpreter', 'coordinator'] as const) {
      const seen = await page(`${coding()}?lang=en`, role);
      expect(seen.status, role).toBe(200);
      expect(seen.html, role).not.toContain('data-testid="agreement"');
      expect(seen.html, role).not.toContain('attack-owner');
    }
  });

  it('an interpreter finds the rounds to code from their own page; an outsider is named first, and never told the project', async () => {
    const own = await page('/dashboard/voice?lang=en', 'interpreter');
    expect(own.status).toBe(200);
    expect(own.html).toContain('data-testid="coding-assignments"');
    expect(own.html).toContain(`href="${coding()}"`);
    expect(own.html).toContain(DEMO_PROJECT.name);
    const stranger = await page('/dashboard/voice?lang=en', 'independentInterpreter');
    expect(stranger.html).not.toContain('coding-assignments');
    const book = await callApi(api, tokens.owner, 'GET', `/api/projects/${P}/codebook`);
    const codes = (book.json?.codes as Array<{ builtIn: boolean }>).filter((c) => !c.builtIn);
    const named = await callApi(api, tokens.owner, 'PUT', `/api/projects/${P}/codebook`, {
      codes,
      interpreters: { own: true, network: [PRINCIPALS.independentInterpreter.userId] },
      version: book.json?.version,
    });
    expect(named.status, named.text).toBe(200);
    const invited = await page('/dashboard/voice?lang=fr', 'independentInterpreter');
    expect(invited.html).toContain(`href="${coding()}"`);
    expect(invited.html).toContain('Coder les réponses du tour');
    expect(invited.html).not.toContain(DEMO_PROJECT.name);
    expect((await page(`${coding()}?question=respected.probe&lang=en`, 'independentInterpreter')).html).toContain('data-testid="tag-form"');
    // Staff and coordinators code from their projects: the list is empty for them.
    for (const role of ['owner', 'coordinator'] as const)
      expect((await callApi(api, tokens[role], 'GET', '/api/coding/assignments')).json, role).toEqual({ rounds: [] });
  });
});
