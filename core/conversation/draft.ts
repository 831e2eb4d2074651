import type { Listen } from '../calls/listen.js';
import type { PromptScope } from '../calls/prompts.js';
import type { Answer, Completion, Contact, Enrolment, Reply, Session } from '../model.js';
import type { Commit, ParticipantState, ProgressUpdate } from '../ports.js';
import type { VoiceJob } from '../voice/model.js';
import type { ErasureRequest } from './erase.js';

/**
 * The changes one inbound message makes, collected while planning it (plan/plan.ts) and turned into one `Commit`.
 * Versions are handled here once: every commit writes contact version + 1 on the condition that the
 * stored version is unchanged, so all messages of one person apply one after another.
 */
export class Draft {
  contact: Contact | null;
  readonly replies: Reply[] = [];
  readonly answers: Answer[] = [];
  readonly completions: Completion[] = [];
  readonly enrolments: Enrolment[] = [];
  readonly voiceJobs: VoiceJob[] = [];
  /** A confirmed DELETE: carried out before the commit (erase.ts). */
  erasure: ErasureRequest | null = null;
  /** In a call: what it waits for after this turn (null for a message). */
  listen: Listen | null = null;
  /** In a call: whose recorded prompts stand in where no voice speaks the language. */
  scope: PromptScope | null = null;
  private readonly sessions = new Map<string, Session>();
  private readonly progress = new Map<string, ProgressUpdate>();
  private loaded: ParticipantState;

  constructor(state: ParticipantState) {
    this.loaded = state;
    // Copies: planning changes the draft, never the view it was given (a retry plans again from a fresh one).
    this.contact = state.contact ? structuredClone(state.contact) : null;
    for (const s of state.sessions) this.sessions.set(sessionId(s), { ...s }); // a session is replaced, never changed in place
  }

  say(...texts: string[]): void {
    for (const text of texts) if (text.trim() !== '') this.replies.push({ text });
  }

  /** Replies that carry their language (a call's spoken parts). */
  add(...replies: Reply[]): void {
    for (const reply of replies) if (reply.text.trim() !== '') this.replies.push(reply);
  }

  /** Put `reply` before the last reply that `marks` (e.g. the goodbye), or at the end if none does. */
  addBeforeLast(reply: Reply, marks: (r: Reply) => boolean): void {
    const at = this.replies.findLastIndex(marks);
    if (at < 0) this.replies.push(reply);
    else this.replies.splice(at, 0, reply);
  }

  session(projectId: string, roundId: string): Session | undefined {
    return this.sessions.get(`${projectId}#${roundId}`);
  }

  allSessions(): Session[] {
    return [...this.sessions.values()];
  }

  putSession(session: Session): void {
    this.sessions.set(sessionId(session), session);
  }

  /** The project's sessions are being erased: gone from this draft, and never written by its commit. */
  forgetProject(projectId: string): void {
    for (const [id, s] of this.sessions) if (s.projectId === projectId) this.sessions.delete(id);
    this.loaded = { ...this.loaded, sessions: this.loaded.sessions.filter((s) => s.projectId !== projectId) };
  }

  /**
   * Note progress, activity or a yes to hearing back on a round entry. Merged per entry (a transaction
   * may touch an item only once): the latest progress and activity win, a yes to hearing back stays.
   */
  track(update: ProgressUpdate): void {
    const key = `${update.projectId}#${update.roundId}#${update.contactKey}`;
    const old = this.progress.get(key);
    if (!old) {
      this.progress.set(key, update);
      return;
    }
    const hearBack = update.hearBack ?? old.hearBack;
    const lastActivityAt = update.lastActivityAt ?? old.lastActivityAt;
    const dueAgain = update.dueAgain ?? old.dueAgain;
    const callBackAt = update.callBackAt ?? old.callBackAt;
    this.progress.set(key, {
      ...update,
      progress: update.progress ?? old.progress,
      ...(lastActivityAt ? { lastActivityAt } : {}),
      ...(hearBack ? { hearBack } : {}),
      ...(dueAgain ? { dueAgain } : {}),
      ...(callBackAt ? { callBackAt } : {}),
    });
  }

  toCommit(ledgerKey: string, sealedReplies: string, appliedUntil: number): Commit {
    const before = new Map(this.loaded.sessions.map((s) => [sessionId(s), s]));
    const sessions = this.allSessions()
      .filter((s) => JSON.stringify(s) !== JSON.stringify(before.get(sessionId(s))))
      .map((s) => {
        const old = before.get(sessionId(s));
        return { next: { ...s, version: (old?.version ?? 0) + 1 }, expectedVersion: old ? old.version : null };
      });
    const old = this.loaded.contact;
    const contact = this.contact ? { next: { ...this.contact, version: (old?.version ?? 0) + 1 }, expectedVersion: old ? old.version : null } : null;
    return {
      ledgerKey,
      appliedUntil,
      sealedReplies,
      contact,
      sessions,
      answers: this.answers,
      completions: this.completions,
      progress: [...this.progress.values()],
      enrolments: latestPerProject(this.enrolments),
      voiceJobs: this.voiceJobs,
    };
  }
}

const sessionId = (s: Pick<Session, 'projectId' | 'roundId'>): string => `${s.projectId}#${s.roundId}`;

/** One enrolment write per project (a transaction may not touch an item twice); the latest wins. */
function latestPerProject(enrolments: readonly Enrolment[]): Enrolment[] {
  return [...new Map(enrolments.map((e) => [e.projectId, e])).values()];
}
