import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalJobQueue } from '../../adapters/local/local-job-queue.js';
import { SHARING_LEVELS, type SharingLevel } from '../../core/access/sharing.js';
import { apiApp } from '../../http/api/api-app.js';
import { DEMO_PROJECT, EXEMPLE_PROJECT } from '../../local/seed.js';
import { startHarness, type Harness } from './support/harness.js';
import { callApi, issueRoleTokens, type ApiAnswer, type Body, type Role } from './support/staff-api.js';

/**
 * What the learning network's coordinators see of a project, under its organisation's control (issue 21,
 * item 5), attacked. Twelve people finish the demo check-in and the round is released. Then:
 * - a coordinator asks every route of the project directly at each sharing level, with the level changed
 *   back and forth: `nothing` answers exactly like a missing project and the project is not listed; the
 *   summary level shows the project, rounds, progress and summary, never code counts nor rows; `themes`
 *   adds the code counts; `rows` the exports, voice answers and suggestions. Every change bites at once.
 * - a coordinator, staff of another organisation and an interpreter try to change the level: refused,
 *   and the level stays;
 * - staff of the organisation save a project setting from a copy read before the project was taken out of
 *   the network (the whole-project put): the project stays out;
 * - the network comparison shows each project as far as it is shared, and none kept to itself.
 */

const P = DEMO_PROJECT.projectId;
const X = EXEMPLE_PROJECT.projectId;
let h: Harness;
let api: ReturnType<typeof apiApp>;
let queue: LocalJobQueue;
let tokens: Record<Role, string>;
let roundId = '';

const phoneOf = (i: number) => `+3247073${String(i).padStart(4, '0')}`;
const call = (role: Role, method: string, path: string, body?: Body, type?: string): Promise<ApiAnswer> => callApi(api, tokens[role], method, path, body, type);
const setLevel = (role: Role, level: string, project = P) => call(role, 'PUT', `/api/projects/${project}/sharing`, { level });

/** Every route a coordinator might read a project by, and the least level that opens it. */
const routes = (): Array<{ path: string; needs: Exclude<SharingLevel, 'nothing'> }> => [
  { path: `/api/projects/${P}`, needs: 'summary' },
  { path: `/api/projects/${P}/rounds`, needs: 'summary' },
  { path: `/api/projects/${P}/rounds/${roundId}/progress`, needs: 'summary' },
  { path: `/api/projects/${P}/quiet-hours`, needs: 'summary' },
  { path: `/api/projects/${P}/sharing`, needs: 'summary' },
  { path: `/api/projects/${P}/summary`, needs: 'summary' },
  { path: `/api/network/compare?projects=${P}`, needs: 'summary' },
  { path: `/api/projects/${P}/rounds/${roundId}/code-counts`, needs: 'themes' },
  { path: `/api/projects/${P}/rounds/${roundId}/results.csv`, needs: 'rows' },
  { path: `/api/projects/${P}/rounds/${roundId}/results-wide.csv`, needs: 'rows' },
  { path: `/api/projects/${P}/rounds/${roundId}/results.xlsx`, needs: 'rows' },
  { path: `/api/projects/${P}/results.csv?columns=numbers`, needs: 'rows' },
  { path: `/api/projects/${P}/results-wide.csv`, needs: 'rows' },
  { path: `/api/projects/${P}/results.xlsx`, needs: 'rows' },
  { path: `/api/projects/${P}/rounds/${roundId}/voice-answers`, needs: 'rows' },
  { path: `/api/projects/${P}/suggestions`, needs: 'rows' },
  { path: `/api/projects/${P}/suggestions.csv`, needs: 'rows' },
];
const RANK: Record<SharingLevel, number> = { nothing: 0, summary: 1, themes: 2, rows: 3 };

const listed = async (role: Role): Promise<Array<Record<string, unknown>>> =>
  ((await call(role, 'GET', '/api/projects')).json?.projects ?? []) as Array<Record<string, unknown>>;

async function finish(i: number): Promise<void> {
  for (const text of ['JOIN DEMO', '3', '1', '4', '1', `They listen, number ${i}.`, '1', 'More time at the desk.', '2']) {
    expect((await h.send({ channel: 'sms', phone: phoneOf(i), text })).status).toBe(200);
  }
}

beforeAll(async () => {
  h = await startHarness();
  tokens = await issueRoleTokens(h);
  queue = new LocalJobQueue(async () => false, { sms: 500, whatsapp: 500, voice: 500 }, h.logger);
  api = apiApp({ ...h.deps, queue, voice: h.voice });
  roundId = h.seeded.round.roundId;
  // The other organisation's project, with a round of its own (nothing released in it).
  await h.deps.directory.putProject(EXEMPLE_PROJECT);
  await h.deps.directory.putRound({ ...h.seeded.round, projectId: X, roundId: 'exemple-start', label: 'début' });
  for (let i = 0; i < 12; i++) await finish(i);
  expect((await call('owner', 'GET', `/api/projects/${P}/summary`)).status).toBe(200);
}, 120_000);
afterAll(async () => {
  queue?.stop();
  await h?.stop();
});

describe('the default, for a project that never chose', () => {
  it('is the released summary: project and summary yes, code counts and rows no', async () => {
    const sharing = await call('owner', 'GET', `/api/projects/${P}/sharing`);
    expect(sharing.json).toMatchObject({ level: 'summary', isDefault: true, canChange: true, changed: null });
    for (const { path, needs } of routes()) {
      expect((await call('coordinator', 'GET', path)).status, path).toBe(needs === 'summary' ? 200 : 404);
    }
    const demo = (await listed('coordinator')).find((p) => p.projectId === P);
    expect(demo).toMatchObject({ organisationName: 'OCMW Demo', sharing: 'summary' });
  });
});

describe('a coordinator at each level, the level changed back and forth', () => {
  const sequence: SharingLevel[] = ['nothing', 'rows', 'summary', 'themes', 'nothing', 'themes', 'rows', 'summary'];
  for (const [step, level] of sequence.entries()) {
    it(`step ${step + 1}: ${level}`, async () => {
      const saved = await setLevel('owner', level);
      expect(saved.status, saved.text).toBe(200);
      expect(saved.json).toMatchObject({ level, isDefault: false, changed: { level, by: 'staff' } });
      for (const { path, needs } of routes()) {
        const answer = await call('coordinator', 'GET', path);
        expect(answer.status, `${level}: ${path}`).toBe(RANK[level] >= RANK[needs] ? 200 : 404);
      }
      const inList = (await listed('coordinator')).map((p) => p.projectId);
      if (level === 'nothing') expect(inList).not.toContain(P);
      else expect(inList).toContain(P);
    });
  }

  it('`nothing` answers exactly like a project that does not exist: no oracle for its existence', async () => {
    expect((await setLevel('owner', 'nothing')).status).toBe(200);
    for (const { path } of routes()) {
      const kept = await call('coordinator', 'GET', path);
      const missing = await call('coordinator', 'GET', path.replaceAll(`/${P}`, '/no-such-project').replace(`=${P}`, '=no-such-project'));
      expect(kept.status, path).toBe(404);
      expect(kept.text.replaceAll(P, '…').replaceAll(roundId, '…'), path).toBe(missing.text.replaceAll('no-such-project', '…').replaceAll(roundId, '…'));
      expect(kept.text, path).not.toContain(DEMO_PROJECT.name);
    }
    // Not in a comparison with a project that is shared either, and nothing of it comes along.
    const both = await call('coordinator', 'GET', `/api/network/compare?projects=${X},${P}`);
    expect(both.status).toBe(404);
    expect(both.text).not.toContain(DEMO_PROJECT.name);
    expect((await setLevel('owner', 'summary')).status).toBe(200);
  });
});

describe('who may change it', () => {
  it('only staff of the owning organisation: a coordinator, other staff and interpreters are refused and the level stays', async () => {
    expect((await setLevel('owner', 'summary')).status).toBe(200);
    for (const role of ['coordinator', 'otherStaff', 'interpreter', 'networkInterpreter', 'independentInterpreter'] as const) {
      for (const level of SHARING_LEVELS) expect((await setLevel(role, level)).status, `${role} → ${level}`).toBe(404);
    }
    expect((await call('owner', 'GET', `/api/projects/${P}/sharing`)).json).toMatchObject({ level: 'summary' });
    // Kept out, the coordinator cannot bring it back either; staff of the other organisation do not even see it.
    expect((await setLevel('owner', 'nothing')).status).toBe(200);
    expect((await setLevel('coordinator', 'rows')).status).toBe(404);
    expect((await call('otherStaff', 'GET', `/api/projects/${P}/sharing`)).status).toBe(404);
    expect((await call('owner', 'GET', `/api/projects/${P}/sharing`)).json).toMatchObject({ level: 'nothing' });
    // The other organisation decides for its own project, not for this one.
    expect((await setLevel('otherStaff', 'themes', X)).status).toBe(200);
    expect((await setLevel('owner', 'rows', X)).status).toBe(404);
    expect((await setLevel('owner', 'summary')).status).toBe(200);
  });

  it('a coordinator is told the level, not when nor by whom it changed', async () => {
    const seen = await call('coordinator', 'GET', `/api/projects/${P}/sharing`);
    expect(seen.json).toMatchObject({ level: 'summary', canChange: false });
    expect(seen.json).not.toHaveProperty('changed');
    const own = await call('owner', 'GET', `/api/projects/${P}/sharing`);
    expect(own.json?.changed).toMatchObject({ level: 'summary', by: 'staff', at: h.clock.now().toISOString() });
    expect(own.text).not.toContain('attack-owner');
  });

  it('takes a level and nothing else', async () => {
    for (const body of [{ level: 'everything' }, { level: 'rows', extra: 1 }, {}, { level: null }, ['rows']]) {
      const answer = await call('owner', 'PUT', `/api/projects/${P}/sharing`, body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.json?.errors?.length, JSON.stringify(body)).toBeGreaterThan(0);
    }
    expect((await call('owner', 'PUT', `/api/projects/${P}/sharing`, 'level=rows', 'application/x-www-form-urlencoded')).status).toBe(415);
    expect((await call('owner', 'GET', `/api/projects/${P}/sharing`)).json).toMatchObject({ level: 'summary' });
  });
});

describe('a project setting saved from an older copy of the project', () => {
  it('does not bring back a project taken out of the network', async () => {
    const before = await h.deps.directory.getProject(P);
    if (!before) throw new Error('no demo project');
    expect((await setLevel('owner', 'nothing')).status).toBe(200);
    // Quiet hours saved by someone who read the project before the change: the whole project is put back.
    await h.deps.directory.putProject({ ...before, quietHours: { timeZone: 'Europe/Brussels', blocks: [] } });
    expect((await call('owner', 'PUT', `/api/projects/${P}/suggestion-box`, { open: false })).status).toBe(200);
    expect((await call('coordinator', 'GET', `/api/projects/${P}`)).status).toBe(404);
    expect((await listed('coordinator')).map((p) => p.projectId)).not.toContain(P);
    expect((await setLevel('owner', 'summary')).status).toBe(200);
  });
});

describe('the network comparison', () => {
  it('is for coordinators only', async () => {
    for (const role of ['owner', 'otherStaff', 'interpreter', 'networkInterpreter', 'independentInterpreter'] as const) {
      expect((await call(role, 'GET', `/api/network/compare?projects=${P},${X}`)).status, role).toBe(403);
    }
    for (const query of [
      '',
      '?projects=',
      `?projects=${P},,${X}`,
      `?projects=${P};${X}`,
      `?projects=${Array.from({ length: 13 }, (_, i) => `p${i}x`).join(',')}`,
    ]) {
      expect((await call('coordinator', 'GET', `/api/network/compare${query}`)).status, query).toBe(400);
    }
  });

  it('shows each project as far as its organisation shares it, organisations by name', async () => {
    expect((await setLevel('owner', 'summary')).status).toBe(200);
    expect((await setLevel('otherStaff', 'themes', X)).status).toBe(200);
    const compared = await call('coordinator', 'GET', `/api/network/compare?projects=${P},${X}`);
    expect(compared.status, compared.text).toBe(200);
    const [demo, exemple] = compared.json?.projects as Array<Record<string, unknown>>;
    expect(demo).toMatchObject({ projectId: P, organisationName: 'OCMW Demo', sharing: 'summary', themes: null });
    expect(exemple).toMatchObject({ projectId: X, organisationName: 'CPAS Exemple', sharing: 'themes' });
    // The demo's energy is the released summary's mean (the twelve all said 4: the mean pins the answers, hidden).
    const summary = await call('coordinator', 'GET', `/api/projects/${P}/summary`);
    const released = (summary.json?.rounds as Array<{ questions: Array<{ questionId: string; mean?: unknown }> }>)[0]?.questions.find(
      (q) => q.questionId === 'energy',
    )?.mean;
    expect((demo?.energy as Array<{ value: unknown }>)[0]?.value).toEqual(released);
    // Statements as the summary released them: "respected" true for all twelve.
    expect(demo?.agreement).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ questionId: 'respected', points: [expect.objectContaining({ value: { percent: 100, respondents: 12 } })] }),
      ]),
    );
    // Nothing in the comparison that a summary reader may not see: no respondent codes, no free text.
    expect(compared.text).not.toContain('They listen');
    expect(compared.text).not.toContain('respondentCode');
    // Themes of the demo, once it shares them.
    expect((await setLevel('owner', 'themes')).status).toBe(200);
    const again = await call('coordinator', 'GET', `/api/network/compare?projects=${P}`);
    const themes = (again.json?.projects as Array<{ themes: { round: { roundId: string }; codes: unknown[] } | null }>)[0]?.themes;
    expect(themes?.round.roundId).toBe(roundId);
    expect(themes?.codes.length).toBeGreaterThanOrEqual(5);
    expect(again.text).not.toContain('coder');
  });
});
