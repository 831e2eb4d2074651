import { takesOwnWords } from '../../../flows/answers.js';
import { isQuoted, typedWord, type Command } from '../../commands.js';
import type { Contact } from '../../model.js';
import { chooseLanguage, chooseProject } from './choices.js';
import type { Planning } from './context.js';
import { join, recordLanguage, reopenDeclined } from './enrolment.js';
import { askErase } from './erasing.js';
import { languageMenu, offeredLanguages } from './menus.js';
import { answer, markOpenRounds, promptCurrent } from './survey.js';
import { currentQuestion } from './targets.js';
import { chooseVoiceNotes } from './voice-notes.js';

/**
 * A message from a person taking part: a command, a reply to a pending menu, or an answer.
 *
 * A command word typed alone is a command, also where own words are asked for ("Hulp", "TAAL", "اللغة" at an
 * open question): people send HELP when lost, and a lost person's "help" stored as their answer helps no one.
 * The word itself is still an answer when it comes with other words ("meer hulp") or in quotation marks
 * ("Hulp", «اللغة»), which the help and the language menu then say. STOP always stops, quoted or not.
 */
export function known(p: Planning, contact: Contact, given: Command | null): void {
  contact.channel = p.inbound.channel; // reply on the channel they last used
  // A language menu asked for by someone who has a language lapses (choices.ts): their question is still open.
  const lapsable = contact.awaiting === 'language' && contact.language !== null && !p.spoken;
  const question = currentQuestion(p, lapsable ? { ...contact, awaiting: null } : contact);
  const openQuestion = question !== undefined && takesOwnWords(question);
  const asItself = openQuestion && given !== null && given.type !== 'stop' && given.type !== 'join' && isQuoted(p.inbound.text);
  const command = asItself ? null : given;
  if (lapsable && command !== null && command.type !== 'language') contact.awaiting = null; // another command: the menu lapses
  // Where the word could have been meant as the answer, say how to send it as one.
  const wordAsAnswer = () => {
    if (openQuestion && !p.spoken) p.tell('help.wordAsAnswer', p.chain(), { word: typedWord(p.inbound.text) });
  };
  switch (command?.type) {
    case 'stop':
      contact.optedOut = true;
      contact.awaiting = null;
      markOpenRounds(p, contact, 'opted-out');
      p.tell('stop.confirmed', p.chain());
      return;
    case 'help':
      p.tell('help.text', p.chain());
      wordAsAnswer();
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
        if (command.code === null) wordAsAnswer();
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
