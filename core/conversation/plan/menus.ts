import { isSupportedLanguage, localeMeta, SUPPORTED_LANGUAGES } from '../../../locales/index.js';
import { canSay } from '../../calls/voices.js';
import { languageMenu as writtenLanguageMenu } from '../../languages.js';
import type { Contact, Project } from '../../model.js';
import { spokenLanguageMenu, spokenProjectMenu } from '../spoken.js';
import { languageChoices } from '../taps.js';
import type { Planning } from './context.js';
import { currentProjectId, target, type Target } from './targets.js';

/** The project's languages in its order (every supported language outside a project). */
export function allLanguages(p: Planning, contact: Contact): string[] {
  const projectId = currentProjectId(contact);
  const project = projectId ? p.project(projectId) : null;
  return project?.languages.length ? project.languages : [...SUPPORTED_LANGUAGES];
}

/**
 * The languages on offer. A call offers those it can speak: by a voice, or with every prompt recorded
 * (the view says which); if none, all of them (better a voice in the wrong accent than silence).
 */
export function offeredLanguages(p: Planning, contact: Contact): string[] {
  const all = allLanguages(p, contact);
  if (!p.spoken) return all;
  const projectId = currentProjectId(contact);
  const recorded = projectId && target(p, projectId) ? (p.view.projects.get(projectId)?.recorded ?? []) : [];
  const callable = all.filter((code) => canSay(code) || recorded.includes(code));
  return callable.length > 0 ? callable : all;
}

/** The project the menu is for: its fallback languages say the hint while the person has no language yet. */
function menuProject(p: Planning, contact: Contact): Project | null {
  const projectId = currentProjectId(contact);
  return projectId ? p.project(projectId) : null;
}

export function languageMenu(p: Planning, contact: Contact): void {
  const offered = offeredLanguages(p, contact);
  if (p.spoken) {
    p.draft.add(...spokenLanguageMenu(offered, allLanguages(p, contact), p.texts));
    return;
  }
  const chain = p.chain(menuProject(p, contact));
  const text = writtenLanguageMenu(offered, p.t('language.menuHint', chain));
  // On WhatsApp the same menu as a list to tap; the numbers stay, for typing and as the fallback.
  const named = offered.map((code) => ({ code, name: isSupportedLanguage(code) ? localeMeta[code].name : code }));
  const choices = p.inbound.channel === 'whatsapp' ? languageChoices(named, chain[0] ?? 'en') : null;
  p.draft.add(choices ? { text, choices } : { text });
}

export function askProject(p: Planning, contact: Contact, candidates: readonly Target[]): void {
  contact.awaiting = 'project';
  if (p.spoken) {
    p.draft.add(
      ...spokenProjectMenu(
        candidates.map((c) => c.project.name),
        p.chain(),
        p.texts,
      ),
    );
    return;
  }
  const list = candidates.map((c, i) => `${i + 1}. ${c.project.name}`).join('\n');
  p.draft.say(`${p.t('project.choose', p.chain())}\n${list}`);
}
