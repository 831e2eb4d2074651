import type { SurveyDefinition } from '../flows/definition.js';
import type { Answer, Channel, Completion, Contact, Enrolment, Invitation, Project, Round, RoundProgress, Session } from './model.js';
import type { VoiceJob } from './voice/model.js';

/** Ports: what core needs from the outside world. Adapters implement them; composition roots pick them. */

export interface Clock {
  now(): Date;
}

/** Waiting, as a port: core reads no clock and sets no timer (adapters/time/pause.ts waits for real). */
export type Pause = (milliseconds: number) => Promise<void>;

/** Keyed hashing and sealing of personal identifiers. Keys come from KMS in the cloud, `.data/` locally. */
export interface Protector {
  /** HMAC of the E.164 number: how a contact is found without storing the number in clear. */
  contactKey(phoneE164: string): string;
  /** Per-project pseudonym: stable within a project, unlinkable across projects without the key. */
  respondentCode(projectId: string, phoneE164: string): string;
  /**
   * The code a respondent has in results: keyed by `scope` (a round, or the project when it compares the
   * same people across rounds), so codes of two rounds cannot be joined unless the project chose that.
   */
  exportCode(scope: string, respondentCode: string): string;
  /** Keyed hash of a provider id (MessageSid): the ledger can dedupe without holding the id. */
  ledgerKey(providerId: string): string;
  seal(plain: string): string;
  open(sealed: string): string;
}

export type LedgerClaim =
  | { status: 'new' }
  /** Seen before but not finished (a retry while the first is in flight, or after a crash): process again. */
  | { status: 'pending' }
  /** Applied before. `sealedReplies` null: applied long ago (a replay), the reply is no longer kept: answer nothing. */
  | { status: 'done'; sealedReplies: string | null };

/**
 * The inbound ledger entry. While the message is not yet applied it holds the message itself, sealed,
 * so that a message we failed to apply (and the provider did not retry) can still be replayed; on
 * commit that is removed and only the sealed reply stays, for duplicates, until the entry expires (a
 * day). The id stays refused much longer: the commit leaves the keyed hash alone (`Commit.appliedUntil`).
 */
export interface InboundRecord {
  ledgerKey: string;
  /** `seal(JSON of the Inbound)`: the phone number and text never lie in the table in clear. */
  sealedMessage: string;
  receivedAt: string;
  expiresAt: number;
}

export interface ParticipantState {
  contact: Contact | null;
  sessions: Session[];
}

/** Everything one inbound message changes, written in one transaction. */
export interface Commit {
  ledgerKey: string;
  /**
   * Until when (epoch seconds) the applied id is remembered, as the keyed hash alone: a replay of the same
   * provider id before then is refused, after the ledger entry with its reply has expired.
   */
  appliedUntil: number;
  /** The replies, sealed: they can tell an answer ("What is not clear?" follows "not true"). */
  sealedReplies: string;
  contact: { next: Contact; expectedVersion: number | null } | null;
  sessions: Array<{ next: Session; expectedVersion: number | null }>;
  answers: Answer[];
  /** Among the answers: respondents whose session completed in this commit. */
  completions: Completion[];
  /**
   * How far this person got in a round, when they last wrote in it, whether they want to hear back; at
   * most one per round entry (a transaction touches an item once). Creates the entry for self-joiners.
   */
  progress: ProgressUpdate[];
  /** Projects joined with a code: listed with the imported participants, invited to later rounds. */
  enrolments: Enrolment[];
  /** Voice notes (and unsupported attachments) to fetch, store, transcribe, delete. */
  voiceJobs: VoiceJob[];
}

export interface ProgressUpdate {
  projectId: string;
  roundId: string;
  contactKey: string;
  /** null: unchanged (only activity or hear-back to note). */
  progress: RoundProgress | null;
  language: string | null;
  channel: Channel;
  /** They wrote in this round's survey at this time: the reminder counts from their last activity. */
  lastActivityAt?: string | undefined;
  /** They said yes to hearing back what was done with the answers (never unset by a later message). */
  hearBack?: true | undefined;
  /**
   * A survey started again after a "no" (core/conversation/plan/enrolment.ts `reopenDeclined`): a reminder
   * may be due once more where the sweep had taken the entry out of the due index, so it goes back in. Only
   * then: a first start needs no entry (an invitation has had one since launch; a self-joiner is never
   * reminded), so self-joiners never cost the sweep a read.
   */
  dueAgain?: true | undefined;
  /**
   * In a call they chose to be called back at this time (core/conversation/plan/call-later.ts): the
   * invitation goes back to the queue, by phone, not before then, and is due in the sweep's index then.
   */
  callBackAt?: string | undefined;
}

/** A conflict is either a stale read (another message changed the person's items) or a transaction in flight on them. */
export type CommitResult =
  | { status: 'committed' }
  | { status: 'conflict'; cause: 'stale' | 'in-flight' }
  | { status: 'already-done'; sealedReplies: string | null };

export interface ConversationStore {
  /** Durably record an inbound message before anything else happens. */
  claimInbound(record: InboundRecord): Promise<LedgerClaim>;
  loadParticipant(contactKey: string): Promise<ParticipantState>;
  commit(commit: Commit): Promise<CommitResult>;
}

/**
 * The scheduler's side of sessions: at the close of a round its unfinished sessions are expired. The
 * write is conditional on the version read, so it never overwrites a message committed meanwhile.
 */
export interface SessionExpiry {
  getSession(contactKey: string, projectId: string, roundId: string): Promise<Session | null>;
  /** Save `next` (version + 1) if the stored session is still at `expectedVersion`; false if it changed. */
  saveExpired(next: Session, expectedVersion: number): Promise<boolean>;
}

/** Rounds whose sessions have all been expired are marked, so later sweeps pass them by. */
export interface RoundExpiry {
  markRoundExpired(projectId: string, roundId: string, at: string): Promise<void>;
  getSurvey(surveyId: string, version: number): Promise<SurveyDefinition | null>;
}

/** A survey version as stored: whose it is, and whether a round uses it (then it never changes). */
export interface SurveyRecord {
  definition: SurveyDefinition;
  organisationId: string;
  frozen: boolean;
}

/** The built-in survey templates staff can start from (JSON files read once per process). */
export interface SurveyTemplates {
  all(): Promise<readonly SurveyDefinition[]>;
  find(id: string): Promise<SurveyDefinition | undefined>;
}

/**
 * What staff manage through the API: projects, rounds and survey versions. Refusals are core's values
 * (core/directory-errors.ts); the survey's owner defaults to the templates' (core/access/authorize.ts).
 */
export interface StaffDirectory extends Directory {
  listProjects(organisationId?: string): Promise<Project[]>;
  putProject(project: Project): Promise<void>;
  putRound(round: Round, opts?: { create?: boolean }): Promise<void>;
  getSurveyRecord(surveyId: string, version: number): Promise<SurveyRecord | null>;
  listSurveys(organisationId?: string): Promise<Array<{ surveyId: string; version: number }>>;
  /**
   * `create`: only if the version does not exist yet (a new survey, a new draft, a copy), else
   * SurveyVersionExistsError — two people making "the next version" at once never overwrite each other.
   */
  saveSurvey(definition: SurveyDefinition, organisationId?: string, opts?: { create?: boolean }): Promise<void>;
}

/** A round launched ahead whose enrolled people have all been given an invitation once it opened: later sweeps do not look again. */
export interface RoundOpening {
  markOpeningInvited(projectId: string, roundId: string, at: string): Promise<void>;
}

/**
 * Queued invitations written only where the person has no entry in the round yet: an entry written
 * meanwhile (a self-joiner who began the survey) is never overwritten. Returns how many were written.
 */
export interface InvitationAdder {
  addInvitations(invitations: readonly Invitation[]): Promise<number>;
}

/** Read-mostly configuration; cached by the caller. */
export interface Directory {
  getProject(projectId: string): Promise<Project | null>;
  findProjectIdByJoinCode(code: string): Promise<string | null>;
  findProjectIdByCallNumber(number: string): Promise<string | null>;
  listRounds(projectId: string): Promise<Round[]>;
  getSurvey(surveyId: string, version: number): Promise<SurveyDefinition | null>;
}

/**
 * Messages and calls to numbers that are neither a service number nor a project's own (core/conversation/
 * our-numbers.ts), counted per day and channel: how often it happens is worth knowing, who sent what is not.
 */
export interface ForeignNumberCounter {
  countForeign(channel: Channel, day: string, now: Date): Promise<void>;
  foreignCount(channel: Channel, day: string): Promise<number>;
}

/** Log lines carry events and counts, never personal data: fields are typed to keep free text out. */
export interface Logger {
  info(event: string, fields?: Record<string, string | number | boolean>): void;
  warn(event: string, fields?: Record<string, string | number | boolean>): void;
  error(event: string, fields?: Record<string, string | number | boolean>): void;
}
