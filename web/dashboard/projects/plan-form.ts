import { html } from 'hono/html';
import type { SurveySummary } from '../api/api-shapes.js';
import type { Ui } from '../page/context.js';
import { choiceGroup, formText, type FormErrors, select, textInput } from '../page/forms.js';
import { parseSurveyKey, surveyKey, titleIn } from './launch-form.js';
import type { Html } from '../page/markup.js';
import { localInputToIso, toLocalInput } from '../page/time.js';

/**
 * "Plan rounds" in the new-project form: none, start / midway / end with their dates, or every N weeks.
 * Every control is in the page, so it works without JavaScript; a stylesheet rule (`:has`) hides the
 * controls of the kinds not chosen, and only those of the chosen kind are sent.
 */

export const PHASES = ['start', 'midway', 'end'] as const;
type Phase = (typeof PHASES)[number];
export type PlanKind = 'none' | 'phases' | 'repeat';

export interface PhaseDraft {
  opensAt: string;
  closesAt: string;
  /** "surveyId@version" */
  survey: string;
}

/** What staff typed, as typed (times as `datetime-local` values in the centre's zone). */
export interface PlanDraft {
  kind: PlanKind;
  phases: Record<Phase, PhaseDraft>;
  everyWeeks: string;
  rounds: string;
  firstOpensAt: string;
  openDays: string;
  survey: string;
  reminderAfterHours: string;
}

/** The form's controls, most specific first: an API issue goes to the first control it belongs to. */
export const PLAN_CONTROLS = [
  ...PHASES.flatMap((p) => [`plan.${p}.opensAt`, `plan.${p}.closesAt`, `plan.${p}.survey`]),
  'plan.everyWeeks',
  'plan.rounds',
  'plan.firstOpensAt',
  'plan.openDays',
  'plan.survey',
  'plan.reminderAfterHours',
  'plan',
];
export const PLAN_ALIASES: Record<string, readonly string[]> = {
  ...Object.fromEntries(PHASES.map((p) => [`plan.${p}.survey`, [`plan.${p}.surveyId`, `plan.${p}.surveyVersion`]])),
  'plan.survey': ['plan.surveyId', 'plan.surveyVersion'],
};

const DAY = 24 * 3600 * 1000;
const WEEK = 7 * DAY;

/** The API's defaults (core/rounds/plan.ts), preselected: energy check-in, and the end evaluation last. */
const DEFAULT_TEMPLATES: Record<Phase | 'repeat', string> = {
  start: 'energy_checkin',
  midway: 'energy_checkin',
  end: 'end_evaluation',
  repeat: 'energy_checkin',
};

/** Nothing planned; if staff choose a kind: start now, midway after 12 weeks, end after 24, each open two weeks; or every 4 weeks, 6 rounds of 7 days. */
export function defaultPlanDraft(now: Date, timeZone: string, templates: readonly SurveySummary[]): PlanDraft {
  const at = (ms: number) => toLocalInput(new Date(now.getTime() + ms), timeZone);
  const keyOf = (id: string) => {
    const t = templates.find((s) => s.surveyId === id);
    return t ? surveyKey(t) : '';
  };
  const phase = (startWeek: number, id: string): PhaseDraft => ({
    opensAt: at(startWeek * WEEK),
    closesAt: at(startWeek * WEEK + 14 * DAY),
    survey: keyOf(id),
  });
  return {
    kind: 'none',
    phases: { start: phase(0, DEFAULT_TEMPLATES.start), midway: phase(12, DEFAULT_TEMPLATES.midway), end: phase(24, DEFAULT_TEMPLATES.end) },
    everyWeeks: '4',
    rounds: '6',
    firstOpensAt: at(0),
    openDays: '7',
    survey: keyOf(DEFAULT_TEMPLATES.repeat),
    reminderAfterHours: '48',
  };
}

export function planDraftOf(form: Record<string, unknown>): PlanDraft {
  const kind = formText(form, 'plan');
  const text = (name: string) => formText(form, name).trim();
  const phase = (p: Phase): PhaseDraft => ({ opensAt: text(`plan.${p}.opensAt`), closesAt: text(`plan.${p}.closesAt`), survey: text(`plan.${p}.survey`) });
  return {
    kind: kind === 'phases' || kind === 'repeat' ? kind : 'none',
    phases: { start: phase('start'), midway: phase('midway'), end: phase('end') },
    everyWeeks: text('plan.everyWeeks'),
    rounds: text('plan.rounds'),
    firstOpensAt: text('plan.firstOpensAt'),
    openDays: text('plan.openDays'),
    survey: text('plan.survey'),
    reminderAfterHours: text('plan.reminderAfterHours'),
  };
}

/** A whole number as a number; anything else as typed, so the API names the field. */
const whole = (value: string): number | string => (/^\d+$/.test(value) ? Number(value) : value);

/**
 * The `plan` of POST /api/projects, or undefined for none. A phase whose two dates are empty is left
 * out; times that are not `datetime-local` values are sent as typed, so the API names the field.
 */
export function planJson(draft: PlanDraft, timeZone: string, labelPrefix: string): Record<string, unknown> | undefined {
  if (draft.kind === 'none') return undefined;
  const instant = (value: string) => localInputToIso(value, timeZone) ?? value;
  const reminderAfterHours = draft.reminderAfterHours === '' ? null : whole(draft.reminderAfterHours);
  if (draft.kind === 'phases') {
    const phases = Object.fromEntries(
      PHASES.filter((p) => draft.phases[p].opensAt !== '' || draft.phases[p].closesAt !== '').map((p) => {
        const d = draft.phases[p];
        return [p, { opensAt: instant(d.opensAt), closesAt: instant(d.closesAt), ...(d.survey ? parseSurveyKey(d.survey) : {}) }];
      }),
    );
    return { kind: 'phases', ...phases, reminderAfterHours };
  }
  return {
    kind: 'repeat',
    everyWeeks: whole(draft.everyWeeks),
    rounds: whole(draft.rounds),
    firstOpensAt: instant(draft.firstOpensAt),
    openDays: whole(draft.openDays),
    ...(draft.survey ? parseSurveyKey(draft.survey) : {}),
    label: labelPrefix,
    reminderAfterHours,
  };
}

/** Labels of the plan's controls, for the error summary. */
export function planLabels(ui: Ui): Record<string, string> {
  const { t } = ui;
  const labels: Record<string, string> = {
    plan: t('planLegend'),
    'plan.everyWeeks': t('fieldEveryWeeks'),
    'plan.rounds': t('fieldRepeatRounds'),
    'plan.firstOpensAt': t('fieldFirstOpensAt'),
    'plan.openDays': t('fieldOpenDays'),
    'plan.survey': t('fieldSurvey'),
    'plan.reminderAfterHours': t('fieldReminder'),
  };
  for (const p of PHASES) {
    const name = t.lookup('phaseNames', p) ?? p;
    labels[`plan.${p}.opensAt`] = `${name}: ${t('fieldOpensAt')}`;
    labels[`plan.${p}.closesAt`] = `${name}: ${t('fieldClosesAt')}`;
    labels[`plan.${p}.survey`] = `${name}: ${t('fieldSurvey')}`;
  }
  return labels;
}

/** The fieldset; `surveys`: the organisation's own and the built-in templates. */
export function planFieldset(
  ui: Ui,
  draft: PlanDraft,
  errors: FormErrors,
  surveys: { own: readonly SurveySummary[]; templates: readonly SurveySummary[] },
): Html {
  const { t } = ui;
  const option = (s: SurveySummary, suffix: string) => ({ value: surveyKey(s), label: `${titleIn(s.title, ui.lang)} — ${s.surveyId} v${s.version}${suffix}` });
  const groups = [
    { label: t('groupOwnSurveys'), options: surveys.own.map((s) => option(s, '')) },
    { label: t('groupTemplates'), options: surveys.templates.map((s) => option(s, ` (${t('templateSuffix')})`)) },
  ];
  const times = t('hintTimes', { zone: ui.timeZone });
  const phase = (p: Phase) => {
    const d = draft.phases[p];
    const name = t.lookup('phaseNames', p) ?? p;
    return html`<fieldset class="plan-phase" data-phase="${p}">
      <legend>${name}</legend>
      <div class="grid2">
        ${textInput({ name: `plan.${p}.opensAt`, label: t('fieldOpensAt'), hint: times, value: d.opensAt, type: 'datetime-local', errors })}
        ${textInput({ name: `plan.${p}.closesAt`, label: t('fieldClosesAt'), hint: times, value: d.closesAt, type: 'datetime-local', errors })}
      </div>
      ${select({ name: `plan.${p}.survey`, label: t('fieldSurvey'), value: d.survey, groups, errors })}
    </fieldset>`;
  };
  const number = (name: string, label: string, value: string, min: number, max: number) =>
    textInput({ name, label, value, type: 'number', errors, extra: html` min="${min}" max="${max}" step="1" inputmode="numeric"` });
  return html`<fieldset class="plan" data-testid="plan-rounds">
    <legend>${t('planLegend')} <span class="hint">(${t('optional')})</span></legend>
    <p class="hint">${t('planHint')}</p>
    ${choiceGroup({
      name: 'plan',
      label: t('planKindLabel'),
      type: 'radio',
      options: (['none', 'phases', 'repeat'] as const).map((value) => ({ value, label: t.lookup('planKinds', value) ?? value })),
      checked: [draft.kind],
      className: 'radios',
      errors,
    })}
    <div class="plan-phases">
      <p class="hint">${t('planPhasesHint')}</p>
      ${PHASES.map(phase)}
    </div>
    <div class="plan-repeat">
      <div class="grid2">
        ${number('plan.everyWeeks', t('fieldEveryWeeks'), draft.everyWeeks, 1, 26)}
        ${number('plan.rounds', t('fieldRepeatRounds'), draft.rounds, 2, 26)}
        ${textInput({ name: 'plan.firstOpensAt', label: t('fieldFirstOpensAt'), hint: times, value: draft.firstOpensAt, type: 'datetime-local', errors })}
        ${number('plan.openDays', t('fieldOpenDays'), draft.openDays, 1, 182)}
      </div>
      ${select({ name: 'plan.survey', label: t('fieldSurvey'), value: draft.survey, groups, errors })}
    </div>
    <div class="plan-common">
      ${textInput({ name: 'plan.reminderAfterHours', label: t('fieldReminder'), hint: t('hintReminder'), value: draft.reminderAfterHours, type: 'number', errors, extra: html` min="1" max="720" step="1" inputmode="numeric"` })}
    </div>
  </fieldset>`;
}
