import { takesOwnWords } from '../../../../flows/answers.js';
import { serviceDay } from '../../../day.js';
import { redactTranscript } from '../../../privacy/redact.js';
import { voiceJob } from '../voice-jobs.js';
import type { EffectHandler } from './scene.js';

/**
 * An answer, stored under the respondent code. A voice note's answer waits for its transcript (a voice
 * job); words typed into an open answer are redacted like a transcript before they are stored.
 */
export const handleRecordAnswer: EffectHandler<'record-answer'> = (p, { contact, target, session, chain, voiceIndex }, effect) => {
  const respondentCode = p.respondentCode(session.projectId);
  if (effect.voice && voiceIndex !== undefined) {
    const answer = { projectId: session.projectId, roundId: session.roundId, respondentCode, questionId: effect.questionId };
    p.draft.voiceJobs.push(voiceJob(p, voiceIndex, target.project, contact, answer, 'queued'));
    p.tell('voice.received', chain);
  }
  const language = contact.language ?? target.survey.definition.languages[0] ?? 'und';
  const asked = target.survey.askables.get(effect.questionId);
  p.draft.answers.push({
    projectId: session.projectId,
    roundId: session.roundId,
    respondentCode,
    surveyId: session.surveyId,
    surveyVersion: session.surveyVersion,
    questionId: effect.questionId,
    // Typed in their own words, like a transcript: a number, an address or a name in it is redacted
    // before it is stored (people write "call me on 0470…" into an open answer).
    value: typeof effect.value === 'string' && asked && takesOwnWords(asked) ? redactTranscript(effect.value, language).text : effect.value,
    status: effect.status,
    language,
    channel: p.inbound.channel,
    day: serviceDay(p.now),
    voice: effect.voice ? 'received' : null,
    transcript: null,
    translation: null,
  });
  // "Yes" to hearing back goes on the round entry (under the contact), where it can be acted on.
  if (asked?.kind === 'consent' && asked.hearBack === true && effect.status === 'answered' && effect.value === 'yes')
    p.track(contact, session, null, { hearBack: true });
};
