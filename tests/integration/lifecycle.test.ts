import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentClient, keys } from '../../adapters/dynamodb/table.js';
import type { Answer } from '../../core/model.js';
import type { DeliveryJob } from '../../core/rounds/ports.js';
import { sweep } from '../../core/rounds/sweep.js';
import { findTemplate } from '../../adapters/templates/template-library.js';
import { apiApp } from '../../http/api/api-app.js';
import { startHarness, type Harness } from './support/harness.js';

/**
 * Issue 7: rounds planned when a project is created (start / midway / end, or every N weeks) and the
 * rounds compared over the project's life — through the staff API, against DynamoDB Local. The test
 * clock stands at 2026-11-23 10:00 UTC.
 */

let h: Harness;
let api: ReturnType<typeof apiApp>;
const enqueued: DeliveryJob[] = [];
const tokens = { staff: '', other: '', coordinator: '' };

async function call(token: string, method: string, path: string, body?: unknown, type = 'application/json') {
  const init: RequestInit = { method, headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': type }) } };
  if (body !== undefined) init.body = typeof body === 'string' ? body : JSON.stringify(body);
  const res = await api.request(path, init);
  const text = await res.text();
  return { status: res.status, text, json: JSON.parse(text) as Record<string, unknown> & { errors?: Array<{ field: string; message: string }> } };
}

const project = (projectId: string, plan?: unknown) => ({
  projectId,
  name: `Project ${projectId}`,
  languages: ['nl', 'fr'],
  joinCode: projectId.replace(/-/g, '').toUpperCase().slice(0, 12),
  ...(plan ? { plan } : {}),
});

/** The templates' current versions (the defaults of a plan). */
const version = { energy: 0, end: 0 };
/** Start now, midway in February (the end evaluation, so that its statements compare with the end), end in May. */
const PHASES = {
  kind: 'phases',
  start: { opensAt: '2026-11-23T10:00:00+01:00', closesAt: '2026-12-07T18:00:00+01:00' },
  midway: { opensAt: '2027-02-01T09:00:00+01:00', closesAt: '2027-02-15T18:00:00+01:00', surveyId: 'end_evaluation' },
  end: { opensAt: '2027-05-03T09:00:00+02:00', closesAt: '2027-05-17T18:00:00+02:00' },
  reminderAfterHours: 48,
};

beforeAll(async () => {
  version.energy = (await findTemplate('energy_checkin'))?.version ?? 0;
  version.end = (await findTemplate('end_evaluation'))?.version ?? 0;
  h = await startHarness();
  api = apiApp({ ...h.deps, queue: { enqueue: async (jobs) => void enqueued.push(...jobs) }, voice: h.voice });
  tokens.staff = await h.deps.users.issueToken({ role: 'staff', userId: 'l', organisationId: 'org-life' });
  tokens.other = await h.deps.users.issueToken({ role: 'staff', userId: 'o', organisationId: 'org-other' });
  tokens.coordinator = await h.deps.users.issueToken({ role: 'coordinator', userId: 'c' });
});
afterAll(async () => h?.stop());

describe('rounds planned with the project', () => {
  it('a three-phase plan creates the project and its three rounds, with their dates and surveys', async () => {
    // This project compares the same people across rounds: its respondent codes link the rounds.
    const created = await call(tokens.staff, 'POST', '/api/projects', { ...project('buurt-zuid', PHASES), disclosure: { linkRounds: true } });
    expect(created.status).toBe(201);
    expect(created.json.project).not.toHaveProperty('plan'); // the rounds are the plan
    const rounds = (await call(tokens.staff, 'GET', '/api/projects/buurt-zuid/rounds')).json.rounds as Array<{
      round: Record<string, unknown>;
      progress: { total: { enrolled: number } };
    }>;
    expect(rounds.map((r) => r.round)).toMatchObject([
      {
        projectId: 'buurt-zuid',
        roundId: 'start-2026-11-23',
        label: 'start',
        surveyId: 'energy_checkin',
        surveyVersion: version.energy,
        opensAt: '2026-11-23T09:00:00.000Z',
        closesAt: '2026-12-07T17:00:00.000Z',
        reminderAfterHours: 48,
      },
      {
        projectId: 'buurt-zuid',
        roundId: 'midway-2027-02-01',
        label: 'midway',
        surveyId: 'end_evaluation',
        surveyVersion: version.end,
        opensAt: '2027-02-01T08:00:00.000Z',
        closesAt: '2027-02-15T17:00:00.000Z',
        reminderAfterHours: 48,
      },
      {
        projectId: 'buurt-zuid',
        roundId: 'end-2027-05-03',
        label: 'end',
        surveyId: 'end_evaluation',
        surveyVersion: version.end,
        opensAt: '2027-05-03T07:00:00.000Z',
        closesAt: '2027-05-17T16:00:00.000Z',
        reminderAfterHours: 48,
      },
    ]);
    expect(created.json.rounds).toHaveLength(3);
    // The templates were saved on first use, so their versions are frozen like any survey in use.
    expect(await h.deps.directory.getSurveyRecord('energy_checkin', version.energy)).not.toBeNull();
    expect(await h.deps.directory.getSurveyRecord('end_evaluation', version.end)).not.toBeNull();
  });

  it('people imported afterwards are invited to every round not closed: at once where it is open, by the sweep when it opens', async () => {
    const csv = 'phone,language,channel\n0470 40 00 01,nl,sms\n0470 40 00 02,fr,sms\n';
    const imported = await call(tokens.staff, 'POST', '/api/projects/buurt-zuid/participants', csv, 'text/csv');
    expect(imported.json).toMatchObject({ imported: true, enrolled: 2 });
    const invited = async (roundId: string) => {
      const out: string[] = [];
      for await (const page of h.deps.participants.invitations('buurt-zuid', roundId)) out.push(...page.map((i) => i.status));
      return out;
    };
    expect(await invited('start-2026-11-23')).toEqual(['queued', 'queued']);
    expect(enqueued.filter((j) => j.roundId === 'start-2026-11-23').map((j) => j.type)).toEqual(['invite', 'invite']); // open: at once
    expect(await invited('midway-2027-02-01')).toEqual(['queued', 'queued']);
    expect(enqueued.some((j) => j.roundId === 'midway-2027-02-01')).toBe(false); // not yet open: it waits
    expect(await invited('end-2027-05-03')).toEqual(['queued', 'queued']);
    // Importing the same people again, and one more, invites nobody twice.
    await call(tokens.staff, 'POST', '/api/projects/buurt-zuid/participants', `${csv}0470 40 00 03,nl,sms\n`, 'text/csv');
    expect(await invited('midway-2027-02-01')).toHaveLength(3);
    expect(enqueued.filter((j) => j.roundId === 'start-2026-11-23')).toHaveLength(3);

    const now = h.clock.current;
    try {
      h.clock.current = new Date('2027-02-01T09:00:00.000Z');
      const swept = await sweep({
        projects: () => h.deps.directory.listProjects(),
        rounds: h.deps.directory,
        participants: h.deps.participants,
        queue: { enqueue: async (jobs) => void enqueued.push(...jobs) },
        clock: h.clock,
      });
      expect(swept.invites).toBe(3);
      expect(enqueued.filter((j) => j.roundId === 'midway-2027-02-01').map((j) => j.type)).toEqual(['invite', 'invite', 'invite']);
      expect(enqueued.some((j) => j.roundId === 'end-2027-05-03')).toBe(false);
    } finally {
      h.clock.current = now;
    }
  });

  it('every N weeks: M rounds of one survey, each open D days', async () => {
    const created = await call(
      tokens.staff,
      'POST',
      '/api/projects',
      project('elke-maand', { kind: 'repeat', everyWeeks: 4, rounds: 3, firstOpensAt: '2026-12-01T09:00:00+01:00', openDays: 10, label: 'ronde' }),
    );
    expect(created.status).toBe(201);
    const rounds = ((await call(tokens.staff, 'GET', '/api/projects/elke-maand')).json.rounds as Array<Record<string, unknown>>).map((r) => [
      r.label,
      r.surveyId,
      r.opensAt,
      r.closesAt,
    ]);
    expect(rounds).toEqual([
      ['ronde 1', 'energy_checkin', '2026-12-01T08:00:00.000Z', '2026-12-11T08:00:00.000Z'],
      ['ronde 2', 'energy_checkin', '2026-12-29T08:00:00.000Z', '2027-01-08T08:00:00.000Z'],
      ['ronde 3', 'energy_checkin', '2027-01-26T08:00:00.000Z', '2027-02-05T08:00:00.000Z'],
    ]);
  });

  it('a bad plan is a 400 naming the field, and creates nothing', async () => {
    const repeat = { kind: 'repeat', everyWeeks: 2, rounds: 4, firstOpensAt: '2026-12-01T09:00:00Z', openDays: 7 };
    const cases: Array<[unknown, string]> = [
      [{ ...PHASES, midway: { ...PHASES.midway, opensAt: '2026-12-01T09:00:00+01:00' } }, 'plan.midway.opensAt'], // overlaps the start
      [{ ...PHASES, end: { opensAt: '2027-01-10T09:00:00Z', closesAt: '2027-01-20T09:00:00Z' } }, 'plan.end.opensAt'], // before midway
      [{ ...PHASES, start: { opensAt: '2026-12-07T09:00:00Z', closesAt: '2026-12-01T09:00:00Z' } }, 'plan.start.closesAt'],
      [{ ...PHASES, end: { ...PHASES.end, surveyId: 'no_such_survey', surveyVersion: 1 } }, 'plan.end.surveyId'],
      [{ ...PHASES, start: { ...PHASES.start, surveyId: 'demo_checkin', surveyVersion: h.seeded.round.surveyVersion } }, 'plan.start.surveyId'], // another organisation's
      [{ ...PHASES, start: { ...PHASES.start, opensAt: 'next monday' } }, 'plan.start.opensAt'],
      [{ kind: 'phases' }, 'plan'],
      [{ ...repeat, everyWeeks: 27 }, 'plan.everyWeeks'],
      [{ ...repeat, everyWeeks: 0 }, 'plan.everyWeeks'],
      [{ ...repeat, rounds: 1 }, 'plan.rounds'],
      [{ ...repeat, rounds: 27 }, 'plan.rounds'],
      [{ ...repeat, openDays: 15 }, 'plan.openDays'],
      [{ ...repeat, surveyId: 'no_such_survey', surveyVersion: 3 }, 'plan.surveyId'],
      [{ ...repeat, kind: 'monthly' }, 'plan.kind'],
    ];
    for (const [plan, field] of cases) {
      const response = await call(tokens.staff, 'POST', '/api/projects', project('slecht-plan', plan));
      expect(response.status, field).toBe(400);
      expect(
        response.json.errors?.map((e) => e.field),
        field,
      ).toEqual([field]);
    }
    expect(await h.deps.directory.getProject('slecht-plan')).toBeNull();
    expect(await h.deps.directory.listRounds('slecht-plan')).toEqual([]);
  });

  it('the OpenAPI document describes the plan', async () => {
    const doc = await api.request('/api/openapi.json');
    const schemas = ((await doc.json()) as { components: { schemas: Record<string, { properties?: Record<string, unknown> }> } }).components.schemas;
    expect(schemas.ProjectInput?.properties).toHaveProperty('plan');
    expect(JSON.stringify(schemas.RoundPlan)).toContain('everyWeeks');
  });
});

describe('the rounds compared over the project’s life', () => {
  const db = () => documentClient(h.dynamoDb);
  async function answer(roundId: string, surveyId: string, code: string, answers: Record<string, string | number>): Promise<void> {
    for (const [questionId, value] of Object.entries(answers)) {
      const a: Answer = {
        projectId: 'buurt-zuid',
        roundId,
        respondentCode: code,
        surveyId,
        surveyVersion: surveyId === 'energy_checkin' ? version.energy : version.end,
        questionId,
        value,
        status: 'answered',
        language: 'nl',
        channel: 'sms',
        day: '2026-11-24',
        voice: null,
        transcript: null,
        translation: null,
      };
      await db().send(
        new PutCommand({ TableName: h.tableName, Item: { ...keys.answer(a.projectId, a.roundId, a.respondentCode, a.questionId), kind: 'answer', ...a } }),
      );
    }
    // They finished: results are released once five have.
    await db().send(
      new PutCommand({
        TableName: h.tableName,
        Item: { ...keys.completion('buurt-zuid', roundId, code), kind: 'completion', projectId: 'buurt-zuid', roundId, respondentCode: code },
      }),
    );
  }
  const P = Array.from({ length: 8 }, (_, i) => `RP${i}LIFE0000`);
  const Q = Array.from({ length: 5 }, (_, i) => `RQ${i}LIFE0000`);
  const R = 'RR0LIFE0000';

  beforeAll(async () => {
    // start: P0–P7. midway: P0–P4 and Q0–Q4. end: P0–P4 and R. So P0–P4 answered all three rounds.
    const startEnergy = [2, 2, 3, 3, 2, 3, 4, 1];
    for (const [i, code] of P.entries()) await answer('start-2026-11-23', 'energy_checkin', code, { consent: 'yes', energy: startEnergy[i] ?? 3 });
    for (const [i, code] of [...P.slice(0, 5), ...Q].entries()) {
      await answer('midway-2027-02-01', 'end_evaluation', code, {
        consent: 'yes',
        energy: i < 6 ? 3 : 4,
        listened: i % 2 === 0 ? 'true' : 'not_true',
        helped: 'true',
      });
    }
    for (const [i, code] of [...P.slice(0, 5), R].entries()) {
      // Only four answered "helped" at the end: too few to show.
      await answer('end-2027-05-03', 'end_evaluation', code, { consent: 'yes', energy: i < 5 ? 4 : 5, listened: 'true', ...(i < 4 ? { helped: 'true' } : {}) });
    }
  });

  interface Life {
    rounds: Array<{ label: string }>;
    trends: Array<{ questionId: string; points: Array<{ label: string; value: unknown }> }>;
    agreement: Array<{ questionId: string; points: Array<{ label: string; value: unknown }> }>;
    returning: Record<string, unknown>;
  }
  const lifecycle = async (token: string) => {
    const response = await call(token, 'GET', '/api/projects/buurt-zuid/summary');
    expect(response.status).toBe(200);
    return { life: response.json.lifecycle as Life, text: response.text };
  };

  it('gives the energy mean of each round', async () => {
    const { life } = await lifecycle(tokens.staff);
    expect(life.rounds.map((r) => r.label)).toEqual(['start', 'midway', 'end']);
    const energy = life.trends.find((t) => t.questionId === 'energy');
    // start: 20/8; midway: (6×3 + 4×4)/10; end: (5×4 + 5)/6
    expect(energy?.points.map((p) => [p.label, p.value])).toEqual([
      ['start', 2.5],
      ['midway', 3.4],
      ['end', 4.17],
    ]);
  });

  it('gives agreement per statement asked again, in percent; too few answers stay hidden', async () => {
    const { life } = await lifecycle(tokens.staff);
    const share = (id: string) => life.agreement.find((a) => a.questionId === id)?.points.map((p) => p.value);
    expect(share('listened')).toEqual([null, { percent: 50, respondents: 10 }, { percent: 100, respondents: 6 }]);
    expect(share('helped')).toEqual([null, { percent: 100, respondents: 10 }, { suppressed: true }]);
  });

  it('links people of the first and last round by code only: count and mean change in energy', async () => {
    const { life, text } = await lifecycle(tokens.coordinator);
    expect(life.returning).toEqual({
      first: { roundId: 'start-2026-11-23', label: 'start' },
      last: { roundId: 'end-2027-05-03', label: 'end' },
      linked: true,
      inSeveralRounds: 5, // P0–P4
      firstAndLast: 5, // P0–P4
      energy: { pairs: 5, change: 1.6 }, // 4 − (2, 2, 3, 3, 2)
    });
    for (const code of [...P, ...Q, R]) expect(text.includes(code), 'a respondent code in the summary').toBe(false);
  });

  it('hides the paired change when fewer than 5 people answered both rounds', async () => {
    // A fourth round where only four of the earlier respondents answer (and two new people).
    const late = {
      label: 'follow-up',
      surveyId: 'energy_checkin',
      surveyVersion: version.energy,
      opensAt: '2027-06-01T09:00:00Z',
      closesAt: '2027-06-15T09:00:00Z',
    };
    expect((await call(tokens.staff, 'POST', '/api/projects/buurt-zuid/rounds', late)).status).toBe(201);
    for (const [i, code] of [...P.slice(0, 4), 'RN0LIFE0000', 'RN1LIFE0000'].entries())
      await answer('follow-up-2027-06-01', 'energy_checkin', code, { consent: 'yes', energy: 3 + (i % 2) });
    const { life } = await lifecycle(tokens.staff);
    expect(life.returning).toMatchObject({
      last: { label: 'follow-up' },
      firstAndLast: { suppressed: true },
      energy: { pairs: { suppressed: true }, change: { suppressed: true } },
    });
    expect(life.trends.find((t) => t.questionId === 'energy')?.points.map((p) => p.value)).toEqual([2.5, 3.4, 4.17, 3.5]);
  });

  it('staff of another organisation see nothing of it', async () => {
    expect((await call(tokens.other, 'GET', '/api/projects/buurt-zuid/summary')).status).toBe(404);
  });
});
