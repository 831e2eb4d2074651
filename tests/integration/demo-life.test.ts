import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalDialer } from '../../adapters/local/local-dialer.js';
import { LocalJobQueue } from '../../adapters/local/local-job-queue.js';
import { LocalOutbox } from '../../adapters/local/local-outbox.js';
import { deliver } from '../../core/rounds/deliver.js';
import { apiApp } from '../../http/api/api-app.js';
import { LIFE_PROJECT, seedDemoLife } from '../../local/demo-life.js';
import { startHarness, type Harness } from './support/harness.js';

/**
 * The demo project's three-round life as `npm start` seeds it (issue 7, "done when"): two past rounds
 * answered by replaying twelve neighbours through the real conversation, the end round open. Staff see
 * the rounds compared and the triad's shift, and send "you said, we did" for the midway round.
 */

let h: Harness;
let api: ReturnType<typeof apiApp>;
let outbox: LocalOutbox;
let queue: LocalJobQueue;
let token = '';

async function call(method: string, path: string, body?: unknown) {
  const res = await api.request(path, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> & { errors?: Array<{ field: string }> } };
}

beforeAll(async () => {
  h = await startHarness();
  outbox = new LocalOutbox(() => h.clock.now());
  queue = new LocalJobQueue(
    (job) => deliver({ ...h.deps, messenger: outbox, dialer: new LocalDialer() }, job),
    { sms: 500, whatsapp: 500, voice: 500 },
    h.logger,
  );
  api = apiApp({ ...h.deps, queue, voice: h.voice });
  token = await h.deps.users.issueToken({ role: 'staff', userId: 'demo', organisationId: LIFE_PROJECT.organisationId });
}, 60_000);
afterAll(async () => {
  queue?.stop();
  await h?.stop();
});

describe('the demo project over three rounds', () => {
  it('replays two past rounds through the conversation, once', async () => {
    const seeded = await seedDemoLife(h.deps, h.clock.now());
    expect(seeded?.replayed).toBe(24);
    expect(seeded?.rounds.map((r) => r.label)).toEqual(['start', 'midway', 'end']);
    expect(await seedDemoLife(h.deps, h.clock.now())).toBeNull(); // a restart leaves it as it is
    const rounds = await call('GET', `/api/projects/${LIFE_PROJECT.projectId}/rounds`);
    const totals = (rounds.json.rounds as Array<{ round: { label: string }; progress: { total: Record<string, number> } }>).map((r) => [
      r.round.label,
      r.progress.total.completed,
    ]);
    expect(totals).toEqual([
      ['start', 12],
      ['midway', 12],
      ['end', 0],
    ]);
  }, 120_000);

  it('shows the rounds compared: energy rising, the triad moving towards "myself"', async () => {
    const summary = await call('GET', `/api/projects/${LIFE_PROJECT.projectId}/summary`);
    expect(summary.status).toBe(200);
    const comparison = summary.json.comparison as Array<{ questionId: string; rounds: Array<{ label: string; mean: number; difference: number | null }> }>;
    const energy = comparison.find((c) => c.questionId === 'energy');
    expect(energy?.rounds.slice(0, 2).map((r) => r.label)).toEqual(['start', 'midway']);
    expect(energy?.rounds[1]?.difference).toBeGreaterThan(0);
    const rounds = summary.json.rounds as Array<{ label: string; questions: Array<{ questionId: string; values?: Record<string, unknown> }> }>;
    const zones = (label: string) => rounds.find((r) => r.label === label)?.questions.find((q) => q.questionId === 'difference')?.values ?? {};
    // Start: mostly "the staff" (zone 1); midway: mostly "myself" (zone 3). Cells under 5 are suppressed.
    expect(zones('start')['1']).toBe(6);
    expect(zones('midway')['3']).toBe(6);
  });

  it('sends "you said, we did" for the midway round to the nine who asked to hear back', async () => {
    const path = `/api/projects/${LIFE_PROJECT.projectId}/rounds/brug-midway/feedback`;
    const report = await call('GET', path);
    // Nine of twelve asked: shown, 9 would tell that three did not — a group under five — so it stays hidden,
    // and so do the languages (3, 2, 2, 2).
    expect(report.json.audience).toEqual({ recipients: { suppressed: true }, byLanguage: {}, missing: ['ar', 'en', 'fr', 'nl'] });
    const texts = {
      nl: 'Jullie zeiden: meer uitleg over brieven. Wij doen: elke dinsdag een brievenspreekuur.',
      fr: 'Vous avez dit : plus d’aide pour les lettres. Nous ouvrons une permanence le mardi.',
      en: 'You said: more help with letters. We now hold a letters hour every Tuesday.',
      ar: 'قلتم: نحتاج مساعدة أكثر في الرسائل. الآن لدينا ساعة للرسائل كل يوم ثلاثاء.',
    };
    expect((await call('PUT', path, { texts })).status).toBe(200);
    // The reply says no more than the audience did.
    expect((await call('POST', `${path}/send`)).json).toEqual({ recipients: { suppressed: true }, queued: { suppressed: true }, alreadySent: false });
    await queue.drained();
    const got = ['+32470990001', '+32470990002', '+32470990003', '+32470990004'].map((p) => outbox.list(p).map((m) => m.text));
    expect(got).toEqual([[texts.nl], [texts.fr], [texts.en], []]); // the fourth said no
  });
});
