import { takesOwnWords } from '../../../flows/answers.js';
import type { Command } from '../../commands.js';
import type { Contact } from '../../model.js';
import { chooseLanguage, chooseProject } from './choices.js';
import type { Planning } from './context.js';
import { join, recordLanguage, reopenDeclined } from './enrolment.js';
import { askErase } from './erasing.js';
import { languageMenu, offeredLanguages } from './menus.js';
import { answer, markOpenRounds, promptCurrent } from './survey.js';
import { currentQuestion } from './targets.js';
import { chooseVoiceNotes } from './voice-notes.js';

/** A message from a person taking part: a command, a reply to a pending menu, or an answer. */
export function known(p: Planning, contact: Contact, given: Command | null): void {
  contact.channel = p.inbound.channel; // reply on the channel they last used
  const question = currentQuestion(p, contact);
  // In an open answer a lone "help" or "language" ("Hulp", "اللغة") is an answer, not a command.
  const bare = given?.type === 'help' || (given?.type === 'language' && given.code === null);
  const command = question && takesOwnWords(question) && bare ? null : given;
  switch (command?.type) {
    case 'stop':
      contact.optedOut = true;
      contact.awaiting = null;
      markOpenRounds(p, contact, 'opted-out');
      p.tell('stop.confirmed', p.chain());
      return;
    case 'help':
      p.tell('help.text', p.chain());
      promptCurrent(p, contact);
      return;
    case 'delete':
      askErase(p, contact);
      return;
    case 'start':
      reopenDeclined(p, contact);
      promptCurrent(p, contact);
      return;
    case 'language':
      if (command.code && offeredLanguages(p, contact).includes(command.code)) {
        contact.language = command.code;
        recordLanguage(p, contact);
        contact.awaiting = null;
        p.tell('language.changed', p.chain());
        promptCurrent(p, contact);
      } else {
        contact.awaiting = 'language';
        languageMenu(p, contact);
      }
      return;
    case 'voice-notes':
      // A call speaks every question anyway: there the word is read as whatever else it may be.
      if (p.spoken) break;
      chooseVoiceNotes(p, contact, command.choice);
      return;
    case 'join':
      // An unknown "code" in the middle of a survey is more likely an answer ("join more groups").
      if (join(p, contact, command.code, { quietIfUnknown: question !== undefined })) return;
      break;
    default:
      break;
  }
  if (contact.awaiting === 'language') return chooseLanguage(p, contact);
  if (contact.awaiting === 'project') return chooseProject(p, contact);
  answer(p, contact);
}
