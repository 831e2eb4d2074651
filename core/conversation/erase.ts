import { normalizeText } from '../../flows/normalize.js';
import { isWord } from '../../flows/vocabulary.js';

/**
 * DELETE: a participant erases everything they answered in a project, in every round. The conversation
 * asks first ("reply YES to erase, NO to keep"); a YES makes an `ErasureRequest`, which the eraser carries
 * out before the message's commit (the reply "erased" is only committed once it is true, and a failure
 * in between is retried with the webhook: every step of the erasure can be done twice).
 *
 * The records are found through the respondent code, derived from the number with the protector's key
 * as every answer's code is — never by looking for the number itself. What goes:
 * - in each round's answer partition, every item whose sort key starts with `<respondentCode>#`: the
 *   answers (with their transcripts), the completion marker, the release marker, whatever is added there;
 * - the person's sessions of the project (last: while one is left, DELETE still finds something to erase);
 * - voice notes and recordings still in the pipeline: our copy of the audio is deleted, and a copy still at
 *   the provider is left to the voice worker to delete there, with nothing tying it to the person.
 * What stays, and why: the contact (their number, sealed) and their enrolment, so that the person is
 * still invited to later rounds unless they also send STOP (DELETE withdraws answers, not the person);
 * the round entries (invitations), for the delivery system — whether an invitation or reminder went out,
 * so nothing is sent twice — stripped of progress, activity and the wish to hear back, which tell what
 * the person did. Released aggregates are frozen; the next release no longer counts the erased answers.
 */
export interface ErasureRequest {
  /** Every round of the project counts (past, open, planned): the eraser reads them where they are kept. */
  projectId: string;
  respondentCode: string;
  contactKey: string;
  /** When it was confirmed (ISO): a reminder that was still to come is not sent any more. */
  at: string;
}

export interface ErasureCounts {
  /** Items of the answer partitions: answers, completion and release markers. */
  answerRecords: number;
  sessions: number;
  /** Voice jobs of the person's answers that were still under way. */
  voiceJobs: number;
  invitations: number;
}

export interface RespondentEraser {
  erase(request: ErasureRequest): Promise<ErasureCounts>;
}

/** How long a DELETE waits for its YES or NO. */
export const ERASE_CONFIRM_MS = 60 * 60 * 1000;

/**
 * "Yes" words that are too casual to erase everything on: a reflexive "ok", "👍" or "uh-huh" must not do
 * it. The answer has to be a yes written out (or DELETE again, or key 1 in a call).
 */
const CASUAL = new Set(['ok', 'okay', 'oke', 'oké', 'goed', 'j', 'y', 'dac', 'ouais', 'باشه', 'ሕራይ', 'ага', 'tamam', 'olur'].map(normalizeText));

/** What a message answers to "erase everything? YES / NO": erase, keep, or neither (then the question lapses). */
export function eraseAnswer(text: string, spoken: boolean): 'erase' | 'keep' | null {
  const n = normalizeText(text)
    .replace(/[!.,;:¡¿…]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (spoken && n === '1') return 'erase';
  if (spoken && n === '2') return 'keep';
  if (isWord('delete', n)) return 'erase';
  // A yes in letters (an emoji thumbs-up normalizes to "yes" too: not enough here).
  if (isWord('yes', n) && /\p{L}/u.test(text) && !CASUAL.has(n)) return 'erase';
  if (isWord('no', n)) return 'keep';
  return null;
}
