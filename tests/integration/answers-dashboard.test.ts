import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalJobQueue } from '../../adapters/local/local-job-queue.js';
import type { Round } from '../../core/model.js';
import { apiApp } from '../../http/api/api-app.js';
import { zoneHref } from '../../web/dashboard/answers/answer-links.js';
import { dashboardRoutes } from '../../web/dashboard/routes.js';
import { startHarness, type Harness } from './support/harness.js';
import { callApi, issueRoleTokens, type Role } from './support/staff-api.js';
import { seedWordsRound, writeSpeakers, WORDS_PROJECT } from './support/words-round.js';

/**
 * The answers page of the dashboard, in-process over DynamoDB Local and without script: a chart's zone
 * link opens the round's story filtered to that zone; the GET form's values become the API's filters;
 * paging follows `next`; Arabic words carry dir="auto" and come out escaped; a refused filter shows the
 * refusal in the page's language and no answer.
 */

const P = WORDS_PROJECT.projectId;
const ORIGIN = 'http://localhost';
let h: Harness;
let queue: LocalJobQueue;
let tokens: Record<Role, string>;
let dashboard: ReturnType<typeof dashboardRoutes>;
let round: Round;

async function page(path: string, role: Role = 'owner') {
  const response = await dashboard.request(`${ORIGIN}${path}`, { headers: { cookie: `stem_token=${tokens[role]}`, host: 'localhost' } });
  return { status: response.status, html: await response.text() };
}
const answers = (html: string) => html.split('data-testid="answer"').length - 1;
const base = () => `/dashboard/projects/${P}/rounds/${round.roundId}/answers`;

beforeAll(async () => {
  h = await startHarness();
  tokens = await issueRoleTokens(h);
  queue = new LocalJobQueue(async () => false, { sms: 500, whatsapp: 500, voice: 500 }, h.logger);
  const api = apiApp({ ...h.deps, queue, voice: h.voice });
  dashboard = dashboardRoutes(api);
  round = await seedWordsRound(h);
  // 30 people: 12 in zone 1 (six of them writing Arabic), 12 in zone 3, 6 in zone 7 (at point 5 of the dyad; the rest at 2–4).
  await writeSpeakers(
    h,
    round,
    Array.from({ length: 30 }, (_, i) => ({
      code: `RD${String(i).padStart(8, '0')}`,
      zone: i < 12 ? 1 : i < 24 ? 3 : 7,
      felt: i < 24 ? 2 + (i % 3) : 5,
      listened: i % 2 ? ('true' as const) : ('not_true' as const),
      story: i < 6 ? `الرسالة رقم ${i} <b>مهمة</b>` : `Story ${i} about the desk`,
    })),
  );
  expect((await callApi(api, tokens.owner, 'GET', `/api/projects/${P}/summary`)).status).toBe(200);
}, 120_000);
afterAll(async () => {
  queue?.stop();
  await h?.stop();
});

describe('the answers page', () => {
  it('a zone link from a chart opens the story of that zone: twelve answers, Arabic with dir="auto", escaped', async () => {
    const zone = await page(zoneHref(P, round.roundId, 'difference', 1).replace('#answers', ''));
    expect(zone.status).toBe(200);
    expect(answers(zone.html)).toBe(12);
    expect(zone.html).toContain('<p class="sent-text" dir="auto" data-testid="answer-text">الرسالة رقم 0 &lt;b&gt;مهمة&lt;/b&gt;</p>');
    expect(zone.html).not.toContain('<b>مهمة</b>');
    expect(zone.html).toMatch(/data-testid="zone-link" data-zone="1" aria-current="true"/);
    expect(zone.html).toContain('12 answers');
  });

  it('pages of twenty, newest release first, with a link to the next and back to the first', async () => {
    const first = await page(`${base()}?question=story`);
    expect(answers(first.html)).toBe(20);
    const next = /href="([^"]+)" data-testid="answers-next"/.exec(first.html)?.[1]?.replaceAll('&amp;', '&');
    expect(next).toBeDefined();
    const second = await page(next ?? '');
    expect(answers(second.html)).toBe(10);
    expect(second.html).not.toContain('data-testid="answers-next"');
    expect(second.html).toContain('Back to the first answers');
  });

  it('the GET form’s values are the API’s filters: statement answer and dyad range', async () => {
    const probe = await page(`${base()}?question=listened.probe&answer=listened%3Anot_true`);
    expect(answers(probe.html)).toBe(15);
    const range = await page(`${base()}?question=story&dyad=felt&from=2&to=4`);
    expect(answers(range.html)).toBe(20);
    expect(range.html).toMatch(/<option value="felt" selected/);
  });

  it('a refused filter shows the refusal in the page’s language, never an answer', async () => {
    const en = await page(`${base()}?question=story&zone=difference%3A7&dyad=felt&from=1&to=1`);
    expect(en.status).toBe(200);
    expect(en.html).toContain('data-testid="answers-refused"');
    expect(en.html).toContain('fewer than 5');
    expect(answers(en.html)).toBe(0);
    const fr = await page(`${base()}?question=story&q=Story%2024&lang=fr`);
    expect(fr.html).toContain('moins de 5');
    expect(answers(fr.html)).toBe(0);
    const bad = await page(`${base()}?question=story&zone=difference%3A9`);
    expect(bad.html).toContain('This filter does not fit the round.');
  });

  it('a coordinator and staff of another organisation get the not-found page', async () => {
    for (const role of ['coordinator', 'otherStaff'] as const) {
      const r = await page(`${base()}?question=story`, role);
      expect(r.status, role).toBe(404);
      expect(r.html).not.toContain('Story 1');
    }
  });
});
