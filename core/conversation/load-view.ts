import type { CompiledSurvey } from '../../flows/compile.js';
import { SUPPORTED_LANGUAGES } from '../../locales/index.js';
import { callableLanguage, type PromptStore } from '../calls/prompts.js';
import { canSay } from '../calls/voices.js';
import type { Project } from '../model.js';
import type { ParticipantState, Protector } from '../ports.js';
import type { Texts } from '../texts.js';
import type { Catalog } from './catalog.js';
import type { Inbound } from './inbound.js';
import type { JoinLimiter, JoinLookup } from './join-limit.js';
import type { MediaUrlPolicy } from './media-urls.js';
import { joinCodeQuery, type JoinCodeQuery } from './plan/join-code.js';
import type { ConversationView, MediaView, ProjectView } from './view.js';

/** What loading a view reads from. */
export interface ViewDeps {
  catalog: Catalog;
  protector: Protector;
  texts: Texts;
  /** Recorded call prompts: a language without a voice can be offered in a call once they are all there. */
  prompts?: PromptStore | undefined;
  /** Bounds wrong join codes per sender and service-wide (join-limit.ts); without one every code is looked up. */
  joinLimit?: JoinLimiter | undefined;
  /** Which attachment URLs may be fetched with the account's credentials (media-urls.ts). */
  mediaUrls: MediaUrlPolicy;
}

/**
 * Loads the view of one inbound message (view.ts). Made once per message: when the commit meets a conflict
 * and the message is planned again, `load` is given the participant's state read again, and everything
 * else is kept — the configuration read, the keys and sealed values made, and the join limiter's verdict,
 * so a wrong code is counted once however often the commit is retried.
 */
export class ViewLoader {
  private readonly joinCodes = new Map<string, Promise<JoinLookup>>();
  private readonly projects = new Map<string, Promise<ProjectView>>();
  private readonly respondentCodes = new Map<string, string>();
  private media: MediaView[] | undefined;
  private phoneSealed: string | undefined;
  private sealedReplyTo: string | undefined;
  private messageKey: string | undefined;

  constructor(
    private readonly deps: ViewDeps,
    private readonly inbound: Inbound,
    private readonly contactKey: string,
    private readonly now: Date,
  ) {}

  async load(state: ParticipantState): Promise<ConversationView> {
    const contact = state.contact;
    const query = joinCodeQuery(contact, this.inbound);
    const found = query ? await this.lookUp(query) : null;
    const ids = new Set<string>(contact?.projects);
    for (const id of [contact?.activeProjectId, contact?.erasing?.projectId, found?.projectId, this.inbound.call?.entryProjectId, this.inbound.entryProjectId])
      if (id) ids.add(id);
    const projects = new Map(await Promise.all([...ids].map(async (id) => [id, await this.project(id)] as const)));
    const { channel, from } = this.inbound;
    const media = (this.media ??= this.sealMedia());
    return {
      contactKey: this.contactKey,
      state,
      projects,
      respondentCodes: new Map([...ids].map((id) => [id, this.respondentCode(id)])),
      joinCodes: new Map(query && found ? [[query.code, found]] : []),
      media,
      messageKey: (this.messageKey ??= this.deps.protector.ledgerKey(`${this.inbound.providerId}#message`)),
      phoneSealed: contact ? null : (this.phoneSealed ??= this.deps.protector.seal(from)),
      sealedReplyTo: channel !== 'voice' && media.length > 0 ? (this.sealedReplyTo ??= this.replyTo()) : null,
      texts: this.deps.texts,
    };
  }

  /** Every join code a person sends goes through the limiter (past its limits: "no such code"), small talk excepted. */
  private lookUp({ code, smallTalk }: JoinCodeQuery): Promise<JoinLookup> {
    const key = `${smallTalk ? 'talk' : 'code'}:${code}`;
    let hit = this.joinCodes.get(key);
    if (!hit) {
      const find = (c: string) => this.deps.catalog.projectIdByJoinCode(c);
      const limit = this.deps.joinLimit;
      hit = limit && !smallTalk ? limit.lookUp(code, this.inbound.from, this.now, find) : find(code).then((projectId) => ({ projectId, quiet: false }));
      this.joinCodes.set(key, hit);
    }
    return hit;
  }

  private project(id: string): Promise<ProjectView> {
    let hit = this.projects.get(id);
    if (!hit) {
      hit = this.loadProject(id);
      this.projects.set(id, hit);
    }
    return hit;
  }

  private async loadProject(id: string): Promise<ProjectView> {
    const { catalog } = this.deps;
    const [project, round] = await Promise.all([catalog.project(id), catalog.openRound(id, this.now)]);
    const survey = project && round ? await catalog.survey(round.surveyId, round.surveyVersion) : null;
    const recorded = project && survey && this.inbound.channel === 'voice' ? await this.recorded(project, survey) : [];
    return { project, round, survey, recorded };
  }

  /** A call offers the languages it can speak: by a voice, or with every prompt recorded. */
  private async recorded(project: Project, survey: CompiledSurvey): Promise<string[]> {
    const scope = { organisationId: project.organisationId, surveyId: survey.definition.id, surveyVersion: survey.definition.version };
    const languages = project.languages.length > 0 ? project.languages : SUPPORTED_LANGUAGES;
    const silent = languages.filter((code) => !canSay(code));
    const callable = await Promise.all(silent.map((code) => callableLanguage(this.deps.prompts, scope, survey, code)));
    return silent.filter((_, i) => callable[i]);
  }

  private respondentCode(projectId: string): string {
    let code = this.respondentCodes.get(projectId);
    if (code === undefined) {
      code = this.deps.protector.respondentCode(projectId, this.inbound.from);
      this.respondentCodes.set(projectId, code);
    }
    return code;
  }

  /** A URL off the provider's media hosts is never fetched (the credentials would go with it) nor kept. */
  private sealMedia(): MediaView[] {
    const { protector, mediaUrls } = this.deps;
    return this.inbound.media.map((m, i) => {
      const allowed = mediaUrls.allows(m.url);
      return {
        contentType: m.contentType,
        allowed,
        jobId: protector.ledgerKey(`${this.inbound.providerId}#media${i}`),
        sealedUrl: allowed ? protector.seal(m.url) : null,
      };
    });
  }

  private replyTo(): string {
    return this.deps.protector.seal(JSON.stringify({ channel: this.inbound.channel, to: this.inbound.from }));
  }
}
