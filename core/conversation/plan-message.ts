import { takesOwnWords, type Askable } from '../../flows/answers.js';
import { redactTranscript } from '../privacy/redact.js';
import { DYAD_POINTS, TRIAD_ZONES } from '../../flows/triad.js';
import { serviceDay } from '../day.js';
import { isAudio, type MediaRef, type VoiceJob } from '../voice/model.js';
import type { CompiledSurvey } from '../../flows/compile.js';
import { currentAskable, resumeFlow, startFlow, type Effect, type FlowState } from '../../flows/engine.js';
import { normalizeText, readInteger } from '../../flows/normalize.js';
import { SUPPORTED_LANGUAGES } from '../../locales/index.js';
import { detectCommand, toJoinCode, type Command } from '../commands.js';
import type { JoinLimiter, JoinLookup } from './join-limit.js';
import type { MediaUrlPolicy } from './media-urls.js';
import { isSmallTalk } from './small-talk.js';
import { ERASE_CONFIRM_MS, eraseAnswer } from './erase.js';
import { languageMenu, resolveLanguage } from '../languages.js';
import { WHATSAPP_WINDOW_MS, type Channel, type Contact, type Project, type Round, type RoundProgress, type Session } from '../model.js';
import type { ParticipantState, Protector } from '../ports.js';
import { languageChain, type LanguageChain, type TextKey, type Texts } from '../texts.js';
import type { Catalog } from './catalog.js';
import { Draft } from './draft.js';
import { questionReply } from './render.js';
import { GREETING_LANGUAGES, SPOKEN_INSTEAD, spokenLanguageMenu, spokenNotEnrolled, spokenProjectMenu, spokenQuestion, spokenText } from './spoken.js';
import { callableLanguage, type PromptScope, type PromptStore } from '../calls/prompts.js';
import { canSay } from '../calls/voices.js';
import { END_CALL, type Listen } from '../calls/listen.js';
import type { SurveyDefinition } from '../../flows/definition.js';

/** What the planner knows of the inbound message. The phone number is used only to derive keys. */
export interface PlanInput {
  channel: Channel;
  phone: string;
  contactKey: string;
  text: string;
  buttonPayload: string | null;
  /** Attachments (voice notes, photos). Their URLs go only into sealed voice jobs. */
  media: MediaRef[];
  /** The provider's message id: only to derive voice job ids (a retried webhook makes no second job). */
  providerId: string;
  now: Date;
  /** A turn of a phone call (channel `voice`): how it came, and which project's number was called. */
  call?: CallTurnInput | undefined;
  /** Neither text nor a file (a location, a reaction, a contact…): told so, then asked again. */
  unusable?: true | undefined;
}

export interface CallTurnInput {
  /** start: the call was answered; input: keys, speech or a recording; silence: the keypad timed out. */
  event: 'start' | 'input' | 'silence';
  /** The project whose number was called, if the number is a project's: a stranger joins it. */
  entryProjectId: string | null;
}

export interface PlanDeps {
  catalog: Catalog;
  protector: Protector;
  texts: Texts;
  prompts?: PromptStore | undefined;
  /** Bounds wrong join codes per sender and service-wide (enumeration); without one every code is looked up. */
  joinLimit?: JoinLimiter | undefined;
  /** Which attachment URLs may be fetched with the account's credentials (media-urls.ts). */
  mediaUrls: MediaUrlPolicy;
}

/** Why an attachment was kept as "unsupported" without its URL: shown with the record, never fetched. */
export const MEDIA_HOST_REFUSED = 'the file is not on the provider\'s media host: not fetched';

/** A finished session needs no answers for branching any more; they stay in answer records only. */
const forgetAnswers = (flow: FlowState): FlowState => ({ ...flow, context: { answers: {}, reprompts: 0 } });

interface Target {
  project: Project;
  round: Round;
  survey: CompiledSurvey;
}

/**
 * Decide what one inbound message does: commands first, then a pending menu (language, project), then
 * the open survey. Reads configuration through the catalog; writes nothing (the caller commits the draft).
 */
export class MessagePlanner {
  private readonly draft: Draft;
  /** This turn is a silence: a question asked again says "I did not hear", not "I did not understand". */
  private heardNothing = false;
  /** The person's answers were just erased: in a call, that ends it. */
  private ended = false;
  /** A call about to end listens a moment for 0 (DELETE), said as a hint. */
  private offersErase = false;

  constructor(
    private readonly deps: PlanDeps,
    private readonly input: PlanInput,
    state: ParticipantState,
  ) {
    this.draft = new Draft(state);
  }

  async plan(): Promise<Draft> {
    const command = detectCommand(this.input.text) ?? (await this.keypadCommand());
    const contact = this.draft.contact;
    const call = this.input.call;
    // A DELETE waiting for its YES or NO: this message answers it, or the question lapses and the message
    // is read like any other (a silence in a call asks it again instead).
    const answeredErase = contact?.erasing && call?.event !== 'silence' ? await this.answerErase(contact) : false;
    if (!answeredErase) await this.dispatch(command, contact, call);
    if (call?.event === 'start') await this.offerEraseOnReturn();
    // Their message opens WhatsApp's 24-hour window: until then invitations may go as free text.
    if (this.input.channel === 'whatsapp' && this.draft.contact) this.draft.contact.whatsappWindowUntil = new Date(this.input.now.getTime() + WHATSAPP_WINDOW_MS).toISOString();
    return this.draft;
  }

  private async dispatch(command: Command | null, contact: Contact | null, call: CallTurnInput | undefined): Promise<void> {
    if (call && (!contact || contact.optedOut || call.event !== 'input')) await this.callTurn(call, contact);
    else if (!contact) await this.stranger(command);
    else if (contact.optedOut) await this.optedOut(contact, command);
    else if (this.input.media.length > 0 || this.input.unusable) await this.withMedia(contact, command);
    else await this.known(contact, command);
  }

  private get spoken(): boolean {
    return this.input.channel === 'voice';
  }

  // ── a phone call ──────────────────────────────────────────────────────────────────────────────

  /** The call's first turn, a silent keypad, or a caller Stem does not know yet. */
  private async callTurn(call: CallTurnInput, contact: Contact | null): Promise<void> {
    if (!contact) {
      // A stranger calling a project's number joins it, as "JOIN <code>" by message would.
      if (!call.entryProjectId) {
        this.draft.add(...spokenNotEnrolled(this.deps.texts));
        return;
      }
      await this.enrol((this.draft.contact = this.newContact({})), call.entryProjectId);
      return;
    }
    contact.channel = 'voice';
    if (contact.optedOut) {
      // STOP ended messages; calling in is asking to take part again.
      contact.optedOut = false;
      await this.reopenDeclined(contact);
    }
    if (call.event === 'silence') return this.silence(contact);
    if (contact.language && !(await this.offeredLanguages(contact)).includes(contact.language)) {
      // Their language cannot be spoken yet (no voice, prompts not all recorded): let them pick one that can.
      contact.awaiting = 'language';
      return this.languageMenu(contact);
    }
    const question = await this.currentQuestion(contact);
    if (question) this.tell('start.confirmed', this.chain());
    await this.promptCurrent(contact);
  }

  /** Nothing was pressed: a menu is said again; a question is asked once more, then passed over. */
  private async silence(contact: Contact): Promise<void> {
    if (contact.erasing) return this.confirmErase(contact.erasing.projectId);
    // The language menu again as it was: there is no language yet to say "I did not hear" in.
    if (contact.awaiting === 'language') return this.languageMenu(contact);
    if (contact.awaiting === 'project') {
      this.tell('call.noInput', this.chain());
      return this.askProject(contact, await this.candidates(contact));
    }
    if (!(await this.currentQuestion(contact))) return this.promptCurrent(contact);
    this.heardNothing = true;
    await this.answer(contact, { silent: true });
  }

  /**
   * What the call waits for now, read from the state this turn left: a menu, the current question's
   * kind, or nothing (the call ends).
   */
  async expectation(): Promise<Listen> {
    const contact = this.draft.contact;
    if (!contact || contact.optedOut || this.ended) return END_CALL;
    const language = contact.language;
    if (contact.erasing) return { kind: 'keys', options: 2, skippable: false, language, menu: true };
    if (this.offersErase) return { kind: 'keys', options: 0, skippable: false, language };
    if (contact.awaiting === 'language') return { kind: 'keys', options: (await this.allLanguages(contact)).length, skippable: false, language, menu: true };
    if (contact.awaiting === 'project') return { kind: 'keys', options: (await this.candidates(contact)).length, skippable: false, language, menu: true };
    const q = await this.currentQuestion(contact);
    if (!q) return END_CALL;
    const skippable = q.optional;
    switch (q.kind) {
      case 'consent':
        return { kind: 'keys', options: 2, skippable, language }; // only a hear-back consent is optional
      case 'statement':
        return { kind: 'keys', options: 3, skippable, language };
      case 'choice':
        return { kind: 'keys', options: q.options.length, skippable, language };
      case 'scale':
        return { kind: 'keys', options: 5, skippable, language };
      case 'number':
        return { kind: 'number', maxDigits: String(Math.max(Math.abs(q.min), Math.abs(q.max))).length + (q.min < 0 ? 1 : 0), skippable, language };
      case 'dyad':
        return { kind: 'keys', options: DYAD_POINTS, skippable, language };
      case 'triad':
        return { kind: 'keys', options: TRIAD_ZONES.length, skippable, language };
      case 'open':
      case 'story':
        return { kind: 'record', skippable, language };
    }
  }

  /** Whose recordings a call turn plays: the organisation and survey version of the person's current project. */
  async promptScope(): Promise<PromptScope | null> {
    const projectId = this.draft.contact?.activeProjectId;
    const target = projectId ? await this.target(projectId) : undefined;
    if (!target) return null;
    return { organisationId: target.project.organisationId, surveyId: target.survey.definition.id, surveyVersion: target.survey.definition.version };
  }

  // ── saying things: as messages, or aloud in a call ────────────────────────────────────────────

  private tell(key: TextKey, chain: LanguageChain, vars?: Record<string, string | number>): void {
    if (!this.spoken) return this.draft.say(this.t(key, chain, vars));
    for (const k of SPOKEN_INSTEAD[key] ?? [key]) this.draft.add(spokenText(k, chain, this.deps.texts, vars));
  }

  private ask(askable: Askable, again: boolean, chain: LanguageChain, definition: SurveyDefinition): void {
    const why = !again ? false : this.heardNothing ? 'silence' : 'unclear';
    if (this.spoken) this.draft.add(...spokenQuestion(askable, why, chain, definition, this.deps.texts));
    else this.draft.add(questionReply(askable, again, chain, definition, this.deps.texts, this.input.channel)); // a WhatsApp triad brings its picture
  }

  private async languageMenu(contact: Contact): Promise<void> {
    const offered = await this.offeredLanguages(contact);
    if (this.spoken) this.draft.add(...spokenLanguageMenu(offered, await this.allLanguages(contact), this.deps.texts));
    else this.draft.say(languageMenu(offered));
  }

  // ── who is writing ────────────────────────────────────────────────────────────────────────────

  private async stranger(command: Command | null): Promise<void> {
    if (command?.type === 'delete') {
      // Nothing is kept of a number we do not know; said in the language(s) of the word they used.
      const languages = command.languages.length > 0 ? command.languages : GREETING_LANGUAGES;
      this.draft.say(languages.slice(0, 4).map((l) => this.t('erase.nothing', [l])).join('\n'));
      return;
    }
    if (command?.type === 'stop') {
      // Remember the opt-out even for a number we never knew, so an import cannot message it later.
      this.draft.contact = this.newContact({ optedOut: true });
      // Answer in the language(s) of the word they used: "توقف" → Arabic and Persian, "STOP" → nl, fr, en.
      this.draft.say(command.languages.slice(0, 4).map((l) => this.t('stop.confirmed', [l])).join('\n'));
      return;
    }
    const code = command?.type === 'join' ? command.code : toJoinCode(this.input.text);
    // A greeting or an "ok" is looked up too, but never counted as a guess (small-talk.ts).
    const found = code ? await this.lookUpJoinCode(code, { smallTalk: command?.type !== 'join' && isSmallTalk(this.input.text) }) : null;
    if (found?.projectId) {
      const contact = (this.draft.contact = this.newContact({}));
      await this.enrol(contact, found.projectId);
      return;
    }
    if (found?.quiet) return; // a flood of wrong codes service-wide: unknown ones get no answer (join-limit.ts)
    if (command?.type === 'join') {
      this.draft.say(...GREETING_LANGUAGES.map((l) => this.t('join.unknownCode', [l], { code: command.code })));
      return;
    }
    this.draft.say(GREETING_LANGUAGES.map((l) => this.t('intro.notEnrolled', [l])).join('\n'));
  }

  private async optedOut(contact: Contact, command: Command | null): Promise<void> {
    // DELETE works after STOP too, and leaves them opted out.
    if (command?.type === 'delete') return this.askErase(contact);
    // After STOP only START (or the literal YES, one of Twilio's opt-in words) or JOIN with a valid code
    // opens contact again; anything else, a 👍 or "ok" included, gets no reply.
    if (command?.type === 'join') {
      const { projectId } = await this.lookUpJoinCode(command.code);
      if (!projectId) return;
      contact.optedOut = false;
      await this.enrol(contact, projectId);
      return;
    }
    // The raw text: normalization would turn a 👍 into "yes".
    if (command?.type !== 'start' && this.input.text.trim().toUpperCase() !== 'YES') return;
    contact.optedOut = false;
    await this.reopenDeclined(contact);
    this.tell('start.confirmed', this.chain());
    await this.promptCurrent(contact);
  }

  /**
   * Attachments. A voice note answers an open question (the survey moves on; the transcript follows);
   * anything else is acknowledged and kept only as an "unsupported" record, its file deleted at the
   * provider. With a caption, the caption is the answer.
   */
  private async withMedia(contact: Contact, command: Command | null): Promise<void> {
    // A URL off the provider's media hosts is never fetched (the credentials would go with it): such an
    // attachment is kept as "unsupported", with the reason and without its URL, like a photo.
    const refused = this.input.media.map((m) => !this.deps.mediaUrls.allows(m.url));
    const audioIndex = this.input.media.findIndex((m, i) => isAudio(m.contentType) && !refused[i]);
    const question = this.input.text.trim() === '' ? await this.currentQuestion(contact) : undefined;
    const voice = audioIndex >= 0 && question && takesOwnWords(question) ? audioIndex : -1;
    const project = contact.activeProjectId ? await this.deps.catalog.project(contact.activeProjectId) : null;
    this.input.media.forEach((m, i) => {
      if (i !== voice && project) this.draft.voiceJobs.push(this.voiceJob(i, project, contact, null, 'unsupported', refused[i] === true));
    });
    if (this.input.text.trim() !== '') return this.known(contact, command);
    const audio = this.input.media[voice];
    if (audio) return this.answer(contact, { voiceIndex: voice });
    this.tell(audioIndex >= 0 ? 'voice.notHere' : this.input.media.length === 0 ? 'media.unusableMessage' : 'media.unsupported', this.chain());
    if (contact.awaiting === 'language') await this.languageMenu(contact);
    else await this.promptCurrent(contact);
  }

  private voiceJob(index: number, project: Project, contact: Contact, answer: VoiceJob['answer'], status: 'queued' | 'unsupported', refusedHost = false): VoiceJob {
    const media = this.input.media[index];
    return {
      jobId: this.deps.protector.ledgerKey(`${this.input.providerId}#media${index}`),
      answer,
      organisationId: project.organisationId,
      language: contact.language,
      projectLanguages: project.languages,
      contentType: media?.contentType ?? 'application/octet-stream',
      sealedMediaUrl: media && !refusedHost ? this.deps.protector.seal(media.url) : null,
      // A refused note is explained later by message; phone calls answer on the line instead.
      sealedReplyTo: status === 'queued' && this.input.channel !== 'voice' ? this.deps.protector.seal(JSON.stringify({ channel: this.input.channel, to: this.input.phone })) : null,
      claim: null,
      origin: this.input.channel === 'voice' ? 'call' : 'message',
      stored: false,
      status,
      transcriber: null,
      providerJobName: null,
      attempts: 0,
      failure: refusedHost ? MEDIA_HOST_REFUSED : null,
      createdAt: this.input.now.toISOString(),
    };
  }

  private async known(contact: Contact, given: Command | null): Promise<void> {
    contact.channel = this.input.channel; // reply on the channel they last used
    const question = await this.currentQuestion(contact);
    // In an open answer a lone "help" or "language" ("Hulp", "اللغة") is an answer, not a command.
    const bare = given?.type === 'help' || (given?.type === 'language' && given.code === null);
    const command = question && takesOwnWords(question) && bare ? null : given;
    switch (command?.type) {
      case 'stop':
        contact.optedOut = true;
        contact.awaiting = null;
        await this.markOpenRounds(contact, 'opted-out');
        this.tell('stop.confirmed', this.chain());
        return;
      case 'help':
        this.tell('help.text', this.chain());
        await this.promptCurrent(contact);
        return;
      case 'delete':
        await this.askErase(contact);
        return;
      case 'start':
        await this.reopenDeclined(contact);
        await this.promptCurrent(contact);
        return;
      case 'language':
        if (command.code && (await this.offeredLanguages(contact)).includes(command.code)) {
          contact.language = command.code;
          this.recordLanguage(contact);
          contact.awaiting = null;
          this.tell('language.changed', this.chain());
          await this.promptCurrent(contact);
        } else {
          contact.awaiting = 'language';
          await this.languageMenu(contact);
        }
        return;
      case 'join':
        // An unknown "code" in the middle of a survey is more likely an answer ("join more groups").
        if (await this.join(contact, command.code, { quietIfUnknown: question !== undefined })) return;
        break;
      default:
        break;
    }
    if (contact.awaiting === 'language') return this.chooseLanguage(contact);
    if (contact.awaiting === 'project') return this.chooseProject(contact);
    await this.answer(contact);
  }

  // ── DELETE: erasing a person's answers in a project (erase.ts) ───────────────────────────────────

  /** In a call, 0 is DELETE wherever the call waits for one key (no menu or question has a 0), or was ending. */
  private async keypadCommand(): Promise<Command | null> {
    if (!this.spoken || this.input.call?.event !== 'input' || this.input.text.trim() !== '0' || !this.draft.contact) return null;
    const before = await this.expectation();
    return before.kind === 'keys' || before.kind === 'end' ? { type: 'delete', languages: [] } : null;
  }

  /** The project DELETE is about: the one they are answering (or their only one). */
  private eraseTarget(contact: Contact): string | null {
    return contact.activeProjectId ?? contact.projects[0] ?? null;
  }

  /** Sessions are erased last (erase.ts): while one is left, there is something to erase. */
  private holdsAnswers(projectId: string): boolean {
    return this.draft.allSessions().some((s) => s.projectId === projectId && s.status !== 'declined');
  }

  private async askErase(contact: Contact): Promise<void> {
    const projectId = this.eraseTarget(contact);
    if (!projectId || !this.draft.allSessions().some((s) => s.projectId === projectId)) {
      this.tell('erase.nothing', this.chain(projectId ? ((await this.deps.catalog.project(projectId)) ?? undefined) : undefined));
      return;
    }
    contact.erasing = { projectId, until: new Date(this.input.now.getTime() + ERASE_CONFIRM_MS).toISOString() };
    await this.confirmErase(projectId);
  }

  /** "This erases all your answers in <project>… reply YES / NO" (in a call: press 1 / 2). */
  private async confirmErase(projectId: string): Promise<void> {
    const project = await this.deps.catalog.project(projectId);
    const chain = this.chain(project ?? undefined);
    const yes = this.deps.texts.word('yes', chain).toUpperCase();
    const no = this.deps.texts.word('no', chain).toUpperCase();
    this.tell('erase.confirm', chain, { project: project?.name ?? '', yes, no });
  }

  /** True when this message answered the pending DELETE (erased, or kept); false when the question lapsed. */
  private async answerErase(contact: Contact): Promise<boolean> {
    const pending = contact.erasing;
    contact.erasing = null; // asked for one message: whatever comes next ends the question
    if (!pending || pending.until <= this.input.now.toISOString()) return false;
    const answer = eraseAnswer(this.input.text, this.spoken);
    if (answer === null) return false;
    const project = await this.deps.catalog.project(pending.projectId);
    const chain = this.chain(project ?? undefined);
    if (answer === 'keep') {
      this.tell('erase.kept', chain);
      if (!contact.optedOut) await this.promptCurrent(contact);
      return true;
    }
    // Found through the respondent code, as every answer was stored under it: never by the number.
    this.draft.erasure = { projectId: pending.projectId, respondentCode: this.deps.protector.respondentCode(pending.projectId, this.input.phone), contactKey: contact.contactKey, at: this.input.now.toISOString() };
    this.draft.forgetProject(pending.projectId);
    contact.awaiting = null;
    this.ended = true;
    this.tell('erase.done', chain, { project: project?.name ?? '' });
    return true;
  }

  /**
   * A caller who calls back with nothing left to answer (their survey done, or the round closed) may be
   * calling to take their answers back: before goodbye, the call says that 0 erases them, and listens.
   */
  private async offerEraseOnReturn(): Promise<void> {
    const contact = this.draft.contact;
    if (!this.spoken || !contact || contact.optedOut || contact.erasing || this.ended) return;
    const projectId = this.eraseTarget(contact);
    if (!projectId || !this.holdsAnswers(projectId) || (await this.expectation()).kind !== 'end') return;
    this.offersErase = true;
    this.draft.addBeforeLast(spokenText('call.eraseHint', this.chain(), this.deps.texts), (r) => r.prompt?.kind === 'text' && r.prompt.key === 'call.goodbye');
  }

  // ── menus ─────────────────────────────────────────────────────────────────────────────────────

  private async chooseLanguage(contact: Contact): Promise<void> {
    const offered = await this.offeredLanguages(contact);
    // In a call the keys follow the project's language order, so recorded menu entries keep their key.
    const code = resolveLanguage(this.input.text, this.spoken ? await this.allLanguages(contact) : offered);
    if (!code || !offered.includes(code)) {
      await this.languageMenu(contact);
      return;
    }
    const changed = contact.language !== null;
    contact.language = code;
    contact.awaiting = null;
    this.recordLanguage(contact);
    if (changed) this.tell('language.changed', this.chain());
    else await this.welcome(contact);
    await this.promptCurrent(contact);
  }

  private async chooseProject(contact: Contact): Promise<void> {
    const candidates = await this.candidates(contact);
    if (candidates.length <= 1) {
      // Rounds closed or finished while the menu was pending: nothing to choose any more.
      contact.awaiting = null;
      await this.promptCurrent(contact);
      return;
    }
    const n = readInteger(normalizeText(this.input.text));
    const byName = candidates.find((c) => normalizeText(c.project.name) === normalizeText(this.input.text));
    const chosen = n !== undefined ? candidates[n - 1] : byName;
    if (!chosen) {
      await this.askProject(contact, candidates);
      return;
    }
    contact.activeProjectId = chosen.project.projectId;
    contact.awaiting = null;
    await this.promptCurrent(contact);
  }

  private async askProject(contact: Contact, candidates: Target[]): Promise<void> {
    contact.awaiting = 'project';
    if (this.spoken) {
      this.draft.add(...spokenProjectMenu(candidates.map((c) => c.project.name), this.chain(), this.deps.texts));
      return;
    }
    const list = candidates.map((c, i) => `${i + 1}. ${c.project.name}`).join('\n');
    this.draft.say(`${this.t('project.choose', this.chain())}\n${list}`);
  }

  /** Every join code a person sends goes through the limiter (past its limits: "no such code"), small talk excepted. */
  private async lookUpJoinCode(code: string, opts: { smallTalk?: boolean } = {}): Promise<JoinLookup> {
    const find = (c: string) => this.deps.catalog.projectIdByJoinCode(c);
    if (this.deps.joinLimit && !opts.smallTalk) return this.deps.joinLimit.lookUp(code, this.input.phone, this.input.now, find);
    return { projectId: await find(code), quiet: false };
  }

  // ── enrolment ─────────────────────────────────────────────────────────────────────────────────

  /** JOIN <code>: true when the message was handled (joined, or told the code is unknown). */
  private async join(contact: Contact, code: string, opts: { quietIfUnknown?: boolean } = {}): Promise<boolean> {
    const { projectId, quiet } = await this.lookUpJoinCode(code);
    if (!projectId) {
      if (opts.quietIfUnknown) return false;
      if (!quiet) this.tell('join.unknownCode', this.chain(), { code });
      return true;
    }
    await this.enrol(contact, projectId);
    return true;
  }

  /** After "no" to consent, START (or the join code again) is a change of mind: begin that survey afresh. */
  private async reopenDeclined(contact: Contact, projectIds: readonly string[] = contact.projects): Promise<void> {
    for (const projectId of projectIds) {
      const target = await this.target(projectId);
      const session = target && this.draft.session(projectId, target.round.roundId);
      if (!target || session?.status !== 'declined') continue;
      const reopened: Session = { ...session, status: 'active', flow: startFlow(target.survey).state };
      this.draft.putSession(reopened);
      this.track(contact, reopened, 'started');
      contact.activeProjectId = projectId;
    }
  }

  private async enrol(contact: Contact, projectId: string): Promise<void> {
    const project = await this.deps.catalog.project(projectId);
    if (!project) throw new Error('join code points to a missing project'); // configuration error: let it surface
    if (!contact.projects.includes(projectId)) {
      contact.projects.push(projectId);
      this.draft.enrolments.push({
        projectId,
        contactKey: contact.contactKey,
        language: contact.language,
        channel: this.input.channel,
        source: 'join',
        day: serviceDay(this.input.now),
      });
    }
    contact.activeProjectId = projectId;
    contact.awaiting = null;
    await this.reopenDeclined(contact, [projectId]);
    if (contact.language && !project.languages.includes(contact.language)) contact.language = null;
    if (contact.language) await this.welcome(contact);
    await this.promptCurrent(contact);
  }

  private async welcome(contact: Contact): Promise<void> {
    const project = contact.activeProjectId ? await this.deps.catalog.project(contact.activeProjectId) : null;
    if (project) this.tell('join.welcome', this.chain(project), { project: project.name });
  }

  // ── the survey ────────────────────────────────────────────────────────────────────────────────

  /** Projects with an open round this person has not finished. */
  private async candidates(contact: Contact): Promise<Target[]> {
    const found: Target[] = [];
    for (const projectId of contact.projects) {
      const target = await this.target(projectId);
      const session = target && this.draft.session(projectId, target.round.roundId);
      if (target && (!session || session.status === 'active')) found.push(target);
    }
    return found;
  }

  private async target(projectId: string): Promise<Target | undefined> {
    const [project, round] = await Promise.all([this.deps.catalog.project(projectId), this.deps.catalog.openRound(projectId, this.input.now)]);
    if (!project || !round) return undefined;
    const survey = await this.deps.catalog.survey(round.surveyId, round.surveyVersion);
    if (!survey) throw new Error('round points to a missing survey version');
    return { project, round, survey };
  }

  /** The question this person is answering now, if they are in a survey and no menu is pending. */
  private async currentQuestion(contact: Contact): Promise<Askable | undefined> {
    if (contact.awaiting || !contact.activeProjectId) return undefined;
    const target = await this.target(contact.activeProjectId);
    const session = target && this.draft.session(contact.activeProjectId, target.round.roundId);
    return target && session?.status === 'active' ? currentAskable(target.survey, session.flow) : undefined;
  }

  /** Pick the survey this message belongs to, or say why there is none. */
  private async resolveTarget(contact: Contact): Promise<Target | undefined> {
    if (!contact.language) {
      contact.awaiting = 'language';
      await this.languageMenu(contact);
      return undefined;
    }
    const candidates = await this.candidates(contact);
    const active = candidates.find((c) => c.project.projectId === contact.activeProjectId);
    if (active) return active;
    const only = candidates.length === 1 ? candidates[0] : undefined;
    if (only) {
      contact.activeProjectId = only.project.projectId;
      return only;
    }
    if (candidates.length > 1) {
      await this.askProject(contact, candidates);
      return undefined;
    }
    await this.explainNoSurvey(contact);
    return undefined;
  }

  private async explainNoSurvey(contact: Contact): Promise<void> {
    const sessions = this.draft.allSessions();
    const openRounds = await Promise.all(contact.projects.map((p) => this.deps.catalog.openRound(p, this.input.now)));
    const finishedOpen = sessions.some((s) => (s.status === 'completed' || s.status === 'declined') && openRounds.some((r) => r?.roundId === s.roundId && r.projectId === s.projectId));
    // A survey left unfinished in a round that closed (expired by the scheduler, or not yet): "closed".
    const unfinished = sessions.some((s) => s.status === 'active' || s.status === 'expired');
    const key = finishedOpen ? 'round.alreadyCompleted' : unfinished ? 'round.closed' : 'round.none';
    this.tell(key, this.chain());
  }

  /** Ask whatever is next, without reading the message as an answer (after a join, menu or START). */
  private async promptCurrent(contact: Contact): Promise<void> {
    const target = await this.resolveTarget(contact);
    if (!target) return;
    const session = this.draft.session(target.project.projectId, target.round.roundId);
    const askable = session && currentAskable(target.survey, session.flow);
    if (session && askable) {
      this.track(contact, session, null);
      this.ask(askable, false, this.chain(target.project), target.survey.definition);
      return;
    }
    this.start(contact, target);
  }

  private async answer(contact: Contact, opts: { voiceIndex?: number; silent?: boolean } = {}): Promise<void> {
    const before = contact.activeProjectId;
    const target = await this.resolveTarget(contact);
    if (!target) return;
    const session = this.draft.session(target.project.projectId, target.round.roundId);
    if (!session) {
      this.start(contact, target);
      return;
    }
    if (before !== null && before !== target.project.projectId) {
      // Moved on to another survey by itself (the previous one ended): this message was not meant for
      // the question waiting there, so ask it rather than read the message as its answer.
      await this.promptCurrent(contact);
      return;
    }
    this.track(contact, session, null);
    const voiceNote = opts.voiceIndex !== undefined;
    const step = resumeFlow(target.survey, session.flow, { text: this.input.text, buttonPayload: this.input.buttonPayload ?? undefined, voiceNote, silent: opts.silent });
    const next: Session = { ...session, flow: step.state };
    this.draft.putSession(next);
    this.apply(contact, target, next, step.effects, opts.voiceIndex);
  }

  private start(contact: Contact, target: Target): void {
    const step = startFlow(target.survey);
    const session: Session = {
      contactKey: contact.contactKey,
      projectId: target.project.projectId,
      roundId: target.round.roundId,
      surveyId: target.survey.definition.id,
      surveyVersion: target.survey.definition.version,
      status: 'active',
      flow: step.state,
      version: 0,
    };
    this.draft.putSession(session);
    this.track(contact, session, 'started');
    this.apply(contact, target, session, step.effects);
  }

  /** The chosen language also goes on the person's enrolments (participant counts per language). */
  private recordLanguage(contact: Contact): void {
    for (const projectId of contact.projects) {
      this.draft.enrolments.push({ projectId, contactKey: contact.contactKey, language: contact.language, channel: this.input.channel, source: 'join', day: serviceDay(this.input.now) });
    }
  }

  /**
   * The person wrote in this round's survey: their activity (the reminder counts from it), and how far
   * they got (null: unchanged). Folded into the message's one transaction, on the round entry.
   */
  private track(contact: Contact, session: Pick<Session, 'projectId' | 'roundId'>, progress: RoundProgress | null, extra: { hearBack?: true } = {}): void {
    this.draft.track({
      projectId: session.projectId,
      roundId: session.roundId,
      contactKey: contact.contactKey,
      progress,
      language: contact.language,
      channel: this.input.channel,
      lastActivityAt: this.input.now.toISOString(),
      ...extra,
    });
  }

  /** STOP: every open round this person is in counts them as opted out. */
  private async markOpenRounds(contact: Contact, progress: RoundProgress): Promise<void> {
    for (const projectId of contact.projects) {
      const round = await this.deps.catalog.openRound(projectId, this.input.now);
      if (round) this.draft.track({ projectId, roundId: round.roundId, contactKey: contact.contactKey, progress, language: contact.language, channel: this.input.channel });
    }
  }

  /** Carry out the engine's effects into the draft: replies, answers, session status, voice jobs. */
  private apply(contact: Contact, target: Target, session: Session, effects: Effect[], voiceIndex?: number): void {
    const chain = this.chain(target.project);
    const definition = target.survey.definition;
    for (const effect of effects) {
      switch (effect.type) {
        case 'ask': {
          const askable = target.survey.askables.get(effect.questionId);
          if (askable) this.ask(askable, effect.again, chain, definition);
          break;
        }
        case 'record-answer': {
          const respondentCode = this.deps.protector.respondentCode(session.projectId, this.input.phone);
          if (effect.voice && voiceIndex !== undefined) {
            const answer = { projectId: session.projectId, roundId: session.roundId, respondentCode, questionId: effect.questionId };
            this.draft.voiceJobs.push(this.voiceJob(voiceIndex, target.project, contact, answer, 'queued'));
            this.tell('voice.received', chain);
          }
          const language = contact.language ?? definition.languages[0] ?? 'und';
          const asked = target.survey.askables.get(effect.questionId);
          this.draft.answers.push({
            projectId: session.projectId,
            roundId: session.roundId,
            respondentCode,
            surveyId: session.surveyId,
            surveyVersion: session.surveyVersion,
            questionId: effect.questionId,
            // Typed in their own words, like a transcript: a number, an address or a name in it is redacted
            // before it is stored (people write "call me on 0470…" into an open answer).
            value: typeof effect.value === 'string' && asked && takesOwnWords(asked) ? redactTranscript(effect.value, language).text : effect.value,
            status: effect.status,
            language,
            channel: this.input.channel,
            day: serviceDay(this.input.now),
            voice: effect.voice ? 'received' : null,
            transcript: null,
            translation: null,
          });
          // "Yes" to hearing back goes on the round entry (under the contact), where it can be acted on.
          if (asked?.kind === 'consent' && asked.hearBack === true && effect.status === 'answered' && effect.value === 'yes') this.track(contact, session, null, { hearBack: true });
          break;
        }
        case 'passed-over':
          this.tell('invalid.passedOver', chain);
          break;
        case 'complete':
          session.status = 'completed';
          session.flow = forgetAnswers(session.flow);
          this.track(contact, session, 'completed');
          // Among the answers, under the respondent code only: what exports call complete.
          this.draft.completions.push({ projectId: session.projectId, roundId: session.roundId, respondentCode: this.deps.protector.respondentCode(session.projectId, this.input.phone) });
          this.tell('thanks.completed', chain);
          break;
        case 'decline':
          session.status = 'declined';
          session.flow = forgetAnswers(session.flow);
          this.track(contact, session, 'declined');
          this.tell('consent.declined', chain);
          break;
        case 'expire':
          break; // only the scheduler expires a session (rounds/sweep.ts); a message never does
      }
    }
  }

  // ── helpers ───────────────────────────────────────────────────────────────────────────────────

  private newContact(over: Partial<Contact>): Contact {
    return {
      contactKey: this.input.contactKey,
      phoneSealed: this.deps.protector.seal(this.input.phone),
      channel: this.input.channel,
      language: null,
      optedOut: false,
      projects: [],
      activeProjectId: null,
      awaiting: null,
      version: 0,
      ...over,
    };
  }

  /** The project's languages in its order (every supported language outside a project). */
  private async allLanguages(contact: Contact): Promise<string[]> {
    const projectId = contact.activeProjectId ?? contact.projects[0];
    const project = projectId ? await this.deps.catalog.project(projectId) : null;
    return project?.languages.length ? project.languages : [...SUPPORTED_LANGUAGES];
  }

  private async offeredLanguages(contact: Contact): Promise<string[]> {
    const projectId = contact.activeProjectId ?? contact.projects[0];
    const all = await this.allLanguages(contact);
    if (!this.spoken) return all;
    // A call offers the languages it can speak: by a voice, or with every prompt recorded. If none,
    // all of them (better a voice in the wrong accent than silence).
    const target = projectId ? await this.target(projectId) : undefined;
    const scope = target ? { organisationId: target.project.organisationId, surveyId: target.survey.definition.id, surveyVersion: target.survey.definition.version } : null;
    const callable: string[] = [];
    for (const code of all) {
      if (canSay(code) || (scope && target && (await callableLanguage(this.deps.prompts, scope, target.survey, code)))) callable.push(code);
    }
    return callable.length > 0 ? callable : all;
  }

  private chain(project?: Project): LanguageChain {
    return languageChain(this.draft.contact?.language ?? null, project?.fallbackLanguages ?? []);
  }

  private t(key: Parameters<Texts['t']>[0], chain: LanguageChain, vars?: Record<string, string | number>): string {
    return this.deps.texts.t(key, chain, vars);
  }
}
