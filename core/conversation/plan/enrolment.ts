import { startFlow } from '../../../flows/engine.js';
import { serviceDay } from '../../day.js';
import type { Contact, Session } from '../../model.js';
import type { Planning } from './context.js';
import { promptCurrent } from './survey.js';
import { target } from './targets.js';

/** JOIN <code>: true when the message was handled (joined, or told the code is unknown). */
export function join(p: Planning, contact: Contact, code: string, opts: { quietIfUnknown?: boolean } = {}): boolean {
  const { projectId, quiet } = p.joinLookup(code);
  if (!projectId) {
    if (opts.quietIfUnknown) return false;
    if (!quiet) p.tell('join.unknownCode', p.chain(), { code });
    return true;
  }
  enrol(p, contact, projectId);
  return true;
}

/** Enrol the contact in a project (a join code, or a project's number called) and carry on there. */
export function enrol(p: Planning, contact: Contact, projectId: string): void {
  const project = p.project(projectId);
  if (!project) throw new Error('join code points to a missing project'); // configuration error: let it surface
  if (!contact.projects.includes(projectId)) {
    contact.projects.push(projectId);
    p.draft.enrolments.push({
      projectId,
      contactKey: contact.contactKey,
      language: contact.language,
      channel: p.inbound.channel,
      source: 'join',
      day: serviceDay(p.now),
    });
  }
  contact.activeProjectId = projectId;
  contact.awaiting = null;
  reopenDeclined(p, contact, [projectId]);
  if (contact.language && !project.languages.includes(contact.language)) contact.language = null;
  if (contact.language) welcome(p, contact);
  promptCurrent(p, contact);
}

export function welcome(p: Planning, contact: Contact): void {
  const project = contact.activeProjectId ? p.project(contact.activeProjectId) : null;
  if (project) p.tell('join.welcome', p.chain(project), { project: project.name });
}

/**
 * Back after STOP (START, YES, a call, a join code): every open round they have not finished counts them as
 * taking part again, not opted out; a declined survey begins afresh. Their reminder may be due once more
 * (the sweep had taken them out of its due index when they stopped), so the entries go back in.
 */
export function optBackIn(p: Planning, contact: Contact, projectIds: readonly string[] = contact.projects): void {
  reopenDeclined(p, contact, projectIds);
  for (const projectId of projectIds) {
    const t = target(p, projectId);
    const session = t && p.draft.session(projectId, t.round.roundId);
    if (!t || (session && session.status !== 'active')) continue;
    p.track(contact, { projectId, roundId: t.round.roundId }, session ? 'started' : 'none', { dueAgain: true });
  }
}

/** After "no" to consent, START (or the join code again) is a change of mind: begin that survey afresh. */
export function reopenDeclined(p: Planning, contact: Contact, projectIds: readonly string[] = contact.projects): void {
  for (const projectId of projectIds) {
    const t = target(p, projectId);
    const session = t && p.draft.session(projectId, t.round.roundId);
    if (!t || session?.status !== 'declined') continue;
    const reopened: Session = { ...session, status: 'active', flow: startFlow(t.survey).state };
    p.draft.putSession(reopened);
    p.track(contact, reopened, 'started', { dueAgain: true });
    contact.activeProjectId = projectId;
  }
}

/** The chosen language also goes on the person's enrolments (participant counts per language). */
export function recordLanguage(p: Planning, contact: Contact): void {
  for (const projectId of contact.projects) {
    p.draft.enrolments.push({
      projectId,
      contactKey: contact.contactKey,
      language: contact.language,
      channel: p.inbound.channel,
      source: 'join',
      day: serviceDay(p.now),
    });
  }
}

/**
 * A message to a project's own number is about that project: someone not yet in it joins it (their
 * message was the hello; true: nothing more to do), someone in it answers its round, whatever project
 * they last answered elsewhere. A pending menu (language, project) is answered first.
 */
export function atProjectNumber(p: Planning, contact: Contact): boolean {
  const projectId = p.inbound.entryProjectId;
  if (!projectId || !p.project(projectId)) return false;
  if (!contact.projects.includes(projectId)) {
    enrol(p, contact, projectId);
    return true;
  }
  if (contact.awaiting === null) contact.activeProjectId = projectId;
  return false;
}
