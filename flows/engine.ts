import { initialTransition, transition, type AnyMachineSnapshot } from 'xstate';
import { isRemark, ownWords, parseAnswer, type AnswerValue, type Askable, type RawInput } from './answers.js';
import type { AnswerStatus, CompiledSurvey, SurveyContext, SurveyEvent } from './compile.js';

/**
 * The pure engine: (state, input) → (state, effects). No I/O, no clock. The host stores the state and
 * carries out the effects after its commit.
 */

export type Effect =
  | { type: 'ask'; questionId: string; again: boolean }
  /** `voice`: the answer is a voice note; its value (the transcript) attaches later. */
  | { type: 'record-answer'; questionId: string; value: AnswerValue | null; status: AnswerStatus; voice: boolean }
  | { type: 'passed-over'; questionId: string }
  /**
   * Words that could not be read as an answer to the question asked: kept as a comment on it, never dropped
   * (the question is asked again, or passed over, as the machine decides). Only real words (`isRemark`):
   * not a short reply such as "ok" or 👍, and not silence or a voice note.
   */
  | { type: 'comment'; questionId: string; text: string }
  | { type: 'complete' }
  | { type: 'decline' }
  /** The round closed before the survey was finished: the answers given stay, marked incomplete. */
  | { type: 'expire' };

/** What is persisted: plain JSON, restorable with the survey's machine of the same id and version. */
export interface FlowState {
  value: string;
  context: SurveyContext;
  done: boolean;
}

export interface Step {
  state: FlowState;
  effects: Effect[];
}

function toState(snapshot: AnyMachineSnapshot): FlowState {
  const value = snapshot.value;
  if (typeof value !== 'string') throw new Error('survey machines are flat: a state value is a string');
  return { value, context: snapshot.context as SurveyContext, done: snapshot.status === 'done' };
}

function toEffects(actions: ReadonlyArray<{ type: string; params: unknown }>): Effect[] {
  const effects: Effect[] = [];
  for (const action of actions) {
    const p = (action.params ?? {}) as { questionId: string; value: AnswerValue | null; status: AnswerStatus };
    switch (action.type) {
      case 'ask':
        effects.push({ type: 'ask', questionId: p.questionId, again: false });
        break;
      case 'reprompt':
        effects.push({ type: 'ask', questionId: p.questionId, again: true });
        break;
      case 'record':
        effects.push({ type: 'record-answer', questionId: p.questionId, value: p.value, status: p.status, voice: false });
        break;
      case 'passOver':
        effects.push({ type: 'passed-over', questionId: p.questionId });
        break;
      case 'complete':
        effects.push({ type: 'complete' });
        break;
      case 'decline':
        effects.push({ type: 'decline' });
        break;
      case 'expire':
        effects.push({ type: 'expire' });
        break;
      default:
        break; // xstate's own (assign, …) are already applied to the snapshot
    }
  }
  return effects;
}

function restore(survey: CompiledSurvey, state: FlowState): AnyMachineSnapshot {
  return survey.machine.resolveState({ value: state.value, context: state.context });
}

export function startFlow(survey: CompiledSurvey): Step {
  const [snapshot, actions] = initialTransition(survey.machine);
  return { state: toState(snapshot), effects: toEffects(actions) };
}

/** The question being asked in `state`, if any. */
export function currentAskable(survey: CompiledSurvey, state: FlowState): Askable | undefined {
  if (state.done) return undefined;
  const id = survey.stateQuestion.get(state.value);
  return id === undefined ? undefined : survey.askables.get(id);
}

/** Apply one inbound message to the flow. A finished flow ignores input and returns no effects. */
export function resumeFlow(survey: CompiledSurvey, state: FlowState, input: RawInput): Step {
  const askable = currentAskable(survey, state);
  if (!askable) return { state, effects: [] };
  const parsed = parseAnswer(askable, input);
  const event: SurveyEvent = input.silent
    ? { type: 'SILENT' }
    : parsed.kind === 'value'
      ? { type: 'ANSWER', value: parsed.value }
      : parsed.kind === 'voice'
        ? { type: 'ANSWER', value: '' } // the flow moves on; the transcript never waits in the flow
        : parsed.kind === 'skip'
          ? { type: 'SKIP' }
          : { type: 'UNREADABLE' };
  const [snapshot, actions] = transition(survey.machine, restore(survey, state), event);
  const effects = toEffects(actions).map((e) =>
    parsed.kind === 'voice' && e.type === 'record-answer' && e.questionId === askable.id ? { ...e, value: null, voice: true } : e,
  );
  // Real words are kept as a comment; a short reply ("ok", 👍) is only asked again (isRemark says which).
  // Not before a yes to taking part: words written at the consent question by someone who may then say
  // no are not theirs to give us yet (they are asked again, nothing is kept).
  const beforeConsent = askable.kind === 'consent' && !askable.hearBack;
  const words = event.type === 'UNREADABLE' && !input.voiceNote && !beforeConsent && isRemark(input.text ?? '') ? ownWords(input.text ?? '') : '';
  return { state: toState(snapshot), effects: words === '' ? effects : [{ type: 'comment', questionId: askable.id, text: words }, ...effects] };
}

/** The scheduler's EXPIRE at the round's close. A finished flow (completed, declined, expired) stays as it is. */
export function expireFlow(survey: CompiledSurvey, state: FlowState): Step {
  if (state.done) return { state, effects: [] };
  const [snapshot, actions] = transition(survey.machine, restore(survey, state), { type: 'EXPIRE' });
  return { state: toState(snapshot), effects: toEffects(actions) };
}
