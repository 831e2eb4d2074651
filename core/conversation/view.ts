import type { CompiledSurvey } from '../../flows/compile.js';
import type { Project, Round } from '../model.js';
import type { ParticipantState } from '../ports.js';
import type { Texts } from '../texts.js';
import type { JoinLookup } from './join-limit.js';

/**
 * Everything the planner may read to decide one inbound message, loaded before it runs (load-view.ts):
 * the participant's state and the configuration around it, and the values that take a key or a port to
 * make (respondent codes, sealed values, job ids, the join limiter's verdict). The planner itself then
 * does no I/O: `plan(view, inbound, now)` is a function of these values.
 */
export interface ConversationView {
  contactKey: string;
  /** The contact and its sessions as read for this attempt (a retry after a conflict reads them again). */
  state: ParticipantState;
  /** Every project this message can touch: the contact's, the one a join code or a called number names. */
  projects: ReadonlyMap<string, ProjectView>;
  /** The respondent code of this number in each of those projects (answers are stored under it). */
  respondentCodes: ReadonlyMap<string, string>;
  /** The join code this message carries, looked up (through the limiter) once per inbound message. */
  joinCodes: ReadonlyMap<string, JoinLookup>;
  /** The attachments, without their URLs. */
  media: readonly MediaView[];
  /** A keyed hash of the provider's message id: names what this message writes so that a replay writes the same (a suggestion box record). */
  messageKey: string;
  /** The sealed number, for a contact this message creates; null when the contact exists. */
  phoneSealed: string | null;
  /** Where a refused voice note is explained later (sealed channel and number); null in a call or without media. */
  sealedReplyTo: string | null;
  texts: Texts;
}

/** One project at the message's time. */
export interface ProjectView {
  /** null: a project id the contact still holds, of a project that is gone. */
  project: Project | null;
  /** The round open at the message's time (the most recently opened if several overlap). */
  round: Round | undefined;
  /** The open round's survey, compiled; null when the round names a version that does not exist. */
  survey: CompiledSurvey | null;
  /** In a call: the project's languages without a voice whose prompts are all recorded for that survey. */
  recorded: readonly string[];
}

/** An attachment as the planner sees it: what it is and what was derived from its URL, never the URL. */
export interface MediaView {
  contentType: string;
  /** On the provider's media host (media-urls.ts): may be fetched with the account's credentials. */
  allowed: boolean;
  /** Its voice job's id, derived from the provider's message id: a retried webhook makes no second job. */
  jobId: string;
  /** The URL, sealed; null when it may not be fetched. */
  sealedUrl: string | null;
}
