import { SERVICE_TIME_ZONE } from '../day.js';
import type { FieldIssue } from '../../kernel/validation.js';
import * as z from '../../kernel/zod.js';
import type { LaunchInput } from './launch-round.js';

/**
 * The rounds of a project planned when it is created: the start / midway / end phases DESIGN.md names,
 * or a round every N weeks. The plan is not stored: the rounds it makes are the plan, and the scheduler's
 * sweep sends each one's invitations once it opens.
 */

const Instant = z.iso.datetime({ offset: true });
const Reminder = z._default(z.nullable(z.number().check(z.minimum(1), z.maximum(24 * 30))), null);
/** Both left out: the phase's default template. An id alone: that template's current version. */
const SurveyChoice = {
  surveyId: z.optional(z.string().check(z.minLength(1))),
  surveyVersion: z.optional(z.int().check(z.minimum(1))),
};

const Phase = z.object({ opensAt: Instant, closesAt: Instant, ...SurveyChoice });

export const PHASES = ['start', 'midway', 'end'] as const;
export type PhaseName = (typeof PHASES)[number];
/** Every round asks `energy` the same way, so these compare; the last one also looks back. */
export const DEFAULT_SURVEYS: Record<PhaseName | 'repeat', string> = {
  start: 'energy_checkin',
  midway: 'energy_checkin',
  end: 'end_evaluation',
  repeat: 'energy_checkin',
};

export const MAX_EVERY_WEEKS = 26;
export const MAX_REPEATS = 26;

export const RoundPlan = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('phases'),
    start: z.optional(Phase),
    midway: z.optional(Phase),
    end: z.optional(Phase),
    reminderAfterHours: Reminder,
  }),
  z.object({
    kind: z.literal('repeat'),
    everyWeeks: z.int().check(z.minimum(1), z.maximum(MAX_EVERY_WEEKS)),
    rounds: z.int().check(z.minimum(2), z.maximum(MAX_REPEATS)),
    firstOpensAt: Instant,
    /** How long each round stays open; at most the weeks between two rounds, so none overlap. */
    openDays: z.int().check(z.minimum(1), z.maximum(MAX_EVERY_WEEKS * 7)),
    ...SurveyChoice,
    /** Rounds are labelled "<label> 1", "<label> 2"… */
    label: z._default(z.string().check(z.trim(), z.minLength(1), z.maxLength(30)), 'round'),
    reminderAfterHours: Reminder,
  }),
]);
export type RoundPlan = z.infer<typeof RoundPlan>;

export interface PlannedRound extends LaunchInput {
  /** Where this round's fields sit in the request, e.g. `plan.midway`: problems about it name that path. */
  field: string;
}

export type PlanOutcome = { ok: true; rounds: PlannedRound[] } | { ok: false; issues: FieldIssue[] };

const DAY_MS = 24 * 3600 * 1000;
const WALL = new Intl.DateTimeFormat('en-US', {
  timeZone: SERVICE_TIME_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
});

/** How far Brussels' clock is ahead of UTC at `instant` (ms). */
function zoneOffset(instant: number): number {
  const parts = Object.fromEntries(WALL.formatToParts(new Date(instant)).map((p) => [p.type, Number(p.value)]));
  const wall = Date.UTC(parts.year ?? 0, (parts.month ?? 1) - 1, parts.day ?? 1, parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0);
  return wall - Math.floor(instant / 1000) * 1000;
}

/**
 * `days` calendar days later at the same time of day in Belgium: a round opening at 09:00 in winter
 * opens at 09:00 after the clocks change too, not at 10:00.
 */
export function addServiceDays(iso: string, days: number): string {
  const start = Date.parse(iso);
  const wall = start + zoneOffset(start) + days * DAY_MS;
  let instant = wall - zoneOffset(start);
  instant = wall - zoneOffset(instant); // once more: the offset may differ on the other side of a change
  return new Date(instant).toISOString();
}

const iso = (s: string): string => new Date(s).toISOString();

/**
 * The rounds a plan makes, oldest first, or every problem with it, each naming its field. Checked here
 * and not left to `launchRound`, so that a bad plan creates neither the project nor any round.
 * `templateVersion`: the current version of a built-in template, for a survey named without a version.
 */
export function planRounds(plan: RoundPlan, ctx: { now: Date; templateVersion: (surveyId: string) => number | undefined }): PlanOutcome {
  const issues: FieldIssue[] = [];
  const now = ctx.now.toISOString();
  const survey = (
    field: string,
    choice: { surveyId?: string | undefined; surveyVersion?: number | undefined },
    fallback: string,
  ): { surveyId: string; surveyVersion: number } => {
    const surveyId = choice.surveyId ?? fallback;
    if (choice.surveyId === undefined && choice.surveyVersion !== undefined)
      issues.push({ field: `${field}.surveyId`, message: 'name the survey of this version' });
    const surveyVersion = (choice.surveyId === undefined ? undefined : choice.surveyVersion) ?? ctx.templateVersion(surveyId);
    if (surveyVersion === undefined) issues.push({ field: `${field}.surveyVersion`, message: `"${surveyId}" is no built-in template: give its version` });
    return { surveyId, surveyVersion: surveyVersion ?? 0 };
  };
  const rounds: PlannedRound[] = [];

  if (plan.kind === 'phases') {
    let previous: PlannedRound | undefined;
    for (const name of PHASES) {
      const phase = plan[name];
      if (!phase) continue;
      const field = `plan.${name}`;
      const round: PlannedRound = {
        field,
        label: name,
        ...survey(field, phase, DEFAULT_SURVEYS[name]),
        opensAt: iso(phase.opensAt),
        closesAt: iso(phase.closesAt),
        reminderAfterHours: plan.reminderAfterHours,
      };
      if (round.closesAt <= round.opensAt) issues.push({ field: `${field}.closesAt`, message: 'must be after opensAt' });
      else if (round.closesAt <= now) issues.push({ field: `${field}.closesAt`, message: 'this round would be closed already' });
      if (previous && round.opensAt < previous.closesAt) {
        issues.push({
          field: `${field}.opensAt`,
          message: `must not open before "${previous.label}" closes (${previous.closesAt}): rounds come one after the other`,
        });
      }
      rounds.push(round);
      previous = round;
    }
    if (rounds.length === 0) issues.push({ field: 'plan', message: 'plan at least one of the phases start, midway and end' });
  } else {
    const field = 'plan';
    const chosen = survey(field, plan, DEFAULT_SURVEYS.repeat);
    if (plan.openDays > plan.everyWeeks * 7) {
      issues.push({
        field: 'plan.openDays',
        message: `at most ${plan.everyWeeks * 7} days (every ${plan.everyWeeks} weeks), or one round would still be open when the next opens`,
      });
    }
    for (let i = 0; i < plan.rounds; i++) {
      const opensAt = addServiceDays(iso(plan.firstOpensAt), i * plan.everyWeeks * 7);
      rounds.push({
        field,
        label: `${plan.label} ${i + 1}`,
        ...chosen,
        opensAt,
        closesAt: addServiceDays(opensAt, plan.openDays),
        reminderAfterHours: plan.reminderAfterHours,
      });
    }
    if ((rounds[0]?.closesAt ?? now) <= now) issues.push({ field: 'plan.firstOpensAt', message: 'the first round would be closed already' });
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, rounds };
}
