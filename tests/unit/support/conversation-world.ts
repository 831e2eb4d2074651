import { generateProtectorKeys, NodeCryptoProtector } from '../../../adapters/crypto/node-protector.js';
import { twilioMediaHosts } from '../../../adapters/twilio/media-hosts.js';
import { Catalog } from '../../../core/conversation/catalog.js';
import type { Draft } from '../../../core/conversation/draft.js';
import type { ErasureRequest } from '../../../core/conversation/erase.js';
import type { Inbound } from '../../../core/conversation/inbound.js';
import { JoinLimiter, type JoinAttemptCounts, type JoinLimits, JOIN_LIMITS } from '../../../core/conversation/join-limit.js';
import { ViewLoader, type ViewDeps } from '../../../core/conversation/load-view.js';
import { plan } from '../../../core/conversation/plan/plan.js';
import type { ConversationView } from '../../../core/conversation/view.js';
import type { Answer, Contact, Project, Round } from '../../../core/model.js';
import type { Commit, Directory, Logger, ParticipantState } from '../../../core/ports.js';
import { createTexts } from '../../../core/texts.js';
import type { SurveyDefinition } from '../../../flows/definition.js';
import { DEMO_PROJECT, DEMO_SURVEY } from '../../../local/seed.js';

/**
 * The conversation in memory, for unit tests of the pure planner: configuration in maps, each person's
 * state kept as JSON (written and read back around every message, as a store would), the real protector,
 * texts, catalog, join limiter (its counts in a map) and media policy. `receive` loads the view with the
 * real loader, plans, and applies the draft's commit with the store's version checks.
 */
export const START = new Date('2026-11-23T10:00:00.000Z');
const DAY = 24 * 3600 * 1000;

export class InMemoryDirectory implements Directory {
  readonly projects = new Map<string, Project>();
  readonly rounds = new Map<string, Round[]>();
  readonly surveys = new Map<string, SurveyDefinition>();
  /** Every configuration read, to show what a retry does not read again. */
  reads = 0;

  putProject(project: Project): void {
    this.projects.set(project.projectId, project);
  }
  putRound(round: Round): void {
    this.rounds.set(round.projectId, [...(this.rounds.get(round.projectId) ?? []).filter((r) => r.roundId !== round.roundId), round]);
  }
  saveSurvey(survey: SurveyDefinition): void {
    this.surveys.set(`${survey.id}@${survey.version}`, survey);
  }
  async getProject(projectId: string): Promise<Project | null> {
    this.reads++;
    return this.projects.get(projectId) ?? null;
  }
  async findProjectIdByJoinCode(code: string): Promise<string | null> {
    this.reads++;
    return [...this.projects.values()].find((p) => p.joinCode === code)?.projectId ?? null;
  }
  async findProjectIdByCallNumber(number: string): Promise<string | null> {
    this.reads++;
    return [...this.projects.values()].find((p) => p.callNumber === number)?.projectId ?? null;
  }
  async listRounds(projectId: string): Promise<Round[]> {
    this.reads++;
    return this.rounds.get(projectId) ?? [];
  }
  async getSurvey(surveyId: string, version: number): Promise<SurveyDefinition | null> {
    this.reads++;
    return this.surveys.get(`${surveyId}@${version}`) ?? null;
  }
}

/** The join limiter's counts in a map; `adds` counts every wrong code recorded. */
export class InMemoryJoinAttempts implements JoinAttemptCounts {
  private readonly counts = new Map<string, number>();
  adds = 0;
  async add(counters: readonly string[], window: number): Promise<void> {
    this.adds++;
    for (const c of counters) this.counts.set(`${c}|${window}`, (this.counts.get(`${c}|${window}`) ?? 0) + 1);
  }
  async read(counters: readonly string[], windows: readonly number[]): Promise<number[][]> {
    return counters.map((c) => windows.map((w) => this.counts.get(`${c}|${w}`) ?? 0));
  }
}

export const silentLogger: Logger = { info: () => {}, warn: () => {}, error: () => {} };

export class ConversationWorld {
  readonly directory = new InMemoryDirectory();
  readonly attempts = new InMemoryJoinAttempts();
  readonly protector = new NodeCryptoProtector(generateProtectorKeys());
  readonly texts = createTexts();
  now = new Date(START);
  readonly catalog = new Catalog(this.directory, { now: () => this.now });
  readonly limiter: JoinLimiter;
  readonly deps: ViewDeps;
  /** The answers committed, as the answer partitions hold them. */
  readonly answers: Answer[] = [];
  /** Each person's state, as JSON: what a message reads is what the last one wrote, serialized. */
  private readonly stored = new Map<string, string>();

  constructor(limits: JoinLimits = JOIN_LIMITS) {
    this.limiter = new JoinLimiter(this.attempts, this.protector, silentLogger, limits);
    this.deps = {
      catalog: this.catalog,
      protector: this.protector,
      texts: this.texts,
      joinLimit: this.limiter,
      mediaUrls: twilioMediaHosts(),
    };
  }

  /** The demo project and its round, open for a year from START, as local/seed.ts seeds them. */
  seedDemo(): { project: Project; round: Round } {
    this.directory.saveSurvey(DEMO_SURVEY);
    this.directory.putProject(DEMO_PROJECT);
    const round: Round = {
      projectId: DEMO_PROJECT.projectId,
      roundId: 'demo-start',
      label: 'start',
      surveyId: DEMO_SURVEY.id,
      surveyVersion: DEMO_SURVEY.version,
      opensAt: '2026-01-01T00:00:00.000Z',
      closesAt: new Date(START.getTime() + 365 * DAY).toISOString(),
      reminderAfterHours: null,
    };
    this.directory.putRound(round);
    return { project: DEMO_PROJECT, round };
  }

  contactKey(phone: string): string {
    return this.protector.contactKey(phone);
  }

  /** The person's state as a message would read it now: parsed from the stored JSON. */
  state(contactKey: string): ParticipantState {
    const json = this.stored.get(contactKey);
    return json ? (JSON.parse(json) as ParticipantState) : { contact: null, sessions: [] };
  }

  /** A staff import: the contact enrolled in a project, no active project yet (adapters/dynamodb/participants.ts). */
  enrol(phone: string, projectId: string, language: string, channel: Contact['channel']): void {
    const contactKey = this.contactKey(phone);
    const state = this.state(contactKey);
    const old = state.contact;
    const contact: Contact = old
      ? { ...old, projects: [...old.projects, projectId], version: old.version + 1 }
      : {
          contactKey,
          phoneSealed: this.protector.seal(phone),
          channel,
          language,
          optedOut: false,
          projects: [projectId],
          activeProjectId: null,
          awaiting: null,
          version: 1,
        };
    this.stored.set(contactKey, JSON.stringify({ ...state, contact }));
  }

  /** Load the view of one message (a fresh loader: one per message, as handle-inbound.ts makes one). */
  loader(inbound: Inbound): ViewLoader {
    return new ViewLoader(this.deps, inbound, this.contactKey(inbound.from), this.now);
  }

  /** One message: loaded, planned (purely), committed. */
  async receive(inbound: Inbound): Promise<{ view: ConversationView; draft: Draft }> {
    const view = await this.loader(inbound).load(this.state(this.contactKey(inbound.from)));
    const draft = plan(view, inbound, this.now);
    this.commit(draft.toCommit('ledger', 'sealed', 0), draft.erasure);
    return { view, draft };
  }

  /** Apply a commit as the store does: every version must be the one read, or nothing is written. */
  commit(commit: Commit, erasure: ErasureRequest | null = null): void {
    const contactKey = commit.contact?.next.contactKey;
    if (!contactKey) return;
    const state = this.state(contactKey);
    if ((state.contact?.version ?? null) !== commit.contact?.expectedVersion) throw new Error('contact version conflict');
    let sessions = state.sessions;
    if (erasure) {
      sessions = sessions.filter((s) => s.projectId !== erasure.projectId);
      this.answers.splice(
        0,
        this.answers.length,
        ...this.answers.filter((a) => !(a.projectId === erasure.projectId && a.respondentCode === erasure.respondentCode)),
      );
    }
    for (const { next, expectedVersion } of commit.sessions) {
      const old = sessions.find((s) => s.projectId === next.projectId && s.roundId === next.roundId);
      if ((old?.version ?? null) !== expectedVersion) throw new Error('session version conflict');
      sessions = [...sessions.filter((s) => s !== old), next];
    }
    // One answer per round, respondent and question, as the answer partition keys them: a later one replaces
    // it. Comments and continued parts have their own keys beside it (their `seq`), as in the table.
    const key = (a: Answer) => `${a.projectId}#${a.roundId}#${a.respondentCode}#${a.questionId}#${a.seq ?? ''}`;
    const replaced = new Set(commit.answers.map(key));
    this.answers.splice(0, this.answers.length, ...this.answers.filter((a) => !replaced.has(key(a))), ...commit.answers);
    this.stored.set(contactKey, JSON.stringify({ contact: commit.contact?.next ?? null, sessions }));
  }
}

let counter = 0;
/** A fresh provider id, like Twilio's MessageSid. */
export const newSid = (): string => `SM${String(++counter).padStart(32, '0')}`;

/** A text message as the edge hands it to core. */
export function textMessage(phone: string, text: string, over: Partial<Inbound> = {}): Inbound {
  return { channel: 'sms', from: phone, text, buttonPayload: null, media: [], providerId: newSid(), ...over };
}
