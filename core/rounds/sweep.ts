import { compileSurvey, type CompiledSurvey } from '../../flows/compile.js';
import { expireFlow } from '../../flows/engine.js';
import type { Invitation, Project, Round, Session } from '../model.js';
import type { Clock, InvitationAdder, RoundExpiry, RoundOpening, SessionExpiry } from '../ports.js';
import type { ParticipantStore } from '../participants/ports.js';
import type { DeliveryJob, JobQueue } from './ports.js';
import { queuedInvitation, type RoundWriter } from './launch-round.js';

const HOUR = 3600 * 1000;

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
  rounds: RoundWriter & RoundExpiry & RoundOpening;
  participants: ParticipantStore & SessionExpiry & InvitationAdder;
  queue: JobQueue;
  clock: Clock;
}

export interface SweepCounts {
  invites: number;
  reminders: number;
  /** Sessions expired in this pass. */
  expired: number;
}

/**
 * The scheduler's periodic pass (a timer locally, EventBridge Scheduler in the cloud). For open rounds:
 * invitations of rounds that have opened since launch (and, once, to people who joined with the code
 * meanwhile), and the one reminder to those who have not finished, counted from their last activity.
 * For closed rounds: the machines of unfinished sessions get EXPIRE, so their answers stay, counted as
 * incomplete. Deadlines live in the data, not in timers, so a restart (or a doubled run) loses nothing
 * and does nothing twice.
 */
export async function sweep(deps: SweepDeps): Promise<SweepCounts> {
  const now = deps.clock.now();
  const iso = now.toISOString();
  const counts: SweepCounts = { invites: 0, reminders: 0, expired: 0 };
  for (const project of await deps.projects()) {
    for (const round of await deps.rounds.listRounds(project.projectId)) {
      if (round.opensAt <= iso && iso < round.closesAt) {
        if (round.inviteAtOpening) await inviteLateEnrolments(deps, round, now);
        await inviteAndRemind(deps, round, now, counts);
      } else if (round.closesAt <= iso && (!round.expiredAt || now.getTime() < Date.parse(round.closesAt) + EXPIRY_GRACE_MS)) {
        counts.expired += await expireRound(deps, round, now);
      }
    }
  }
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

async function inviteAndRemind(deps: SweepDeps, round: Round, now: Date, counts: SweepCounts): Promise<void> {
  const iso = now.toISOString();
  const due = round.reminderAfterHours === null ? null : new Date(now.getTime() - round.reminderAfterHours * HOUR).toISOString();
  for await (const page of deps.participants.invitations(round.projectId, round.roundId)) {
    const jobs: DeliveryJob[] = [];
    for (const inv of page) {
      const base = { projectId: round.projectId, roundId: round.roundId, contactKey: inv.contactKey, channel: inv.channel };
      // Queued, or a claim a crashed worker left behind (deliver takes over claims older than 5 min).
      // A call that went unanswered waits for its retry time.
      const waiting = inv.retryAfter !== null && inv.retryAfter !== undefined && inv.retryAfter > iso;
      if ((inv.status === 'queued' && !waiting) || inv.status === 'sending') jobs.push({ type: 'invite', ...base });
      if (due && remindable(inv, due)) jobs.push({ type: 'remind', ...base });
    }
    counts.invites += jobs.filter((j) => j.type === 'invite').length;
    counts.reminders += jobs.filter((j) => j.type === 'remind').length;
    if (jobs.length) await deps.queue.enqueue(jobs);
  }
}

/**
 * Once per invitation, to people who have not finished (never to the declined, opted out or completed),
 * when they have been quiet since `due`: since their last message in the survey, or since the
 * invitation if they never replied (or replied before it went out).
 */
function remindable(inv: Invitation, due: string): boolean {
  const unfinished = inv.progress === 'none' || inv.progress === 'started';
  if (inv.status !== 'invited' || !unfinished || inv.remindedAt !== null || inv.invitedAt === null) return false;
  const lastActivity = inv.lastActivityAt ?? null;
  const quietSince = lastActivity !== null && lastActivity > inv.invitedAt ? lastActivity : inv.invitedAt;
  return quietSince <= due;
}

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
