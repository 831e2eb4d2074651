import { forgetAnswers } from './finish.js';
import type { EffectHandler } from './scene.js';

/** "No" to consent: the session is declined (START or the join code again reopens it). */
export const handleDecline: EffectHandler<'decline'> = (p, { contact, session, chain }) => {
  session.status = 'declined';
  session.flow = forgetAnswers(session.flow);
  p.track(contact, session, 'declined');
  p.tell('consent.declined', chain);
};
