import { currentAskable } from '../../../flows/engine.js';
import type { Session } from '../../model.js';
import type { PlanInbound } from '../inbound.js';
import { readTapId } from '../taps.js';
import type { Planning } from './context.js';
import type { Target } from './targets.js';

/**
 * A tap on one of Stem's buttons or lists (core/conversation/taps.ts), read before anything else. Its id is
 * the answer; the label WhatsApp sends with it as the message text is Stem's own word, not the person's, so
 * it is read as no command ("No" is no reply to DELETE's question) and as no answer. The engine gets the
 * `<questionId>:<value>` payload it already reads (flows/answers.ts). Any other payload stays as it came.
 */
export function readTap(inbound: PlanInbound): PlanInbound {
  const tap = inbound.buttonPayload ? readTapId(inbound.buttonPayload) : null;
  if (!tap) return inbound;
  const { value, ...ref } = tap;
  return { ...inbound, text: '', buttonPayload: `${tap.questionId}:${value}`, tap: ref };
}

/**
 * A tap on a question other than the one waiting — an earlier question of this survey, another survey or
 * another version of it: its buttons stay in the chat, and a tap there is no answer here. Said so, and the
 * waiting question asked again (with its own buttons); nothing is recorded and no re-prompt is counted.
 * True when the tap was stale and has been answered.
 */
export function staleTap(p: Planning, t: Target, session: Session): boolean {
  const tap = p.inbound.tap;
  const waiting = currentAskable(t.survey, session.flow);
  if (!tap || !waiting) return false;
  const { id, version } = t.survey.definition;
  if (tap.surveyId === id && tap.surveyVersion === version && tap.questionId === waiting.id) return false;
  const chain = p.chain(t.project);
  p.tell('tap.stale', chain);
  p.ask(waiting, false, chain, t.survey.definition, t.project);
  return true;
}
