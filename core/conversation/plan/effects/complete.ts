import { forgetAnswers } from './finish.js';
import type { EffectHandler } from './scene.js';

/** The survey is done: the session completes, the round entry says so, and the respondent is thanked. */
export const handleComplete: EffectHandler<'complete'> = (p, { contact, session, chain }) => {
  session.status = 'completed';
  session.flow = forgetAnswers(session.flow);
  p.track(contact, session, 'completed');
  // Among the answers, under the respondent code only: what exports call complete.
  p.draft.completions.push({ projectId: session.projectId, roundId: session.roundId, respondentCode: p.respondentCode(session.projectId) });
  p.tell('thanks.completed', chain);
};
