import type { Project } from '../model.js';
import type { Clock } from '../ports.js';
import type { ParticipantStore } from '../participants/ports.js';
import type { DeliveryJob, JobQueue } from './ports.js';
import type { RoundWriter } from './launch-round.js';

const HOUR = 3600 * 1000;

/**
 * The scheduler's periodic pass (a timer locally, EventBridge Scheduler in the cloud): invitations of
 * rounds that have opened since launch, and the one reminder to those invited who have not finished.
 * Deadlines live in the data, not in timers, so a restart loses nothing.
 */
export async function sweep(
  deps: { projects: () => Promise<Project[]>; rounds: RoundWriter; participants: ParticipantStore; queue: JobQueue; clock: Clock },
): Promise<{ invites: number; reminders: number }> {
  const now = deps.clock.now();
  const iso = now.toISOString();
  let invites = 0;
  let reminders = 0;
  for (const project of await deps.projects()) {
    for (const round of await deps.rounds.listRounds(project.projectId)) {
      if (!(round.opensAt <= iso && iso < round.closesAt)) continue;
      const due = round.reminderAfterHours === null ? null : new Date(now.getTime() - round.reminderAfterHours * HOUR).toISOString();
      for await (const page of deps.participants.invitations(project.projectId, round.roundId)) {
        const jobs: DeliveryJob[] = [];
        for (const inv of page) {
          const base = { projectId: project.projectId, roundId: round.roundId, contactKey: inv.contactKey, channel: inv.channel };
          // Queued, or a claim a crashed worker left behind (deliver takes over claims older than 5 min).
          // A call that went unanswered waits for its retry time.
          const waiting = inv.retryAfter !== null && inv.retryAfter !== undefined && inv.retryAfter > iso;
          if ((inv.status === 'queued' && !waiting) || inv.status === 'sending') jobs.push({ type: 'invite', ...base });
          const unfinished = inv.progress === 'none' || inv.progress === 'started';
          if (due && inv.status === 'invited' && unfinished && inv.remindedAt === null && inv.invitedAt !== null && inv.invitedAt <= due) {
            jobs.push({ type: 'remind', ...base });
          }
        }
        invites += jobs.filter((j) => j.type === 'invite').length;
        reminders += jobs.filter((j) => j.type === 'remind').length;
        if (jobs.length) await deps.queue.enqueue(jobs);
      }
    }
  }
  return { invites, reminders };
}
