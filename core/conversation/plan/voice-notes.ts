import type { Contact } from '../../model.js';
import type { Planning } from './context.js';
import { promptCurrent } from './survey.js';

/**
 * VOICE or TEXT (in any language): from now on this person's WhatsApp questions come with their voice
 * notes, or written only, whatever the project chose. Kept on the contact, so it holds for every project
 * and round; the question waiting is asked again the new way. Over SMS it is kept too (for when they write
 * on WhatsApp) and they are told that only WhatsApp carries voice notes.
 */
export function chooseVoiceNotes(p: Planning, contact: Contact, choice: 'voice' | 'text'): void {
  contact.voiceNotes = choice;
  if (p.inbound.channel !== 'whatsapp' && choice === 'voice') p.tell('voiceNote.onlyWhatsapp', p.chain());
  else p.tell(choice === 'voice' ? 'voiceNote.on' : 'voiceNote.off', p.chain());
  promptCurrent(p, contact);
}
