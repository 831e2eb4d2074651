import type { Command } from '../../commands.js';
import type { Contact } from '../../model.js';
import { ERASE_CONFIRM_MS, eraseAnswer } from '../erase.js';
import { spokenText } from '../spoken.js';
import type { Planning } from './context.js';
import { expectation } from './listen.js';
import { promptCurrent } from './survey.js';
import { currentProjectId } from './targets.js';

// DELETE: erasing a person's answers in a project (erase.ts): asked, confirmed, then carried out before the commit.

/** In a call, 0 is DELETE wherever the call waits for one key (no menu or question has a 0), or was ending. */
export function keypadCommand(p: Planning): Command | null {
  if (!p.spoken || p.inbound.call?.event !== 'input' || p.inbound.text.trim() !== '0' || !p.draft.contact) return null;
  const before = expectation(p);
  return before.kind === 'keys' || before.kind === 'end' ? { type: 'delete', languages: [] } : null;
}

/** Sessions are erased last (erase.ts): while one is left, there is something to erase. */
const holdsAnswers = (p: Planning, projectId: string): boolean => p.draft.allSessions().some((s) => s.projectId === projectId && s.status !== 'declined');

export function askErase(p: Planning, contact: Contact): void {
  const projectId = currentProjectId(contact);
  if (!projectId || !p.draft.allSessions().some((s) => s.projectId === projectId)) {
    p.tell('erase.nothing', p.chain(projectId ? p.project(projectId) : null));
    return;
  }
  contact.erasing = { projectId, until: new Date(p.now.getTime() + ERASE_CONFIRM_MS).toISOString() };
  confirmErase(p, projectId);
}

/** "This erases all your answers in <project>… reply YES / NO" (in a call: press 1 / 2). */
export function confirmErase(p: Planning, projectId: string): void {
  const project = p.project(projectId);
  const chain = p.chain(project);
  const yes = p.texts.word('yes', chain).toUpperCase();
  const no = p.texts.word('no', chain).toUpperCase();
  p.tell('erase.confirm', chain, { project: project?.name ?? '', yes, no });
}

/** True when this message answered the pending DELETE (erased, or kept); false when the question lapsed. */
export function answerErase(p: Planning, contact: Contact): boolean {
  const pending = contact.erasing;
  contact.erasing = null; // asked for one message: whatever comes next ends the question
  if (!pending || pending.until <= p.now.toISOString()) return false;
  const answer = eraseAnswer(p.inbound.text, p.spoken);
  if (answer === null) return false;
  const project = p.project(pending.projectId);
  const chain = p.chain(project);
  if (answer === 'keep') {
    p.tell('erase.kept', chain);
    if (!contact.optedOut) promptCurrent(p, contact);
    return true;
  }
  // Found through the respondent code, as every answer was stored under it: never by the number.
  p.draft.erasure = {
    projectId: pending.projectId,
    respondentCode: p.respondentCode(pending.projectId),
    contactKey: contact.contactKey,
    at: p.now.toISOString(),
  };
  p.draft.forgetProject(pending.projectId);
  contact.awaiting = null;
  p.ended = true;
  p.tell('erase.done', chain, { project: project?.name ?? '' });
  return true;
}

/**
 * A caller who calls back with nothing left to answer (their survey done, or the round closed) may be
 * calling to take their answers back: before goodbye, the call says that 0 erases them, and listens.
 */
export function offerEraseOnReturn(p: Planning): void {
  const contact = p.draft.contact;
  if (!p.spoken || !contact || contact.optedOut || contact.erasing || p.ended) return;
  const projectId = currentProjectId(contact);
  if (!projectId || !holdsAnswers(p, projectId) || expectation(p).kind !== 'end') return;
  p.offersErase = true;
  p.draft.addBeforeLast(spokenText('call.eraseHint', p.chain(), p.texts), (r) => r.prompt?.kind === 'text' && r.prompt.key === 'call.goodbye');
}
