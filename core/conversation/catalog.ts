import { compileSurvey, type CompiledSurvey } from '../../flows/compile.js';
import type { Project, Round } from '../model.js';
import type { Clock, Directory } from '../ports.js';

/**
 * Configuration as the hot path sees it: projects, rounds and join codes cached for a short time, survey
 * versions compiled once and kept (a version is frozen once a round uses it, so it never changes).
 * Keeps the per-message reads to the participant's own items.
 */
const MAX_ENTRIES = 5_000;

export class Catalog {
  private readonly entries = new Map<string, { at: number; value: Promise<unknown> }>();
  private readonly surveys = new Map<string, Promise<CompiledSurvey | null>>();

  constructor(
    private readonly directory: Directory,
    private readonly clock: Clock,
    private readonly ttlMs = 30_000,
  ) {}

  private cached<T>(key: string, load: () => Promise<T>, keepMisses = false): Promise<T> {
    const now = this.clock.now().getTime();
    const hit = this.entries.get(key);
    if (hit && now - hit.at < this.ttlMs) return hit.value as Promise<T>;
    // Bounded: keys are ids of our own and join codes that exist, but a warm Lambda lives long.
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
    const value = load();
    this.entries.set(key, { at: now, value });
    value.then(
      (v) => v === null && !keepMisses && this.entries.delete(key), // a miss is not kept: strangers type anything
      () => this.entries.delete(key), // nor a failure
    );
    return value;
  }

  /**
   * Drop what this process cached about a project after a change made here (a round launched or
   * closed). Other processes (other Lambda instances) see the change within the cache time.
   */
  forget(projectId: string): void {
    this.entries.delete(`p:${projectId}`);
    this.entries.delete(`r:${projectId}`);
  }

  project(projectId: string): Promise<Project | null> {
    return this.cached(`p:${projectId}`, () => this.directory.getProject(projectId));
  }

  projectIdByJoinCode(code: string): Promise<string | null> {
    return this.cached(`j:${code}`, () => this.directory.findProjectIdByJoinCode(code));
  }

  /**
   * The project whose own number this is (calls and messages). Misses are kept too: the numbers asked
   * for are the `To` of requests signed with our token, so few, and the service number misses every time.
   */
  projectIdByCallNumber(number: string): Promise<string | null> {
    return this.cached(`n:${number}`, () => this.directory.findProjectIdByCallNumber(number), true);
  }

  rounds(projectId: string): Promise<Round[]> {
    return this.cached(`r:${projectId}`, () => this.directory.listRounds(projectId));
  }

  /** The round open at `now` (the most recently opened if several overlap). */
  async openRound(projectId: string, now: Date): Promise<Round | undefined> {
    const iso = now.toISOString();
    const open = (await this.rounds(projectId)).filter((r) => r.opensAt <= iso && iso < r.closesAt);
    return open.sort((a, b) => b.opensAt.localeCompare(a.opensAt))[0];
  }

  survey(surveyId: string, version: number): Promise<CompiledSurvey | null> {
    const key = `${surveyId}@${version}`;
    let hit = this.surveys.get(key);
    if (!hit) {
      hit = this.directory.getSurvey(surveyId, version).then((d) => (d ? compileSurvey(d) : null));
      hit.catch(() => this.surveys.delete(key));
      this.surveys.set(key, hit);
    }
    return hit;
  }
}
