import type { Channel, Enrolment, Invitation, ReachedBy } from '../model.js';
import type { MessageDelivery, ReportOutcome } from '../rounds/delivery-state.js';

/**
 * Reads CSV text into rows of fields (quotes, doubled quotes, CRLF or LF, a BOM, "," or ";"); rows with
 * nothing but blanks are dropped. What the columns mean is the import's to decide.
 */
export type CsvReader = (text: string) => string[][];

/** One validated import row, ready to store: the number already sealed and hashed. */
export interface ImportRow {
  projectId: string;
  contactKey: string;
  phoneSealed: string;
  language: string;
  channel: Channel;
  day: string;
}

export interface ParticipantStore {
  enrol(row: ImportRow): Promise<'enrolled' | 'already-enrolled'>;
  enrolments(projectId: string): AsyncIterable<Enrolment[]>;
  invitations(projectId: string, roundId: string): AsyncIterable<Invitation[]>;
  getInvitation(projectId: string, roundId: string, contactKey: string): Promise<Invitation | null>;
  putInvitations(invitations: readonly Invitation[]): Promise<void>;
  markInvitation(
    projectId: string,
    roundId: string,
    contactKey: string,
    change: {
      status: Invitation['status'];
      failure?: string | null;
      invitedAt?: string;
      progress?: Invitation['progress'];
      callAttempts?: number;
      retryAfter?: string | null;
      reachedBy?: ReachedBy;
    },
  ): Promise<void>;
  /** queued → sending, for exactly one caller; a claim older than a few minutes (a crash) may be taken over. */
  claimInvitation(projectId: string, roundId: string, contactKey: string, now: string): Promise<boolean>;
  /** Undo a reminder claim after a temporary failure, so the retry can send it. */
  releaseReminder(projectId: string, roundId: string, contactKey: string): Promise<void>;
  claimReminder(projectId: string, roundId: string, contactKey: string, at: string): Promise<boolean>;
  setActiveProject(contactKey: string, projectId: string): Promise<void>;
  /** Record a provider's report on the invitation's (or reminder's) message, only if it is later than the one recorded. */
  recordDelivery(projectId: string, roundId: string, contactKey: string, message: 'invite' | 'remind', delivery: MessageDelivery): Promise<ReportOutcome>;
}
