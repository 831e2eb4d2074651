import type { Askable } from '../../../flows/answers.js';
import type { SurveyDefinition } from '../../../flows/definition.js';
import type { Contact, Project, RoundProgress, Session } from '../../model.js';
import { languageChain, type LanguageChain, type TextKey, type Texts } from '../../texts.js';
import { Draft } from '../draft.js';
import type { PlanInbound } from '../inbound.js';
import type { JoinLookup } from '../join-limit.js';
import { askReplies } from '../ask.js';
import { questionChain } from '../question-language.js';
import { SPOKEN_INSTEAD, spokenText } from '../spoken.js';
import type { ConversationView } from '../view.js';

type Vars = Record<string, string | number>;

/**
 * One planning of one inbound message: what it reads (the view, the message, the time), what it builds
 * (the draft), and the few facts one step leaves for a later one. Every step under plan/ takes it; none
 * awaits anything, and nothing here reads a clock or makes an id.
 */
export class Planning {
  readonly draft: Draft;
  /** This turn is a silence: a question asked again says "I did not hear", not "I did not understand". */
  heardNothing = false;
  /** Words of this message were kept as a comment: a question asked again says so, not "I did not understand". */
  keptWords = false;
  /** The person's answers were just erased: in a call, that ends it. */
  ended = false;
  /** A call about to end listens a moment for 0 (DELETE), said as a hint. */
  offersErase = false;
  private readonly told = new Set<TextKey>();

  constructor(
    readonly view: ConversationView,
    readonly inbound: PlanInbound,
    readonly now: Date,
  ) {
    this.draft = new Draft(view.state);
  }

  /** A phone call: things are said (voices or recordings), not written. */
  get spoken(): boolean {
    return this.inbound.channel === 'voice';
  }

  get texts(): Texts {
    return this.view.texts;
  }

  project(projectId: string): Project | null {
    return this.view.projects.get(projectId)?.project ?? null;
  }

  respondentCode(projectId: string): string {
    const code = this.view.respondentCodes.get(projectId);
    if (code === undefined) throw new Error('no respondent code in the view for this project'); // the loader and the routing disagree
    return code;
  }

  /** The verdict on a join code the loader looked up (join-code.ts says which one it is). */
  joinLookup(code: string): JoinLookup {
    const found = this.view.joinCodes.get(code);
    if (!found) throw new Error('join code not looked up by the loader'); // the loader and the routing disagree
    return found;
  }

  // ── saying things: as messages, or aloud in a call ────────────────────────────────────────────

  /** Tell this once in the reply to this message, however many of its steps would say it. */
  tellOnce(key: TextKey, chain: LanguageChain, vars?: Vars): void {
    if (this.told.has(key)) return;
    this.told.add(key);
    this.tell(key, chain, vars);
  }

  tell(key: TextKey, chain: LanguageChain, vars?: Vars): void {
    if (!this.spoken) return this.draft.say(this.t(key, chain, vars));
    for (const k of SPOKEN_INSTEAD[key] ?? [key]) this.draft.add(spokenText(k, chain, this.texts, vars));
  }

  ask(askable: Askable, again: boolean, chain: LanguageChain, definition: SurveyDefinition, project: Project): void {
    const recorded = this.recorded(this.view.projects.get(this.draft.contact?.activeProjectId ?? '')?.recorded);
    const { heardNothing, keptWords } = this;
    const asked = { question: askable, again, heardNothing, keptWords, chain, survey: definition, project, contact: this.draft.contact, recorded };
    this.draft.add(...askReplies({ ...asked, channel: this.inbound.channel }, this.texts)); // ask.ts: also what the survey preview shows
  }

  /**
   * The languages to say things in: the person's, then the project's fallbacks. Where the survey of the
   * project's open round (the given project, else the one they are answering) lacks their language, its
   * first language in that chain comes first, so a reply never mixes languages (question-language.ts).
   */
  chain(project?: Project | null): LanguageChain {
    const chain = languageChain(this.draft.contact?.language ?? null, project?.fallbackLanguages ?? []);
    const view = this.view.projects.get(project?.projectId ?? this.draft.contact?.activeProjectId ?? '');
    return view?.survey ? questionChain(chain, [...view.survey.definition.languages, ...this.recorded(view.recorded)]) : chain;
  }

  /** In a call, the languages whose prompts are all recorded (they translate the survey); none in a message. */
  private recorded(languages: readonly string[] | undefined): readonly string[] {
    return this.spoken ? (languages ?? []) : [];
  }

  t(key: TextKey, chain: LanguageChain, vars?: Vars): string {
    return this.texts.t(key, chain, vars);
  }

  /**
   * The person wrote in this round's survey: their activity (the reminder counts from it), and how far
   * they got (null: unchanged). Folded into the message's one transaction, on the round entry.
   */
  track(
    contact: Contact,
    session: Pick<Session, 'projectId' | 'roundId'>,
    progress: RoundProgress | null,
    extra: { hearBack?: true; dueAgain?: true } = {},
  ): void {
    this.draft.track({
      projectId: session.projectId,
      roundId: session.roundId,
      contactKey: contact.contactKey,
      progress,
      language: contact.language,
      channel: this.inbound.channel,
      lastActivityAt: this.now.toISOString(),
      ...extra,
    });
  }

  /** A contact this message creates (a stranger joining, or a stranger's STOP remembered). */
  newContact(over: Partial<Contact>): Contact {
    const phoneSealed = this.view.phoneSealed;
    if (phoneSealed === null) throw new Error('no sealed number in the view: the contact exists');
    const contact: Contact = {
      contactKey: this.view.contactKey,
      phoneSealed,
      channel: this.inbound.channel,
      language: null,
      optedOut: false,
      projects: [],
      activeProjectId: null,
      awaiting: null,
      version: 0,
      ...over,
    };
    this.draft.contact = contact;
    return contact;
  }
}
