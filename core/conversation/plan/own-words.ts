import { ownWords, parseAnswer, splitAtCap, takesOwnWords, type Askable } from '../../../flows/answers.js';
import { currentAskable } from '../../../flows/engine.js';
import { serviceDay } from '../../day.js';
import type { Answer, AnswerRecordStatus, Contact, Session } from '../../model.js';
import { redactTranscript } from '../../privacy/redact.js';
import type { LanguageChain } from '../../texts.js';
import type { Planning } from './context.js';
import { CHANNEL_TEXT_LIMIT } from '../channel-limits.js';
import { target, type Target } from './targets.js';

/**
 * A person's own words — open answers, the parts of a burst, comments — as they are kept. Nothing a person
 * writes is cut or dropped:
 *
 * - **Whole, up to what the channel carries**: Twilio takes a message body of up to 1,600 characters (SMS,
 *   error 21617 beyond), WhatsApp up to 4,096. A message that reaches that length may have lost its end on
 *   the way, so the person is told and asked to send the rest (which then joins as a burst). A call has no
 *   such limit: its open answers are recordings (at most 180 s in a call, 5 minutes as a voice note, told
 *   when longer), whose transcripts are kept whole.
 * - **An author's cap (`maxLength`)** is the length the survey asks for, never a cut: that many characters
 *   are the answer, the rest is a comment on the same question, and the person is told it is all kept.
 * - **Redacted** before they are stored, like a transcript (core/privacy/redact.ts): comments too.
 * - **Comments**: words that cannot be an answer to the question asked are kept on it (status `comment`).
 *
 * **Bursts.** People write in bursts: one thought in two or three messages sent one after the other. The
 * rule, for a typed message in a survey (not a button tapped, and not in a call, where one turn follows another):
 *   within BURST_WINDOW_MS of the last part of an open answer (its time is stored on the session,
 *   `openAnswer.at`), and before anything else was answered in that survey,
 *   1. a message that is a valid answer to the question now being asked is that answer: a fast "2" at a
 *      choice question is an answer, and so is the skip word; at an open question any words are;
 *   2. any other message joins the open answer, on a new line, and is acknowledged as added — never "did
 *      not understand". This holds after the survey's last question too (the open answer completed it).
 * Two minutes: the parts of a burst come seconds apart (a phone splitting a long text, someone pressing
 * send mid-thought, a slow typist adding a sentence), and a valid answer to the next question is taken
 * whenever it comes (rule 1), so the window only has to tell more words from words about the next
 * question, which come after reading it. After the window such words are a comment on the question asked.
 * Each part restarts the window. The cost of rule 1: when the next question is itself open, a burst's
 * second message answers it (stored there, nothing lost), as a quick answer to it must.
 */

export const BURST_WINDOW_MS = 2 * 60 * 1000;

export { CHANNEL_TEXT_LIMIT } from '../channel-limits.js';

/** Stored ordering of comments and continued parts: a message's records take `(session version + 1) × SEQ_PER_MESSAGE + i`. */
const SEQ_PER_MESSAGE = 100;

/** Where the words of one message land: the person, their survey and session, and the language to speak. */
export interface WordsScene {
  contact: Contact;
  target: Target;
  session: Session;
  chain: LanguageChain;
}

/** The inbound text reached the channel's limit: its end may be missing (told once per message). */
export function noteChannelLimit(p: Planning, chain: LanguageChain): void {
  const limit = CHANNEL_TEXT_LIMIT[p.inbound.channel];
  if (limit !== null && p.inbound.text.trim().length >= limit) p.tellOnce('ownWords.maybeCut', chain);
}

/** The language own words are redacted in: the person's, else the survey's main one. */
const languageOf = (s: WordsScene): string => s.contact.language ?? s.target.survey.definition.languages[0] ?? 'und';

export const redactOwnWords = (s: WordsScene, text: string): string => redactTranscript(text, languageOf(s)).text;

/**
 * Redacted own words against the question's cap, `used` characters of the answer being taken already: what
 * the answer keeps, and what goes over the cap (kept as a comment, and the person told).
 */
export function capped(p: Planning, s: WordsScene, asked: Askable | undefined, redacted: string, used: number): { kept: string; over: string } {
  const cap = asked && takesOwnWords(asked) ? asked.maxLength : undefined;
  const { kept, rest } = splitAtCap(redacted, cap === undefined ? undefined : Math.max(0, cap - used));
  if (rest !== '') p.tellOnce('ownWords.longerThanAsked', s.chain);
  return { kept, over: rest };
}

/** A record of this message in the person's answers (under the respondent code, the day only). */
export function answerRecord(p: Planning, s: WordsScene, questionId: string, value: Answer['value'], status: AnswerRecordStatus): Answer {
  const { session } = s;
  return {
    projectId: session.projectId,
    roundId: session.roundId,
    respondentCode: p.respondentCode(session.projectId),
    surveyId: session.surveyId,
    surveyVersion: session.surveyVersion,
    questionId,
    value,
    status,
    language: languageOf(s),
    channel: p.inbound.channel,
    day: serviceDay(p.now),
    voice: null,
    transcript: null,
    translation: null,
  };
}

/**
 * A comment or a continued part, beside the answer to `questionId`: ordered by `seq`, unique per message
 * (from the session version this commit writes, which no other commit can write) and within it.
 */
export function keepBeside(p: Planning, s: WordsScene, questionId: string, value: string, status: 'comment' | 'continued'): void {
  if (value === '') return;
  const { projectId, roundId, version } = s.session;
  const earlier = p.draft.answers.filter((a) => a.seq !== undefined && a.projectId === projectId && a.roundId === roundId).length;
  p.draft.answers.push({ ...answerRecord(p, s, questionId, value, status), seq: (version + 1) * SEQ_PER_MESSAGE + earlier });
}

/**
 * The burst rule (see above): true when this message joined the open answer it follows. Reads the time of
 * that answer from the session and `p.now`; never a clock.
 */
export function joinBurst(p: Planning, contact: Contact): boolean {
  // A button tapped is a choice, never more words (an old question's button is no answer: asked again).
  if (p.spoken || p.inbound.buttonPayload || contact.awaiting || !contact.activeProjectId) return false;
  const words = ownWords(p.inbound.text);
  const t = words === '' ? undefined : target(p, contact.activeProjectId);
  const session = t && p.draft.session(t.project.projectId, t.round.roundId);
  const open = session?.openAnswer;
  if (!t || !session || !open || (session.status !== 'active' && session.status !== 'completed')) return false;
  const since = p.now.getTime() - Date.parse(open.at);
  if (!(since >= 0 && since <= BURST_WINDOW_MS)) return false;
  const asked = session.status === 'active' ? currentAskable(t.survey, session.flow) : undefined;
  if (asked && parseAnswer(asked, { text: p.inbound.text, buttonPayload: p.inbound.buttonPayload ?? undefined }).kind !== 'unreadable') return false;

  const scene: WordsScene = { contact, target: t, session, chain: p.chain(t.project) };
  p.tellOnce('ownWords.added', scene.chain);
  const separator = open.length > 0 ? '\n' : ''; // a voice answer has no typed words to follow
  // The new line counts against the cap; the part is stored without it (joinParts puts it back).
  const { kept, over } = capped(p, scene, t.survey.askables.get(open.questionId), `${separator}${redactOwnWords(scene, words)}`, open.length);
  keepBeside(p, scene, open.questionId, kept.startsWith(separator) ? kept.slice(separator.length) : kept, 'continued');
  keepBeside(p, scene, open.questionId, kept === '' && over.startsWith(separator) ? over.slice(separator.length) : over, 'comment');
  const joined: Session = { ...session, openAnswer: { ...open, at: p.now.toISOString(), length: open.length + Array.from(kept).length } };
  p.draft.putSession(joined);
  p.track(contact, joined, null);
  noteChannelLimit(p, scene.chain);
  return true;
}
