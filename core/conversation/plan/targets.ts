import { currentAskable } from '../../../flows/engine.js';
import type { Askable } from '../../../flows/answers.js';
import type { CompiledSurvey } from '../../../flows/compile.js';
import type { Contact, Project, Round } from '../../model.js';
import type { Planning } from './context.js';

/** A project with a round open now, and that round's survey: where a message can be answered. */
export interface Target {
  project: Project;
  round: Round;
  survey: CompiledSurvey;
}

export function target(p: Planning, projectId: string): Target | undefined {
  const view = p.view.projects.get(projectId);
  if (!view) throw new Error('project not in the view'); // the loader and the routing disagree
  if (!view.project || !view.round) return undefined;
  if (!view.survey) throw new Error('round points to a missing survey version'); // configuration error: let it surface
  return { project: view.project, round: view.round, survey: view.survey };
}

/** Projects with an open round this person has not finished. */
export function candidates(p: Planning, contact: Contact): Target[] {
  const found: Target[] = [];
  for (const projectId of contact.projects) {
    const t = target(p, projectId);
    const session = t && p.draft.session(projectId, t.round.roundId);
    if (t && (!session || session.status === 'active')) found.push(t);
  }
  return found;
}

/** The question this person is answering now, if they are in a survey and no menu is pending. */
export function currentQuestion(p: Planning, contact: Contact): Askable | undefined {
  if (contact.awaiting || !contact.activeProjectId) return undefined;
  const t = target(p, contact.activeProjectId);
  const session = t && p.draft.session(contact.activeProjectId, t.round.roundId);
  return t && session?.status === 'active' ? currentAskable(t.survey, session.flow) : undefined;
}

/** The project DELETE is about, and whose languages a menu offers: the one they are answering, or their first. */
export const currentProjectId = (contact: Contact): string | null => contact.activeProjectId ?? contact.projects[0] ?? null;
