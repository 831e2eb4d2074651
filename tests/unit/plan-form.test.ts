import { describe, expect, it } from 'vitest';

import { FormErrors } from '../../web/dashboard/page/forms.js';
import { uiFor } from '../../web/dashboard/page/context.js';
import { dashboardT } from '../../web/dashboard/page/i18n.js';
import { defaultPlanDraft, planDraftOf, planFieldset, planJson } from '../../web/dashboard/projects/plan-form.js';
import { PROJECT_ALIASES, PROJECT_CONTROLS } from '../../web/dashboard/projects/projects-page.js';

/** The "Plan rounds" part of the new-project form: what it sends to the API, and where the API's errors show. */

const ZONE = 'Europe/Brussels';
const templates = [
  { surveyId: 'energy_checkin', version: 2, title: { en: 'Energy check-in' }, languages: ['nl'], questions: 3 },
  { surveyId: 'end_evaluation', version: 1, title: { en: 'End evaluation' }, languages: ['nl'], questions: 7 },
];
const ui = uiFor('en', new URL('http://localhost/dashboard'), ZONE);

/** The form as the browser posts it (hono's parseBody with `all: true`). */
const posted = (fields: Record<string, string>) => planDraftOf(fields);

describe('plan form', () => {
  it('sends no plan when "none" is chosen (the default), whatever the other fields hold', () => {
    const draft = defaultPlanDraft(new Date('2026-11-23T10:00:00Z'), ZONE, templates);
    expect(draft.kind).toBe('none');
    expect(draft.phases.start.survey).toBe('energy_checkin@2');
    expect(draft.phases.end.survey).toBe('end_evaluation@1');
    expect(planJson(draft, ZONE, 'round')).toBeUndefined();
    expect(planJson(posted({ plan: 'bogus', 'plan.everyWeeks': '3' }), ZONE, 'round')).toBeUndefined();
  });

  it('sends the phases with dates, times read in Brussels; a phase without dates is left out', () => {
    const json = planJson(
      posted({
        plan: 'phases',
        'plan.start.opensAt': '2026-12-01T09:00',
        'plan.start.closesAt': '2026-12-15T18:00',
        'plan.start.survey': 'energy_checkin@2',
        'plan.midway.opensAt': '',
        'plan.midway.closesAt': '',
        'plan.end.opensAt': '2027-05-03T09:00',
        'plan.end.closesAt': 'soon',
        'plan.end.survey': 'end_evaluation@1',
        'plan.reminderAfterHours': '48',
      }),
      ZONE,
      'round',
    );
    expect(json).toEqual({
      kind: 'phases',
      start: { opensAt: '2026-12-01T08:00:00.000Z', closesAt: '2026-12-15T17:00:00.000Z', surveyId: 'energy_checkin', surveyVersion: 2 },
      // Summer time; an unreadable time goes as typed so the API names the field.
      end: { opensAt: '2027-05-03T07:00:00.000Z', closesAt: 'soon', surveyId: 'end_evaluation', surveyVersion: 1 },
      reminderAfterHours: 48,
    });
  });

  it('sends a repeating plan with numbers as numbers, the label in the UI language', () => {
    const json = planJson(
      posted({
        plan: 'repeat',
        'plan.everyWeeks': '4',
        'plan.rounds': '6',
        'plan.firstOpensAt': '2027-01-04T09:00',
        'plan.openDays': 'x',
        'plan.survey': 'energy_checkin@2',
        'plan.reminderAfterHours': '',
      }),
      ZONE,
      dashboardT('nl')('repeatLabel'),
    );
    expect(json).toEqual({
      kind: 'repeat',
      everyWeeks: 4,
      rounds: 6,
      firstOpensAt: '2027-01-04T08:00:00.000Z',
      openDays: 'x',
      surveyId: 'energy_checkin',
      surveyVersion: 2,
      label: 'ronde',
      reminderAfterHours: null,
    });
  });

  it("puts each of the API's plan errors next to its control, the survey's id and version next to its select", () => {
    const problem = {
      title: 'Bad request',
      status: 400,
      errors: [
        { field: 'plan.midway.opensAt', message: 'must not open before "start" closes' },
        { field: 'plan.end.surveyId', message: '"nope" version 1 not found' },
        { field: 'plan.everyWeeks', message: 'Too big' },
        { field: 'plan.kind', message: 'Invalid input' },
      ],
    };
    const errors = new FormErrors(problem, PROJECT_CONTROLS, PROJECT_ALIASES);
    expect(errors.issues.map((i) => [i.field, i.control])).toEqual([
      ['plan.midway.opensAt', 'plan.midway.opensAt'],
      ['plan.end.surveyId', 'plan.end.survey'],
      ['plan.everyWeeks', 'plan.everyWeeks'],
      ['plan.kind', 'plan'],
    ]);
    const html = String(
      planFieldset(ui, { ...defaultPlanDraft(new Date('2026-11-23T10:00:00Z'), ZONE, templates), kind: 'phases' }, errors, { own: [], templates }),
    );
    expect(html).toMatch(/id="f-plan-midway-opensAt"[^>]*aria-describedby="[^"]*f-plan-midway-opensAt-error"[^>]*aria-invalid="true"/);
    expect(html).toContain('data-field="plan.end.survey"');
    expect(html).toMatch(/<input type="radio" name="plan" value="phases" checked>/);
  });
});
