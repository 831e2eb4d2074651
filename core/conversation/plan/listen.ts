import { DYAD_POINTS, TRIAD_ZONES } from '../../../flows/triad.js';
import { END_CALL, type Listen } from '../../calls/listen.js';
import type { PromptScope } from '../../calls/prompts.js';
import type { Planning } from './context.js';
import { allLanguages } from './menus.js';
import { candidates, currentQuestion, target } from './targets.js';

/**
 * What the call waits for now, read from the state the turn has left so far: a menu, the current
 * question's kind, or nothing (the call ends).
 */
export function expectation(p: Planning): Listen {
  const contact = p.draft.contact;
  if (!contact || contact.optedOut || p.ended) return END_CALL;
  const language = contact.language;
  if (contact.erasing) return { kind: 'keys', options: 2, skippable: false, language, menu: true };
  // The times offered to call back (call-later.ts): one key each, in a fixed place.
  if (contact.callBack) return { kind: 'keys', options: contact.callBack.slots.length, skippable: false, language, menu: true };
  if (p.offersErase) return { kind: 'keys', options: 0, skippable: false, language };
  if (contact.awaiting === 'language') return { kind: 'keys', options: allLanguages(p, contact).length, skippable: false, language, menu: true };
  if (contact.awaiting === 'project') return { kind: 'keys', options: candidates(p, contact).length, skippable: false, language, menu: true };
  const q = currentQuestion(p, contact);
  if (!q) return END_CALL;
  const skippable = q.optional;
  switch (q.kind) {
    case 'consent':
      return { kind: 'keys', options: 2, skippable, language }; // only a hear-back consent is optional
    case 'statement':
      return { kind: 'keys', options: 3, skippable, language };
    case 'choice':
      return { kind: 'keys', options: q.options.length, skippable, language };
    case 'scale':
      return { kind: 'keys', options: 5, skippable, language };
    case 'number':
      return { kind: 'number', maxDigits: String(Math.max(Math.abs(q.min), Math.abs(q.max))).length + (q.min < 0 ? 1 : 0), skippable, language };
    case 'dyad':
      return { kind: 'keys', options: DYAD_POINTS, skippable, language };
    case 'triad':
      return { kind: 'keys', options: TRIAD_ZONES.length, skippable, language };
    case 'open':
    case 'story':
      return { kind: 'record', skippable, language };
  }
}

/** Whose recordings a call turn plays: the organisation and survey version of the person's current project. */
export function promptScope(p: Planning): PromptScope | null {
  const projectId = p.draft.contact?.activeProjectId;
  const t = projectId ? target(p, projectId) : undefined;
  if (!t) return null;
  return { organisationId: t.project.organisationId, surveyId: t.survey.definition.id, surveyVersion: t.survey.definition.version };
}
