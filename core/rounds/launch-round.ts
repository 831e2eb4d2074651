import type { Enrolment, Invitation, Project, Round } from '../model.js';
import { FieldError } from '../errors.js';
import type { Clock } from '../ports.js';
import type { ParticipantStore } from '../participants/ports.js';
import type { DeliveryJob, JobQueue } from './ports.js';
import { checkLanguages, type LanguageGap } from './language-gaps.js';
import { isQuiet, nextAllowed, quietHoursOf } from '../quiet-hours.js';

/** What staff choose; `inviteAtOpening` the launch decides. */
export type LaunchInput = Omit<Round, 'projectId' | 'roundId' | 'inviteAtOpening'>;

export interface RoundWriter {
  listRounds(projectId: string): Promise<Round[]>;
  /** Saves the round and freezes the survey version it uses; `create` fails if the round exists. */
  putRound(round: Round, opts?: { create?: boolean }): Promise<void>;
}

export class RoundConflictError extends FieldError {
  readonly code = 'ROUND_CONFLICT';
}

const slug = (label: string): string =>
  label
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 30) || 'round';

/** A person's invitation to a round, waiting to be sent. */
export const queuedInvitation = (projectId: string, roundId: string, e: Enrolment): Invitation => ({
  projectId,
  roundId,
  contactKey: e.contactKey,
  language: e.language,
  channel: e.channel,
  status: 'queued',
  failure: null,
  invitedAt: null,
  remindedAt: null,
  progress: 'none',
});

/** The languages a launch checks: the survey's, and those of the project staff accepted it lacks (language-gaps.ts). */
export interface LanguageCheck {
  surveyLanguages: readonly string[];
  acceptMissingLanguages?: readonly string[] | undefined;
}

export interface Launched {
  round: Round;
  invitations: number;
  /** Project languages the survey lacks (accepted), and what those participants get instead. */
  languageGaps: LanguageGap[];
  /** Opened in quiet hours: the invitations go out from this time (null: being sent now, or at the opening). */
  quietUntil: string | null;
}

/**
 * Launch a round: check its languages (a project language the survey lacks is refused unless staff
 * accepted it: MissingLanguagesError), save it (which freezes the survey version), write a queued
 * invitation for everyone enrolled, and hand the invitations to the queue if the round is open already
 * and it is not quiet hours (else the scheduler's sweep sends them when it opens, or when quiet hours
 * end). The queue paces each channel.
 */
export async function launchRound(
  deps: { rounds: RoundWriter; participants: ParticipantStore; queue: JobQueue; clock: Clock },
  project: Project,
  input: LaunchInput,
  languages?: LanguageCheck,
): Promise<Launched> {
  const now = deps.clock.now();
  if (input.closesAt <= input.opensAt) throw new RoundConflictError('closesAt', 'the round must close after it opens');
  if (input.closesAt <= now.toISOString()) throw new RoundConflictError('closesAt', 'the round would be closed already');
  const languageGaps = languages ? checkLanguages(project, languages.surveyLanguages, languages.acceptMissingLanguages) : [];
  const existing = await deps.rounds.listRounds(project.projectId);
  const roundId = `${slug(input.label)}-${input.opensAt.slice(0, 10)}`;
  if (existing.some((r) => r.roundId === roundId)) throw new RoundConflictError('label', `a round "${input.label}" opening that day exists already`);
  // Rounds already closed do not count: closing one and launching the next "now" must work.
  const overlapping = existing.find((r) => r.closesAt > now.toISOString() && r.opensAt < input.closesAt && input.opensAt < r.closesAt);
  if (overlapping) throw new RoundConflictError('opensAt', `round "${overlapping.label}" is open at that time; close it first or choose other dates`);

  const open = input.opensAt <= now.toISOString();
  // Ahead of its opening: those who join with the code meanwhile are invited when it opens (rounds/sweep.ts).
  const round: Round = { projectId: project.projectId, roundId, ...input, ...(open ? {} : { inviteAtOpening: true }) };
  try {
    await deps.rounds.putRound(round, { create: true });
  } catch (error) {
    const reasons =
      error instanceof Error && 'CancellationReasons' in error && Array.isArray(error.CancellationReasons)
        ? (error.CancellationReasons as Array<{ Code?: string }>)
        : [];
    if (reasons[0]?.Code === 'ConditionalCheckFailed') throw new RoundConflictError('label', `a round "${input.label}" opening that day exists already`);
    throw error;
  }

  // In quiet hours nothing is handed to the queue: the invitations are due in the sweep's index at once,
  // and its next pass moves them to the end of the quiet hours (rounds/due.ts), then sends them.
  const quiet = quietHoursOf(project);
  const quietUntil = open && isQuiet(quiet, now) ? nextAllowed(quiet, now).toISOString() : null;
  let count = 0;
  for await (const page of deps.participants.enrolments(project.projectId)) {
    const invitations = page.map((e) => queuedInvitation(project.projectId, roundId, e));
    await deps.participants.putInvitations(invitations);
    if (open && !quietUntil)
      await deps.queue.enqueue(
        invitations.map((i): DeliveryJob => ({ type: 'invite', projectId: i.projectId, roundId, contactKey: i.contactKey, channel: i.channel })),
      );
    count += invitations.length;
  }
  return { round, invitations: count, languageGaps, quietUntil };
}

/** Close a round now: late replies are told politely that it is closed. */
export async function closeRound(deps: { rounds: RoundWriter; clock: Clock }, round: Round): Promise<Round> {
  const now = deps.clock.now().toISOString();
  if (round.closesAt <= now) return round;
  const closed = { ...round, closesAt: now < round.opensAt ? round.opensAt : now };
  await deps.rounds.putRound(closed);
  return closed;
}

/**
 * People enrolled after a round was launched (a project planned at creation gets its participants
 * afterwards): a queued invitation to each round not closed yet. Sent at once where the round is open,
 * by the scheduler's sweep when it opens. Those invited already are left as they are.
 */
export async function inviteNewEnrolments(
  deps: { rounds: RoundWriter; participants: ParticipantStore; queue: JobQueue; clock: Clock },
  project: Project,
): Promise<number> {
  const now = deps.clock.now().toISOString();
  let count = 0;
  for (const round of await deps.rounds.listRounds(project.projectId)) {
    if (round.closesAt <= now) continue;
    const invited = new Set<string>();
    for await (const page of deps.participants.invitations(project.projectId, round.roundId)) for (const i of page) invited.add(i.contactKey);
    for await (const page of deps.participants.enrolments(project.projectId)) {
      const invitations = page.filter((e) => !invited.has(e.contactKey)).map((e) => queuedInvitation(project.projectId, round.roundId, e));
      await deps.participants.putInvitations(invitations);
      // In quiet hours the sweep sends them once they end (rounds/due.ts).
      if (round.opensAt <= now && !isQuiet(quietHoursOf(project), deps.clock.now()))
        await deps.queue.enqueue(
          invitations.map((i): DeliveryJob => ({ type: 'invite', projectId: i.projectId, roundId: i.roundId, contactKey: i.contactKey, channel: i.channel })),
        );
      count += invitations.length;
    }
  }
  return count;
}
