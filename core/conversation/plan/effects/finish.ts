import type { FlowState } from '../../../../flows/engine.js';

/** A finished session needs no answers for branching any more; they stay in answer records only. */
export const forgetAnswers = (flow: FlowState): FlowState => ({ ...flow, context: { answers: {}, reprompts: 0 } });
