import { detectCommand, toJoinCode } from '../../commands.js';
import type { Contact } from '../../model.js';
import type { PlanInbound } from '../inbound.js';
import { isSmallTalk } from '../small-talk.js';

/** A join code to look up, and whether it is small talk (looked up, but never counted as a guess). */
export interface JoinCodeQuery {
  code: string;
  smallTalk: boolean;
}

/**
 * The join code this message makes the planner look up, if any, decided from the contact and the text
 * alone: the loader looks it up (and the limiter counts it) before the planner runs, once per message.
 * It follows plan.ts's routing: a call's first turn, a silence and a stranger's call look none up; a
 * stranger's text is read as a code even without JOIN (a greeting or "ok" is small talk); a known
 * contact's, opted out or not, only after JOIN. DELETE and STOP from a stranger are no codes.
 */
export function joinCodeQuery(contact: Contact | null, inbound: PlanInbound): JoinCodeQuery | null {
  const call = inbound.call;
  if (call && (!contact || contact.optedOut || call.event !== 'input')) return null;
  const command = detectCommand(inbound.text);
  if (contact) return command?.type === 'join' ? { code: command.code, smallTalk: false } : null;
  if (command?.type === 'delete' || command?.type === 'stop') return null;
  const code = command?.type === 'join' ? command.code : toJoinCode(inbound.text);
  return code ? { code, smallTalk: command?.type !== 'join' && isSmallTalk(inbound.text) } : null;
}
