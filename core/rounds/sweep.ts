import { compileSurvey, type CompiledSurvey } from '../../flows/compile.js';
import { expireFlow } from '../../flows/engine.js';
import type { Invitation, Project, Round, Session } from '../model.js';
import type { Clock, InvitationAdder, RoundExpiry, RoundOpening, SessionExpiry } from '../ports.js';
import type { ParticipantStore } from '../participants/ports.js';
import type { DeliveryJob, JobQueue } from './ports.js';
import { queuedInvitation, type RoundWriter } from './launch-round.js';
import { nextCheck, type DueInvitations } from './due.js';
import { isQuiet, quietHoursOf, type QuietHours } from '../quiet-hours.js';
import type { FeedbackHold, FeedbackStore } from '../feedback/ports.js';
import { resumeFeedback } from '../feedback/send-feedback.js';

/**
 * A closed round is swept for unfinished sessions on every pass until it is marked expired (the first
 * pass that found nothing changing under it), and still until this long after its close: a message
 * received just before the close (or by a process whose cached rounds still showed it open) may commit
 * a little later. After that the round is passed by.
 */
export const EXPIRY_GRACE_MS = 10 * 60 * 1000;

/**
 * A round launched ahead has its enrolments looked at on every pass once open, until the first pass this
 * long after its opening marks it: a join message received just before the opening may commit a little
 * after the first pass (a webhook runs for seconds at most).
 */
export const OPENING_GRACE_MS = 2 * 60 * 1000;

/** Sessions read and written at once while expiring a round. */
const EXPIRY_CONCURRENCY = 25;

export interface SweepDeps {
  projects: () => Promise<Project[]>;
  rounds: RoundWriter & RoundExpiry & RoundOpening & FeedbackHold;
  participants: ParticipantStore & SessionExpiry & InvitationAdder & DueInvitations;
  queue: JobQueue;
  clock: Clock;
  /** "You said, we did" copies held by quiet hours are handed on from here; without it, they stay held. */
  feedback?: FeedbackStore | undefined;
}

export interface SweepCounts {
  invites: number;
  reminders: number;
  /** Sessions expired in this pass. */
  expired: number;
  /** "You said, we did" copies handed on after quiet hours held them (only counted when there were any). */
  feedback?: number;
}

/**
 * The scheduler's periodic pass (a timer locally, EventBridge Scheduler in the cloud). For open rounds:
 * invitations of rounds that have opened since launch (and, once, to people who joined with the code
 * meanwhile), and the one reminder to those who have not finished, counted from their last activity.
 * For closed rounds: the machines of unfinished sessions get EXPIRE, so their answers stay, counted as
 * incomplete. Deadlines live in the data, not in timers, so a restart (or a doubled run) loses nothing
 * and does nothing twice.
 *
 * Quiet hours (core/quiet-hours.ts, per project): nothing is due in them; an entry read then is moved to
 * their end (once, not once per pass), and a round's "you said, we did" held by them is handed on after.
 *
 * What a pass reads: the project listing and each project's rounds (bounded by rounds, a few thousand
 * items network-wide, never by people); the due index entries whose time has come (core/rounds/due.ts),
 * so invitations and reminders cost what is due, not what is enrolled; and, for a bounded number of
 * passes per round, the entries of a round launched ahead around its opening (late enrolments) and of a
 * round just closed (expiry, within EXPIRY_GRACE_MS) — once per round, not once per pass.
 */
export async function sweep(deps: SweepDeps): Promise<SweepCounts> {
  const now = deps.clock.now();
  const iso = now.toISOString();
  const counts: SweepCounts = { invites: 0, reminders: 0, expired: 0 };
  const rounds = new Map<string, Round>();
  const quiet = new Map<string, QuietHours>();
  for (const project of await deps.projects()) {
    quiet.set(project.projectId, quietHoursOf(project));
    for (const round of await deps.rounds.listRounds(project.projectId)) {
      rounds.set(roundKey(round.projectId, round.roundId), round);
      if (round.opensAt <= iso && iso < round.closesAt) {
        if (round.inviteAtOpening) await inviteLateEnrolments(deps, round, now);
      } else if (round.closesAt <= iso && (!round.expiredAt || now.getTime() < Date.parse(round.closesAt) + EXPIRY_GRACE_MS)) {
        counts.expired += await expireRound(deps, round, now);
      }
      // Held by quiet hours: handed on once they are over (read with the round: no extra read per pass).
      if (deps.feedback && round.feedbackHeldUntil && round.feedbackHeldUntil <= iso && !isQuiet(quietHoursOf(project), now)) {
        counts.feedback = (counts.feedback ?? 0) + (await resumeFeedback({ ...deps, feedback: deps.feedback, hold: deps.rounds }, round));
      }
    }
  }
  await inviteAndRemind(deps, rounds, quiet, now, counts);
  return counts;
}

/**
 * People who join with the code after a round was launched ahead of its opening have no invitation to
 * it: a launch (or an import) invites those enrolled at the time, and a join enters only the round open
 * then. So, once, when such a round has opened, everyone enrolled without an entry gets a queued
 * invitation, which this pass sends (in the person's language then: delivery reads it from the contact;
 * the opted out are marked, never messaged). Done here rather than in the join's commit: one enrolment
 * scan per round, nothing added to the hot path, and no join is missed because a process's cached rounds
 * did not yet show a round launched moments before. The round is marked (like `expiredAt` for expiry)
 * so later passes skip the scan; a round launched open needs none (the launch invited everyone enrolled,
 * and later joiners are in its survey at once).
 */
async function inviteLateEnrolments(deps: SweepDeps, round: Round, now: Date): Promise<void> {
  const invited = new Set<string>();
  for await (const page of deps.participants.invitations(round.projectId, round.roundId)) for (const inv of page) invited.add(inv.contactKey);
  for await (const page of deps.participants.enrolments(round.projectId)) {
    await deps.participants.addInvitations(page.filter((e) => !invited.has(e.contactKey)).map((e) => queuedInvitation(round.projectId, round.roundId, e)));
  }
  if (now.getTime() >= Date.parse(round.opensAt) + OPENING_GRACE_MS) await deps.rounds.markOpeningInvited(round.projectId, round.roundId, now.toISOString());
}

/**
 * Invitations and reminders: only the entries of the due index whose time has come. An entry read early
 * (its time was a lower bound) is moved to its exact time, or taken out when nothing will be due; one
 * that is due becomes a job, and the delivery worker's writes (claim, mark, reminder claim) move it on.
 * A job enqueued twice (a doubled pass, a restart) is sent once: the worker claims before it sends.
 */
async function inviteAndRemind(
  deps: SweepDeps,
  rounds: ReadonlyMap<string, Round>,
  quiet: ReadonlyMap<string, QuietHours>,
  now: Date,
  counts: SweepCounts,
): Promise<void> {
  for await (const page of deps.participants.dueInvitations(now.toISOString())) {
    const jobs: DeliveryJob[] = [];
    const moves: Promise<boolean>[] = [];
    for (const inv of page) {
      const round = rounds.get(roundKey(inv.projectId, inv.roundId));
      if (!round) continue; // not listed (yet): looked at again next pass
      const verdict = nextCheck(inv, round, now, quiet.get(inv.projectId) ?? null);
      if (verdict.job) jobs.push({ type: verdict.job, projectId: inv.projectId, roundId: inv.roundId, contactKey: inv.contactKey, channel: inv.channel });
      else if (verdict.next !== inv.dueAt) moves.push(deps.participants.redate(inv, verdict.next));
    }
    counts.invites += jobs.filter((j) => j.type === 'invite').length;
    counts.reminders += jobs.filter((j) => j.type === 'remind').length;
    if (jobs.length) await deps.queue.enqueue(jobs);
    await Promise.all(moves);
  }
}

const roundKey = (projectId: string, roundId: string): string => `${projectId}#${roundId}`;

/**
 * EXPIRE for every unfinished session of a closed round; the round is marked once a whole pass found
 * nothing changing under it (from then on exports count its unfinished respondents as incomplete).
 * Returns how many sessions this pass expired.
 */
async function expireRound(deps: SweepDeps, round: Round, now: Date): Promise<number> {
  const surveys = new Map<string, Promise<CompiledSurvey>>();
  const surveyOf = (s: Session): Promise<CompiledSurvey> => {
    const key = `${s.surveyId}@${s.surveyVersion}`;
    let hit = surveys.get(key);
    if (!hit) {
      hit = deps.rounds.getSurvey(s.surveyId, s.surveyVersion).then((d) => {
        if (!d) throw new Error(`survey ${key} of a session is missing`); // configuration error: let it surface
        return compileSurvey(d);
      });
      surveys.set(key, hit);
    }
    return hit;
  };
  let expired = 0;
  let raced = 0;
  const expireOne = async (inv: Invitation): Promise<void> => {
    const session = await deps.participants.getSession(inv.contactKey, round.projectId, round.roundId);
    if (!session || session.status !== 'active') return;
    const step = expireFlow(await surveyOf(session), session.flow);
    if (!step.effects.some((e) => e.type === 'expire')) return;
    const next: Session = { ...session, status: 'expired', flow: step.state };
    if (await deps.participants.saveExpired(next, session.version)) expired++;
    else raced++; // a message committed meanwhile: the next pass looks again
  };
  for await (const page of deps.participants.invitations(round.projectId, round.roundId)) {
    // A session begins with a reply (progress "started"); a completed one is finished. Declined and opted
    // out are looked at too: START may have opened their survey again.
    const candidates = page.filter((inv) => inv.progress !== 'none' && inv.progress !== 'completed');
    for (let i = 0; i < candidates.length; i += EXPIRY_CONCURRENCY) await Promise.all(candidates.slice(i, i + EXPIRY_CONCURRENCY).map(expireOne));
  }
  if (raced === 0 && !round.expiredAt) await deps.rounds.markRoundExpired(round.projectId, round.roundId, now.toISOString());
  return expired;
}
