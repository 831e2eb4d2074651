import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDashboardScript } from '../../cdk/dashboard-script.js';
import { apiApp } from '../../http/api/api-app.js';
import { dashboardRoutes } from '../../web/dashboard/routes.js';
import { startHarness, type Harness } from './support/harness.js';
import { callApi, issueRoleTokens, type Role } from './support/staff-api.js';

/**
 * The progress block a project page refreshes by itself (web/dashboard/projects/progress-routes.ts) and the
 * one script file that does it (page/script.ts), against the real API and DynamoDB Local, as an adversary:
 * the block is the API's disclosed counts for that person and nothing more (a coordinator's hidden counts
 * stay hidden, nothing is summed), it is refused like the project page (no session, another organisation,
 * an unknown round), a closed round stops refreshing; the script is served by its hash with the integrity
 * the pages name, and the Content-Security-Policy allows this site's script files only, no inline script.
 */

const PROJECT = 'glance-zuid';
const NAME = 'Glance <Zuid>';
let h: Harness;
let tokens: Record<Role, string>;
let api: ReturnType<typeof apiApp>;
let dashboard: ReturnType<typeof dashboardRoutes>;
let roundId = '';
const script = buildDashboardScript();

async function get(path: string, role: Role | null = 'owner') {
  const response = await dashboard.request(path, { headers: { host: 'localhost', ...(role ? { cookie: `stem_token=${tokens[role]}` } : {}) } });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

const fragmentPath = () => `/dashboard/projects/${PROJECT}/rounds/${encodeURIComponent(roundId)}/progress`;

/** What the block shows per bar: the count the API gave (data-value), or "hidden". */
const shown = (html: string): Record<string, string> =>
  Object.fromEntries([...html.matchAll(/data-metric="(\w+)">[\s\S]*?data-value="([^"]+)"/g)].map(([, metric = '', value = '']) => [metric, value]));

const directives = (csp: string) =>
  new Map(
    csp
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .map(([name = '', ...values]) => [name, values]),
  );

beforeAll(async () => {
  h = await startHarness();
  tokens = await issueRoleTokens(h);
  api = apiApp({ ...h.deps, queue: { enqueue: async () => undefined }, voice: h.voice });
  dashboard = dashboardRoutes(api, { script: () => Promise.resolve(script) });
  expect((await callApi(api, tokens.owner, 'POST', '/api/projects', { projectId: PROJECT, name: NAME, languages: ['nl'], joinCode: 'GLANCE1' })).status).toBe(
    201,
  );
  const csv = `phone;language;channel\n${[1, 2, 3, 4, 5, 6, 7].map((i) => `+3247074000${i};nl;sms`).join('\n')}\n`;
  expect((await callApi(api, tokens.owner, 'POST', `/api/projects/${PROJECT}/participants`, csv, 'text/csv')).status).toBe(200);
  const now = h.clock.now().getTime();
  const launched = await callApi(api, tokens.owner, 'POST', `/api/projects/${PROJECT}/rounds`, {
    label: 'start',
    surveyId: 'energy_checkin',
    surveyVersion: 2,
    opensAt: new Date(now - 3_600_000).toISOString(),
    // Open by the API's clock and by the dashboard's, which is the real one (whether a round is closed).
    closesAt: new Date(Math.max(now, Date.now()) + 14 * 86_400_000).toISOString(),
  });
  expect(launched.status).toBe(201);
  roundId = String((launched.json?.round as { roundId: string }).roundId);
});
afterAll(async () => {
  await h?.stop();
});

describe('the progress block that refreshes itself', () => {
  it('is the API’s disclosed counts for this person, exactly: staff see the live totals, the coordinator what a release published', async () => {
    for (const role of ['owner', 'coordinator'] as const) {
      const block = await get(fragmentPath(), role);
      expect(block.status, role).toBe(200);
      const fromApi = await callApi(api, tokens[role], 'GET', `/api/projects/${PROJECT}/rounds/${encodeURIComponent(roundId)}/progress`);
      const total = (fromApi.json?.progress as { total: Record<string, unknown> }).total;
      const expected = Object.fromEntries(
        ['invited', 'started', 'completed', 'declined'].map((m) => [m, typeof total[m] === 'number' ? String(total[m]) : 'hidden']),
      );
      expect(shown(block.text), role).toEqual(expected);
      // A block, not a page; nothing in it runs; never cached.
      expect(block.text).toMatch(/^<section class="glance" data-testid="progress-bars"/);
      expect(block.text).not.toMatch(/<html|<script/i);
      expect(block.headers.get('cache-control')).toBe('no-store');
    }
    // Staff: seven enrolled, live. The coordinator: nothing released yet, so every count hidden, in words.
    expect(shown((await get(fragmentPath(), 'owner')).text).invited).toMatch(/^\d+$/);
    const coordinator = (await get(fragmentPath(), 'coordinator')).text;
    expect(shown(coordinator)).toEqual({ invited: 'hidden', started: 'hidden', completed: 'hidden', declined: 'hidden' });
    expect(coordinator).not.toContain('<progress');
    expect(coordinator).toContain('hidden: fewer than 5 people');
    expect(coordinator).not.toMatch(/\d+ of \d+/);
  });

  it('is refused like the project page: no session, another organisation, an unknown round or project', async () => {
    const anonymous = await get(fragmentPath(), null);
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toMatch(/^\/dashboard\/sign-in\?next=/);
    for (const [path, role] of [
      [fragmentPath(), 'otherStaff'],
      [fragmentPath(), 'interpreter'],
      [`/dashboard/projects/${PROJECT}/rounds/no-such-round/progress`, 'owner'],
      [`/dashboard/projects/nobody/rounds/${encodeURIComponent(roundId)}/progress`, 'owner'],
    ] as const) {
      const refused = await get(path, role);
      expect([403, 404], `${role} ${path}`).toContain(refused.status);
      expect(refused.text).not.toContain('progress-bars');
      expect(refused.text).not.toContain('Glance &lt;Zuid&gt;');
    }
  });

  it('stops refreshing once the round is closed (no refresh address, no reload link)', async () => {
    const open = (await get(fragmentPath())).text;
    expect(open).toContain(`data-glance-refresh="${fragmentPath()}"`);
    expect((await callApi(api, tokens.owner, 'POST', `/api/projects/${PROJECT}/rounds/${encodeURIComponent(roundId)}/close`)).status).toBe(200);
    const closed = (await get(fragmentPath())).text;
    expect(closed).toContain('data-testid="progress-bars"');
    expect(closed).not.toContain('data-glance-refresh');
    expect(closed).not.toContain('progress-refresh');
  });
});

describe('the script file and the Content-Security-Policy', () => {
  it('every page names the one script by its hash, with its integrity; the file is served by that name only', async () => {
    const page = await get(`/dashboard/projects/${PROJECT}`);
    expect(page.status).toBe(200);
    const tags = [...page.text.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(tags).toHaveLength(1);
    const [, attributes = '', body = ''] = tags[0] ?? [];
    expect(body).toBe(''); // nothing inline
    const src = /src="([^"]+)"/.exec(attributes)?.[1] ?? '';
    const integrity = /integrity="([^"]+)"/.exec(attributes)?.[1] ?? '';
    expect(src).toMatch(/^\/dashboard\/assets\/glance-[0-9a-f]{16}\.js$/);
    expect(attributes).toContain('defer');
    // Signed in or not (the sign-in page names it too): the file, cached for a year, and its integrity matches.
    const file = await get(src, null);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(file.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(file.headers.get('x-content-type-options')).toBe('nosniff');
    expect(`sha256-${createHash('sha256').update(file.text, 'utf8').digest('base64')}`).toBe(integrity);
    expect(file.text).toBe(script);
    // Another name is not this file (a guess, an old hash, a path trick).
    for (const other of ['/dashboard/assets/glance-0000000000000000.js', `${src}x`, '/dashboard/assets/..%2Froutes.ts']) {
      const guessed = await get(other, null);
      expect(guessed.status, other).not.toBe(200);
      expect(guessed.text).not.toBe(script);
    }
  });

  it('the policy: scripts and fetches from this site only, nothing inline, nothing evaluated', async () => {
    for (const path of [`/dashboard/projects/${PROJECT}`, `/dashboard/projects/${PROJECT}/summary`, '/dashboard/sign-in', fragmentPath()]) {
      const answer = await get(path, path === '/dashboard/sign-in' ? null : 'owner');
      const csp = answer.headers.get('content-security-policy') ?? '';
      const d = directives(csp);
      expect(d.get('default-src'), path).toEqual(["'none'"]);
      expect(d.get('script-src'), path).toEqual(["'self'"]);
      expect(d.get('connect-src'), path).toEqual(["'self'"]);
      expect(d.get('frame-ancestors'), path).toEqual(["'none'"]);
      expect(csp, path).not.toMatch(/unsafe-inline|unsafe-eval|unsafe-hashes|\*|data:[^;]*script|https?:/);
    }
    // Without a script, the dashboard allows none at all (as before).
    const bare = dashboardRoutes(api);
    const response = await bare.request('/dashboard/sign-in', { headers: { host: 'localhost' } });
    expect(directives(response.headers.get('content-security-policy') ?? '').has('script-src')).toBe(false);
    expect(await response.text()).not.toContain('<script');
  });
});
