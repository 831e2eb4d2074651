import { assign, setup, type AnyStateMachine } from 'xstate';
import type { AnswerValue, Askable } from './answers.js';
import { END, type Condition, type Question, type SurveyDefinition } from './definition.js';

/**
 * Definition → XState v5 machine. One state per question (and per statement probe), one transient
 * `route:<id>` state per question that applies `next` rules with `always` transitions.
 *
 * The machine's actions do nothing when run: the host reads them, as effects, from the pure
 * `transition()` result (see engine.ts). Deadlines are not modelled here: the scheduler sends EXPIRE,
 * which ends any unfinished survey in the final `expired` state.
 */

export interface SurveyContext {
  /** Answers that later `next` rules read, by question id; `null` when skipped or passed over. */
  answers: Record<string, AnswerValue | null>;
  /** Re-prompts used on the current question. */
  reprompts: number;
}

export type SurveyEvent =
  | { type: 'ANSWER'; value: AnswerValue }
  | { type: 'SKIP' }
  | { type: 'UNREADABLE' }
  /** Nothing came (a phone call's keypad stayed silent): asked again once, then passed over. */
  | { type: 'SILENT' }
  /** From the scheduler: the round closed while this survey was unfinished. */
  | { type: 'EXPIRE' };

export type AnswerStatus = 'answered' | 'skipped' | 'unreadable';

export interface CompiledSurvey {
  definition: SurveyDefinition;
  machine: AnyStateMachine;
  /** Every askable by id, probes included (`<statementId>.probe`). */
  askables: ReadonlyMap<string, Askable>;
  /** State name → the askable asked in it. */
  stateQuestion: ReadonlyMap<string, string>;
}

export const probeId = (statementId: string): string => `${statementId}.probe`;
const probeState = (id: string): string => `probe:${id}`;
const routeState = (id: string): string => `route:${id}`;
const COMPLETED = 'completed';
/** Kept instead of the answer when rules only ask whether a question was answered. */
const ANSWERED = 1;
const DECLINED = 'declined';
const EXPIRED = 'expired';

export function holds(condition: Condition, answers: SurveyContext['answers']): boolean {
  const a = answers[condition.question];
  if (condition.answered !== undefined) return (a !== undefined && a !== null) === condition.answered;
  if (a === undefined || a === null) return false;
  if (condition.equals !== undefined) return a === condition.equals;
  if (condition.in !== undefined) return condition.in.includes(a);
  if (condition.lessThan !== undefined) return typeof a === 'number' && a < condition.lessThan;
  if (condition.greaterThan !== undefined) return typeof a === 'number' && a > condition.greaterThan;
  return false;
}

const valueOf = (event: SurveyEvent): AnswerValue | null => (event.type === 'ANSWER' ? event.value : null);
const statusOf = (event: SurveyEvent): AnswerStatus =>
  event.type === 'ANSWER' ? 'answered' : event.type === 'SKIP' || event.type === 'SILENT' ? 'skipped' : 'unreadable';

const surveySetup = setup({
  types: {
    context: {} as SurveyContext,
    events: {} as SurveyEvent,
  },
  actions: {
    // Effects for the host; intentionally empty bodies.
    ask: (_, _params: { questionId: string }) => {},
    reprompt: (_, _params: { questionId: string }) => {},
    record: (_, _params: { questionId: string; value: AnswerValue | null; status: AnswerStatus }) => {},
    passOver: (_, _params: { questionId: string }) => {},
    complete: () => {},
    decline: () => {},
    expire: () => {},
    // An expired session needs no answers for branching any more: they live in answer records alone.
    forget: assign(() => ({ answers: {}, reprompts: 0 })),
    // Only answers that a `next` rule reads are kept in the session: the rest live in answer records alone.
    remember: assign(({ context, event }, params: { questionId: string; keep: 'value' | 'presence' | 'nothing' }) => {
      const value = valueOf(event);
      if (params.keep === 'nothing') return { answers: context.answers, reprompts: 0 };
      const kept = params.keep === 'presence' && value !== null ? ANSWERED : value;
      return { answers: { ...context.answers, [params.questionId]: kept }, reprompts: 0 };
    }),
    countReprompt: assign(({ context }) => ({ reprompts: context.reprompts + 1 })),
  },
  guards: {
    canReprompt: ({ context }, params: { max: number }) => context.reprompts < params.max,
    isValue: ({ event }, params: { values: ReadonlyArray<AnswerValue> }) => event.type === 'ANSWER' && params.values.includes(event.value),
    holds: ({ context }, params: { condition: Condition }) => holds(params.condition, context.answers),
  },
});

type Setup = typeof surveySetup;
type MachineConfig = Parameters<Setup['createMachine']>[0];
type StateConfig = NonNullable<MachineConfig['states']>[string];

/** Transitions of a question state for SKIP / UNREADABLE / a valid ANSWER that goes to `target`. */
function answerHandlers(questionId: string, target: string, maxReprompts: number, keep: 'value' | 'presence' | 'nothing') {
  const record = {
    type: 'record',
    params: ({ event }: { event: SurveyEvent }) => ({ questionId, value: valueOf(event), status: statusOf(event) }),
  } as const;
  const remember = { type: 'remember', params: { questionId, keep } } as const;
  return {
    ANSWER: { target, actions: [record, remember] },
    SKIP: { target, actions: [record, remember] },
    UNREADABLE: [
      { guard: { type: 'canReprompt', params: { max: maxReprompts } }, actions: ['countReprompt', { type: 'reprompt', params: { questionId } }] },
      { target, actions: [record, remember, { type: 'passOver', params: { questionId } }] },
    ],
    SILENT: [
      { guard: { type: 'canReprompt', params: { max: Math.min(1, maxReprompts) } }, actions: ['countReprompt', { type: 'reprompt', params: { questionId } }] },
      { target, actions: [record, remember, { type: 'passOver', params: { questionId } }] },
    ],
  } as const;
}

export function compileSurvey(definition: SurveyDefinition): CompiledSurvey {
  const { questions, maxReprompts } = definition;
  const askables = new Map<string, Askable>();
  const stateQuestion = new Map<string, string>();
  const states: Record<string, StateConfig> = {};
  const ask = (questionId: string) => ({ type: 'ask', params: { questionId } }) as const;
  const conditions = questions.flatMap((q) => (q.next ?? []).map((rule) => rule.if));
  const referenced = new Set(conditions.map((c) => c.question));
  // A question that rules only test for "answered" needs no value kept: a marker will do.
  const presenceOnly = new Set([...referenced].filter((id) => conditions.every((c) => c.question !== id || c.answered !== undefined)));

  questions.forEach((q: Question, i) => {
    askables.set(q.id, q);
    stateQuestion.set(q.id, q.id);
    const after = routeState(q.id);
    const keep = !referenced.has(q.id) ? 'nothing' : presenceOnly.has(q.id) ? 'presence' : 'value';
    const handlers = answerHandlers(q.id, after, maxReprompts, keep);

    if (q.kind === 'consent' && q.hearBack !== true) {
      const record = handlers.ANSWER.actions;
      const [reprompt] = handlers.UNREADABLE;
      states[q.id] = {
        entry: ask(q.id),
        on: {
          ...handlers,
          ANSWER: [{ guard: { type: 'isValue', params: { values: ['no'] } }, target: DECLINED, actions: record }, handlers.ANSWER],
          // No consent is ever assumed: unreadable (or silent) to the end means declined (START asks again).
          UNREADABLE: [reprompt, { target: DECLINED, actions: record }],
          SILENT: [handlers.SILENT[0], { target: DECLINED, actions: record }],
        },
      };
    } else if (q.kind === 'statement' && q.probe) {
      const pid = probeId(q.id);
      askables.set(pid, { kind: 'open', id: pid, text: q.probe.text, optional: true, probeOf: q.id }); // no cap: as long as the channel carries
      stateQuestion.set(probeState(q.id), pid);
      const when = q.probe.when;
      const toProbe = when
        ? [{ guard: { type: 'isValue' as const, params: { values: when } }, target: probeState(q.id), actions: handlers.ANSWER.actions }, handlers.ANSWER]
        : { ...handlers.ANSWER, target: probeState(q.id) };
      states[q.id] = { entry: ask(q.id), on: { ...handlers, ANSWER: toProbe } };
      states[probeState(q.id)] = { entry: ask(pid), on: answerHandlers(pid, after, maxReprompts, 'nothing') };
    } else {
      states[q.id] = { entry: ask(q.id), on: handlers };
    }

    const following = questions[i + 1]?.id ?? COMPLETED;
    states[after] = {
      always: [
        ...(q.next ?? []).map((rule) => ({
          guard: { type: 'holds', params: { condition: rule.if } },
          target: rule.goto === END ? COMPLETED : rule.goto,
        })),
        { target: following },
      ],
    } as StateConfig;
  });

  states[COMPLETED] = { type: 'final', entry: 'complete' };
  states[DECLINED] = { type: 'final', entry: 'decline' };
  states[EXPIRED] = { type: 'final', entry: ['expire', 'forget'] };

  const first = questions[0];
  if (!first) throw new Error('a survey needs at least one question'); // unreachable after zod validation
  const machine = surveySetup.createMachine({
    id: `${definition.id}@${definition.version}`,
    context: { answers: {}, reprompts: 0 },
    initial: first.id,
    // Deadlines are data, not timers (delayed transitions do not survive persistence): the scheduler
    // sends EXPIRE when the round closes, whatever question is open.
    on: { EXPIRE: { target: `.${EXPIRED}` } },
    states,
  } as MachineConfig);
  return { definition, machine, askables, stateQuestion };
}
