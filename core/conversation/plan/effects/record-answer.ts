import { takesOwnWords } from '../../../../flows/answers.js';
import { answerRecord, capped, keepBeside, noteChannelLimit, redactOwnWords } from '../own-words.js';
import { voiceJob } from '../voice-jobs.js';
import type { EffectHandler } from './scene.js';

/**
 * An answer, stored under the respondent code. A voice note's answer waits for its transcript (a voice
 * job); words typed into an open answer are redacted like a transcript before they are stored, kept whole
 * (an author's cap keeps the rest as a comment), and open the window in which a burst joins them
 * (plan/own-words.ts). Any other answer closes that window.
 */
export const handleRecordAnswer: EffectHandler<'record-answer'> = (p, scene, effect) => {
  const { contact, target, session, chain, voiceIndex } = scene;
  if (effect.voice && voiceIndex !== undefined) {
    const answer = {
      projectId: session.projectId,
      roundId: session.roundId,
      respondentCode: p.respondentCode(session.projectId),
      questionId: effect.questionId,
    };
    p.draft.voiceJobs.push(voiceJob(p, voiceIndex, target.project, contact, answer, 'queued'));
    p.tell('voice.received', chain);
  }
  const asked = target.survey.askables.get(effect.questionId);
  const ownWords = asked !== undefined && takesOwnWords(asked) && effect.status === 'answered';
  let value = effect.value;
  let length = 0;
  if (ownWords && typeof effect.value === 'string') {
    // Typed in their own words, like a transcript: a number, an address or a name in it is redacted
    // before it is stored (people write "call me on 0470…" into an open answer).
    const { kept, over } = capped(p, scene, asked, redactOwnWords(scene, effect.value), 0);
    value = kept;
    length = Array.from(kept).length;
    keepBeside(p, scene, effect.questionId, over, 'comment');
    noteChannelLimit(p, chain);
  }
  p.draft.answers.push({ ...answerRecord(p, scene, effect.questionId, value, effect.status), voice: effect.voice ? 'received' : null });
  // Messages sent right after an open answer may still join it; once anything else is answered, none does.
  session.openAnswer = ownWords && !p.spoken ? { questionId: effect.questionId, at: p.now.toISOString(), length } : null;
  // "Yes" to hearing back goes on the round entry (under the contact), where it can be acted on.
  if (asked?.kind === 'consent' && asked.hearBack === true && effect.status === 'answered' && effect.value === 'yes')
    p.track(contact, session, null, { hearBack: true });
};
