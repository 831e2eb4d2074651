import type { Contact } from '../../model.js';
import type { CallTurnInput } from '../inbound.js';
import { spokenNotEnrolled } from '../spoken.js';
import type { Planning } from './context.js';
import { enrol, optBackIn } from './enrolment.js';
import { confirmErase } from './erasing.js';
import { callBackMenu } from './call-later.js';
import { askProject, languageMenu, offeredLanguages } from './menus.js';
import { answer, promptCurrent } from './survey.js';
import { candidates, currentQuestion } from './targets.js';

/** The call's first turn, a silent keypad, or a caller Stem does not know yet. */
export function callTurn(p: Planning, call: CallTurnInput, contact: Contact | null): void {
  if (!contact) {
    // A stranger calling a project's number joins it, as "JOIN <code>" by message would.
    if (!call.entryProjectId) {
      p.draft.add(...spokenNotEnrolled(p.texts));
      return;
    }
    enrol(p, p.newContact({}), call.entryProjectId);
    return;
  }
  contact.channel = 'voice';
  if (contact.optedOut) {
    // STOP ended messages; calling in is asking to take part again.
    contact.optedOut = false;
    optBackIn(p, contact);
  }
  if (call.event === 'silence') return silence(p, contact);
  if (contact.language && !offeredLanguages(p, contact).includes(contact.language)) {
    // Their language cannot be spoken yet (no voice, prompts not all recorded): let them pick one that can.
    contact.awaiting = 'language';
    return languageMenu(p, contact);
  }
  if (currentQuestion(p, contact)) p.tell('start.confirmed', p.chain());
  promptCurrent(p, contact);
}

/** Nothing was pressed: a menu is said again; a question is asked once more, then passed over. */
function silence(p: Planning, contact: Contact): void {
  if (contact.erasing) return confirmErase(p, contact.erasing.projectId);
  if (contact.callBack) return callBackMenu(p, contact);
  // The language menu again as it was: there is no language yet to say "I did not hear" in.
  if (contact.awaiting === 'language') return languageMenu(p, contact);
  if (contact.awaiting === 'project') {
    p.tell('call.noInput', p.chain());
    return askProject(p, contact, candidates(p, contact));
  }
  if (!currentQuestion(p, contact)) return promptCurrent(p, contact);
  p.heardNothing = true;
  answer(p, contact, { silent: true });
}
