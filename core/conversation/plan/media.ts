import { takesOwnWords } from '../../../flows/answers.js';
import type { Command } from '../../commands.js';
import type { Contact } from '../../model.js';
import { isAudio } from '../../voice/model.js';
import { known } from './commands.js';
import type { Planning } from './context.js';
import { languageMenu } from './menus.js';
import { boxFor } from './box.js';
import { answer, promptCurrent } from './survey.js';
import { currentQuestion } from './targets.js';
import { voiceJob } from './voice-jobs.js';

/**
 * Attachments. A voice note answers an open question (the survey moves on; the transcript follows);
 * anything else is acknowledged and kept only as an "unsupported" record, its file deleted at the
 * provider. With a caption, the caption is the answer. An attachment off the provider's media hosts is
 * never fetched (the credentials would go with it): kept as "unsupported", with the reason and without its URL.
 */
export function withMedia(p: Planning, contact: Contact, command: Command | null): void {
  const media = p.view.media;
  const text = p.inbound.text.trim();
  const audioIndex = media.findIndex((m) => isAudio(m.contentType) && m.allowed);
  const question = text === '' ? currentQuestion(p, contact) : undefined;
  // A voice note with no survey waiting goes in the suggestion box, where the project keeps one.
  const boxed = audioIndex >= 0 && text === '' && !question && !p.spoken && boxFor(p, contact) !== null;
  const voice = audioIndex >= 0 && ((question && takesOwnWords(question)) || boxed) ? audioIndex : -1;
  const project = contact.activeProjectId ? p.project(contact.activeProjectId) : null;
  media.forEach((_, i) => {
    if (i !== voice && project) p.draft.voiceJobs.push(voiceJob(p, i, project, contact, null, 'unsupported'));
  });
  if (text !== '') return known(p, contact, command);
  if (voice >= 0) return answer(p, contact, { voiceIndex: voice });
  p.tell(audioIndex >= 0 ? 'voice.notHere' : media.length === 0 ? 'media.unusableMessage' : 'media.unsupported', p.chain());
  if (contact.awaiting === 'language') languageMenu(p, contact);
  else promptCurrent(p, contact);
}
