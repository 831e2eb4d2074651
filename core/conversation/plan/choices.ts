import { normalizeText, readInteger } from '../../../flows/normalize.js';
import { resolveLanguage } from '../../languages.js';
import type { Contact } from '../../model.js';
import type { Planning } from './context.js';
import { recordLanguage, welcome } from './enrolment.js';
import { allLanguages, askProject, languageMenu, offeredLanguages } from './menus.js';
import { answer, promptCurrent } from './survey.js';
import { readLanguageTap } from '../taps.js';
import { candidates } from './targets.js';

/**
 * A reply to the language menu: a number or a language's name. Anything else shows the menu again, except
 * from someone who has a language already (they sent LANGUAGE, perhaps meaning the word as an answer): for
 * them the menu lapses and words that are no number are read as usual, so an answer typed next is not lost.
 */
export function chooseLanguage(p: Planning, contact: Contact): void {
  const offered = offeredLanguages(p, contact);
  // In a call the keys follow the project's language order, so recorded menu entries keep their key.
  // A tap on the menu's list names the language by its id; the words it brings are its title.
  const code = readLanguageTap(p.inbound.buttonPayload) ?? resolveLanguage(p.inbound.text, p.spoken ? allLanguages(p, contact) : offered);
  if (!code || !offered.includes(code)) {
    if (contact.language !== null && !p.spoken && readInteger(normalizeText(p.inbound.text)) === undefined) {
      contact.awaiting = null;
      answer(p, contact);
      return;
    }
    languageMenu(p, contact);
    return;
  }
  const changed = contact.language !== null;
  contact.language = code;
  contact.awaiting = null;
  recordLanguage(p, contact);
  if (changed) p.tell('language.changed', p.chain());
  else welcome(p, contact);
  promptCurrent(p, contact);
}

/** A reply to the project menu: a number or a project's name. */
export function chooseProject(p: Planning, contact: Contact): void {
  const found = candidates(p, contact);
  if (found.length <= 1) {
    // Rounds closed or finished while the menu was pending: nothing to choose any more.
    contact.awaiting = null;
    promptCurrent(p, contact);
    return;
  }
  const text = normalizeText(p.inbound.text);
  const n = readInteger(text);
  const chosen = n !== undefined ? found[n - 1] : found.find((c) => normalizeText(c.project.name) === text);
  if (!chosen) {
    askProject(p, contact, found);
    return;
  }
  contact.activeProjectId = chosen.project.projectId;
  contact.awaiting = null;
  promptCurrent(p, contact);
}
