import type { Contact, Project } from '../../model.js';
import type { VoiceJob } from '../../voice/model.js';
import type { Planning } from './context.js';

/** Why an attachment was kept as "unsupported" without its URL: shown with the record, never fetched. */
export const MEDIA_HOST_REFUSED = "the file is not on the provider's media host: not fetched";

/**
 * The job for attachment `index`: a voice note that answers a question (`queued`, with its answer), or
 * anything else, kept as `unsupported` so the file is deleted at the provider. Its id, the sealed URL
 * and the sealed reply address come made in the view.
 */
export function voiceJob(
  p: Planning,
  index: number,
  project: Project,
  contact: Contact,
  answer: VoiceJob['answer'],
  status: 'queued' | 'unsupported',
): VoiceJob {
  const media = p.view.media[index];
  if (!media) throw new Error('no such attachment');
  const call = p.inbound.channel === 'voice';
  return {
    jobId: media.jobId,
    answer,
    organisationId: project.organisationId,
    language: contact.language,
    projectLanguages: project.languages,
    contentType: media.contentType,
    sealedMediaUrl: media.sealedUrl,
    // A refused note is explained later by message; phone calls answer on the line instead.
    sealedReplyTo: status === 'queued' && !call ? p.view.sealedReplyTo : null,
    claim: null,
    origin: call ? 'call' : 'message',
    stored: false,
    status,
    transcriber: null,
    providerJobName: null,
    attempts: 0,
    failure: media.allowed ? null : MEDIA_HOST_REFUSED,
    createdAt: p.now.toISOString(),
  };
}
