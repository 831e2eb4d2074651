import { describe, expect, it } from 'vitest';
import { addServiceDays, planRounds, RoundPlan } from '../../core/rounds/plan.js';
import { fieldIssues } from '../../kernel/validation.js';

/** Rounds planned with a project (core/rounds/plan.ts): what they become, and every way a plan can be wrong. */

const now = new Date('2026-11-23T10:00:00.000Z');
const TEMPLATES: Record<string, number> = { energy_checkin: 2, end_evaluation: 1 };
const ctx = { now, templateVersion: (id: string) => TEMPLATES[id] };

const plan = (input: unknown) => {
  const parsed = RoundPlan.safeParse(input);
  if (!parsed.success) throw new Error(JSON.stringify(fieldIssues(parsed.error)));
  return parsed.data;
};
const issuesOf = (input: unknown) => {
  const outcome = planRounds(plan(input), ctx);
  return outcome.ok ? [] : outcome.issues;
};

const phases = {
  kind: 'phases',
  start: { opensAt: '2026-11-23T10:00:00+01:00', closesAt: '2026-12-07T18:00:00+01:00' },
  midway: { opensAt: '2027-02-01T09:00:00+01:00', closesAt: '2027-02-15T18:00:00+01:00' },
  end: { opensAt: '2027-05-03T09:00:00+02:00', closesAt: '2027-05-17T18:00:00+02:00' },
};

describe('addServiceDays', () => {
  it('keeps the time of day in Belgium across a clock change', () => {
    // 09:00 in Brussels in winter (UTC+1), four weeks later in summer (UTC+2): still 09:00 there.
    expect(addServiceDays('2027-03-15T08:00:00.000Z', 28)).toBe('2027-04-12T07:00:00.000Z');
    expect(addServiceDays('2027-10-18T07:00:00.000Z', 14)).toBe('2027-11-01T08:00:00.000Z');
    expect(addServiceDays('2026-12-01T08:30:00.000Z', 7)).toBe('2026-12-08T08:30:00.000Z');
  });
});

describe('planRounds: phases', () => {
  it('makes start, midway and end in order, the default surveys at their template version, times in UTC', () => {
    const outcome = planRounds(plan(phases), ctx);
    expect(outcome).toEqual({
      ok: true,
      rounds: [
        {
          field: 'plan.start',
          label: 'start',
          surveyId: 'energy_checkin',
          surveyVersion: 2,
          opensAt: '2026-11-23T09:00:00.000Z',
          closesAt: '2026-12-07T17:00:00.000Z',
          reminderAfterHours: null,
        },
        {
          field: 'plan.midway',
          label: 'midway',
          surveyId: 'energy_checkin',
          surveyVersion: 2,
          opensAt: '2027-02-01T08:00:00.000Z',
          closesAt: '2027-02-15T17:00:00.000Z',
          reminderAfterHours: null,
        },
        {
          field: 'plan.end',
          label: 'end',
          surveyId: 'end_evaluation',
          surveyVersion: 1,
          opensAt: '2027-05-03T07:00:00.000Z',
          closesAt: '2027-05-17T16:00:00.000Z',
          reminderAfterHours: null,
        },
      ],
    });
  });

  it('takes a survey of the organisation with its version, and a phase may be left out', () => {
    const outcome = planRounds(
      plan({ kind: 'phases', start: { ...phases.start, surveyId: 'own_survey', surveyVersion: 3 }, end: phases.end, reminderAfterHours: 48 }),
      ctx,
    );
    expect(outcome.ok && outcome.rounds.map((r) => [r.label, r.surveyId, r.surveyVersion, r.reminderAfterHours])).toEqual([
      ['start', 'own_survey', 3, 48],
      ['end', 'end_evaluation', 1, 48],
    ]);
  });

  it('names the field of each problem: order, overlap, closing before opening, already closed, no phase, no version', () => {
    expect(issuesOf({ ...phases, midway: { ...phases.midway, opensAt: '2026-12-01T09:00:00+01:00' } })).toEqual([
      { field: 'plan.midway.opensAt', message: expect.stringContaining('"start" closes') },
    ]);
    expect(issuesOf({ ...phases, end: { opensAt: '2027-01-10T09:00:00Z', closesAt: '2027-01-20T09:00:00Z' } })).toEqual([
      { field: 'plan.end.opensAt', message: expect.stringContaining('"midway" closes') },
    ]);
    expect(issuesOf({ ...phases, midway: { opensAt: '2027-02-15T09:00:00Z', closesAt: '2027-02-01T09:00:00Z' } })).toEqual([
      { field: 'plan.midway.closesAt', message: 'must be after opensAt' },
    ]);
    expect(issuesOf({ kind: 'phases', start: { opensAt: '2026-10-01T09:00:00Z', closesAt: '2026-11-01T09:00:00Z' } })).toEqual([
      { field: 'plan.start.closesAt', message: 'this round would be closed already' },
    ]);
    expect(issuesOf({ kind: 'phases' })).toEqual([{ field: 'plan', message: expect.stringContaining('at least one') }]);
    expect(issuesOf({ ...phases, end: { ...phases.end, surveyId: 'own_survey' } })).toEqual([
      { field: 'plan.end.surveyVersion', message: expect.stringContaining('give its version') },
    ]);
    expect(issuesOf({ ...phases, end: { ...phases.end, surveyVersion: 4 } })).toEqual([
      { field: 'plan.end.surveyId', message: expect.stringContaining('name the survey') },
    ]);
  });

  it('lets a phase open the moment the previous one closes', () => {
    expect(issuesOf({ ...phases, midway: { opensAt: phases.start.closesAt, closesAt: phases.midway.closesAt } })).toEqual([]);
  });
});

describe('planRounds: every N weeks', () => {
  const repeat = { kind: 'repeat', everyWeeks: 4, rounds: 3, firstOpensAt: '2027-03-01T09:00:00+01:00', openDays: 7 };

  it('makes M rounds N weeks apart, each open D days, labelled in order, at the same time of day in Belgium', () => {
    const outcome = planRounds(plan({ ...repeat, label: 'ronde' }), ctx);
    expect(outcome.ok && outcome.rounds.map((r) => [r.label, r.surveyId, r.surveyVersion, r.opensAt, r.closesAt])).toEqual([
      ['ronde 1', 'energy_checkin', 2, '2027-03-01T08:00:00.000Z', '2027-03-08T08:00:00.000Z'],
      ['ronde 2', 'energy_checkin', 2, '2027-03-29T07:00:00.000Z', '2027-04-05T07:00:00.000Z'], // summer time since 28 March
      ['ronde 3', 'energy_checkin', 2, '2027-04-26T07:00:00.000Z', '2027-05-03T07:00:00.000Z'],
    ]);
  });

  it('refuses rounds that would overlap, and a first round already closed', () => {
    expect(issuesOf({ ...repeat, everyWeeks: 1, openDays: 8 })).toEqual([{ field: 'plan.openDays', message: expect.stringContaining('at most 7 days') }]);
    expect(issuesOf({ ...repeat, firstOpensAt: '2026-11-01T09:00:00Z', openDays: 7 })).toEqual([
      { field: 'plan.firstOpensAt', message: expect.stringContaining('closed already') },
    ]);
  });

  it('checks N in 1..26 and M in 2..26 in the schema, naming the field', () => {
    const problems = (input: unknown) => {
      const parsed = RoundPlan.safeParse(input);
      return parsed.success ? [] : fieldIssues(parsed.error).map((i) => i.field);
    };
    expect(problems({ ...repeat, everyWeeks: 0 })).toEqual(['everyWeeks']);
    expect(problems({ ...repeat, everyWeeks: 27 })).toEqual(['everyWeeks']);
    expect(problems({ ...repeat, rounds: 1 })).toEqual(['rounds']);
    expect(problems({ ...repeat, rounds: 27 })).toEqual(['rounds']);
    expect(problems({ ...repeat, everyWeeks: 2.5 })).toEqual(['everyWeeks']);
    expect(problems({ ...repeat, kind: 'monthly' })).toEqual(['kind']);
  });
});
