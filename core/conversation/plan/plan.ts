import { detectCommand, type Command } from '../../commands.js';
import { WHATSAPP_WINDOW_MS, type Contact } from '../../model.js';
import type { Draft } from '../draft.js';
import type { CallTurnInput, PlanInbound } from '../inbound.js';
import type { ConversationView } from '../view.js';
import { callTurn } from './call-turns.js';
import { answerCallBack, offerCallBack, pressedCallBack } from './call-later.js';
import { known } from './commands.js';
import { Planning } from './context.js';
import { answerErase, keypadCommand, offerEraseOnReturn } from './erasing.js';
import { expectation, promptScope } from './listen.js';
import { withMedia } from './media.js';
import { atProjectNumber } from './enrolment.js';
import { optedOut, stranger } from './strangers.js';
import { readTap } from './taps.js';

/**
 * Decide what one inbound message does, from the view loaded for it: commands first, then a pending
 * question (DELETE's YES or NO), a pending menu (language, project), then the open survey. Pure: no
 * awaits, no ports, no clock (`now` is given); the caller commits the draft, then sends its replies.
 * In a call the draft also says what the call waits for next, and whose recordings it plays.
 */
export function plan(view: ConversationView, message: PlanInbound, now: Date): Draft {
  const inbound = readTap(message); // a tap on Stem's own buttons: its id, not its label (taps.ts)
  const p = new Planning(view, inbound, now);
  const command = detectCommand(inbound.text) ?? keypadCommand(p);
  const contact = p.draft.contact;
  const call = inbound.call;
  // A DELETE waiting for its YES or NO: this message answers it, or the question lapses and the message
  // is read like any other (a silence in a call asks it again instead).
  const answeredErase = contact?.erasing && call?.event !== 'silence' ? answerErase(p, contact) : false;
  // In a call, "call me later": the time chosen from those offered, or 9 pressed at a question (call-later.ts).
  const calledBack = !answeredErase && (answerCallBack(p, contact) || pressedCallBack(p, contact));
  if (!answeredErase && !calledBack) dispatch(p, command, contact, call);
  if (call?.event === 'start') {
    offerEraseOnReturn(p);
    offerCallBack(p);
  }
  // Their message opens WhatsApp's 24-hour window: until then invitations may go as free text.
  if (inbound.channel === 'whatsapp' && p.draft.contact) p.draft.contact.whatsappWindowUntil = new Date(now.getTime() + WHATSAPP_WINDOW_MS).toISOString();
  if (call) {
    p.draft.listen = expectation(p);
    p.draft.scope = promptScope(p);
  }
  return p.draft;
}

function dispatch(p: Planning, command: Command | null, contact: Contact | null, call: CallTurnInput | undefined): void {
  if (call && (!contact || contact.optedOut || call.event !== 'input')) callTurn(p, call, contact);
  else if (!contact) stranger(p, command);
  else if (contact.optedOut) optedOut(p, contact, command);
  else if (!command && atProjectNumber(p, contact)) return;
  else if (p.view.media.length > 0 || p.inbound.unusable) withMedia(p, contact, command);
  else known(p, contact, command);
}
