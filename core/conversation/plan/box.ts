import { ownWords } from '../../../flows/answers.js';
import { serviceDay } from '../../day.js';
import type { Answer, Contact, Project } from '../../model.js';
import { redactTranscript } from '../../privacy/redact.js';
import { BOX_QUESTION_ID, BOX_ROUND_ID, boxRespondentCode, boxSurvey } from '../../suggestions/box.js';
import { isSmallTalk } from '../small-talk.js';
import type { Planning } from './context.js';
import { noteChannelLimit } from './own-words.js';
import { candidates } from './targets.js';
import { voiceJob } from './voice-jobs.js';

/**
 * The suggestion box (core/suggestions/box.ts), as a message meets it: the project whose box takes what
 * this person writes now — none while a survey waits for them, a menu is pending or their language is not
 * known; else the project they last answered, or the first of theirs, that keeps one.
 */
export function boxFor(p: Planning, contact: Contact): Project | null {
  if (!contact.language || contact.awaiting || candidates(p, contact).length > 0) return null;
  const order = [contact.activeProjectId, ...contact.projects].filter((id): id is string => id !== null && contact.projects.includes(id));
  for (const id of order) {
    const project = p.project(id);
    if (project?.suggestionBox) return project;
  }
  return null;
}

/**
 * Keep the message in the box: its words redacted like any open answer (or a voice note, transcribed and
 * redacted by the voice pipeline), under a code of its own (never the person's), the day only, with the
 * completion marker that lets a release take it. A greeting, a thank-you or an "ok" is no suggestion: it is not kept, and
 * the person hears that the door is open. True when the message was handled.
 */
export function intoBox(p: Planning, contact: Contact, project: Project, voiceIndex?: number): boolean {
  const chain = p.chain(project);
  const words = ownWords(p.inbound.text);
  if (voiceIndex === undefined && (words === '' || isSmallTalk(words))) {
    p.tell('box.open', chain);
    return true;
  }
  const language = contact.language ?? project.languages[0] ?? 'und';
  const survey = boxSurvey().definition;
  const respondentCode = boxRespondentCode(p.view.messageKey);
  const record: Answer = {
    projectId: project.projectId,
    roundId: BOX_ROUND_ID,
    respondentCode,
    surveyId: survey.id,
    surveyVersion: survey.version,
    questionId: BOX_QUESTION_ID,
    value: voiceIndex === undefined ? redactTranscript(words, language).text : null,
    status: 'answered',
    language,
    channel: p.inbound.channel,
    day: serviceDay(p.now),
    voice: voiceIndex === undefined ? null : 'received',
    transcript: null,
    translation: null,
  };
  p.draft.answers.push(record);
  p.draft.completions.push({ projectId: project.projectId, roundId: BOX_ROUND_ID, respondentCode });
  if (voiceIndex !== undefined) {
    const answer = { projectId: project.projectId, roundId: BOX_ROUND_ID, respondentCode, questionId: BOX_QUESTION_ID };
    p.draft.voiceJobs.push(voiceJob(p, voiceIndex, project, contact, answer, 'queued'));
  }
  p.tell('box.thanks', chain);
  noteChannelLimit(p, chain);
  return true;
}
