import type { MessageDelivery } from './rounds/delivery-state.js';
import type { PromptRef } from './calls/prompts.js';
import * as z from '../kernel/zod.js';
import type { AnswerValue } from '../flows/answers.js';
import type { AnswerStatus } from '../flows/compile.js';
import type { FlowState } from '../flows/engine.js';
import type { VoiceStatus } from './voice/model.js';
import type { QuietHours } from './quiet-hours.js';
import type { SpeechRef, VoiceNoteChoice, VoiceNoteMode } from './voice-notes/speech.js';

/** The records the conversation works with. Stores map them to items; nothing here holds a phone number in clear. */

export const Channel = z.enum(['sms', 'whatsapp', 'voice']);
export type Channel = z.infer<typeof Channel>;

export interface Project {
  projectId: string;
  organisationId: string;
  /** Shown to participants when they choose between projects. */
  name: string;
  /** Languages offered to participants, in menu order. */
  languages: string[];
  /** Tried in order when a text is missing in the participant's language, e.g. ["en", "nl"]. */
  fallbackLanguages: string[];
  joinCode: string;
  /**
   * Approved WhatsApp templates (Twilio Content SIDs, `HX…`) per language, for invitations and reminders:
   * outside the 24-hour window WhatsApp accepts nothing else.
   */
  whatsappTemplates: Record<string, string>;
  /** The project's number for phone calls (E.164): a caller Stem does not know joins this project. */
  callNumber?: string | null | undefined;
  /**
   * Outside a person's 24-hour WhatsApp window and without an approved template in their language: send
   * by SMS instead, call instead, or send nothing (the invitation fails with the reason). Default: SMS.
   */
  whatsappFallback?: WhatsappFallback | undefined;
  /** How results are shown (core/disclosure): k, and whether respondent codes link the rounds. */
  disclosure?: DisclosureSettings | undefined;
  /** When nobody is contacted (core/quiet-hours.ts); absent: the default, nights. */
  quietHours?: QuietHours | undefined;
  /**
   * Keeps a suggestion box (core/suggestions/box.ts): what an enrolled person writes when no survey waits
   * for them is kept as spontaneous feedback, released like any answer, instead of "no survey open".
   */
  suggestionBox?: boolean | undefined;
  /** WhatsApp questions as voice notes (core/voice-notes/speech.ts). Default: text only. */
  voiceNotes?: VoiceNoteMode | undefined;
}

/**
 * `k`: the smallest group any published number may be about (5 at least; a project may raise it).
 * `linkRounds`: compare the same people across rounds — respondent codes are then the same in every round
 * of the project; otherwise each round has its own.
 */
export const DisclosureSettings = z.object({
  k: z.optional(z.int().check(z.minimum(5, 'at least 5: a smaller group could be singled out'), z.maximum(50))),
  linkRounds: z.optional(z.boolean()),
});
export type DisclosureSettings = z.infer<typeof DisclosureSettings>;

export const WhatsappFallback = z.enum(['sms', 'voice', 'none']);
export type WhatsappFallback = z.infer<typeof WhatsappFallback>;

/**
 * How an invitation (or "you said, we did") reached the person: by their channel, by WhatsApp inside the
 * 24-hour window (free text) or with an approved template, or by SMS or a call instead of WhatsApp.
 */
export const ReachedBy = z.enum(['sms', 'voice', 'whatsapp', 'whatsapp-template', 'sms-instead', 'voice-instead']);
export type ReachedBy = z.infer<typeof ReachedBy>;

/** WhatsApp lets a business write freely only within 24 hours of the person's last message. */
export const WHATSAPP_WINDOW_MS = 24 * 3600 * 1000;

export interface Round {
  projectId: string;
  roundId: string;
  /** e.g. start / midway / end: how rounds of one project are compared. */
  label: string;
  surveyId: string;
  surveyVersion: number;
  opensAt: string;
  closesAt: string;
  /**
   * Remind those who have not finished, once, this many hours after they last wrote in the survey (or
   * after the invitation, if they never replied); null: never.
   */
  reminderAfterHours: number | null;
  /**
   * When the scheduler expired the sessions left unfinished at the close (null until then): from that
   * moment a respondent without a completion marker counts as incomplete rather than in progress.
   */
  expiredAt?: string | null | undefined;
  /**
   * Launched ahead of its opening: people who join with the code before it opens have no invitation to
   * it yet, so on its opening the scheduler gives one to everyone enrolled without, once, and clears this.
   */
  inviteAtOpening?: boolean | undefined;
  /**
   * "You said, we did" copies held by quiet hours: from this time the scheduler hands the copies still
   * queued to the delivery queue again, and clears it (core/feedback/send-feedback.ts `resumeFeedback`).
   */
  feedbackHeldUntil?: string | null | undefined;
}

/** A person taking part in a project: imported by staff or joined with the code. No phone number here. */
export interface Enrolment {
  projectId: string;
  contactKey: string;
  language: string | null;
  channel: Channel;
  source: 'import' | 'join';
  day: string;
}

export type InvitationStatus = 'queued' | 'sending' | 'invited' | 'opted-out' | 'failed';
export type RoundProgress = 'none' | 'started' | 'completed' | 'declined' | 'opted-out';

/** One person in one round: whether they were invited (and reminded) and how far they got. */
export interface Invitation {
  projectId: string;
  roundId: string;
  contactKey: string;
  language: string | null;
  channel: Channel;
  status: InvitationStatus | 'joined';
  /** Why it failed, in words staff can act on; never provider data. */
  failure: string | null;
  invitedAt: string | null;
  remindedAt: string | null;
  progress: RoundProgress;
  /** Phone calls placed for this invitation (busy, no answer and voicemail are tried again). */
  callAttempts?: number | undefined;
  /** Not before this time is a queued invitation sent again (the next call after no answer). */
  retryAfter?: string | null | undefined;
  /** How the invitation last reached the person (see ReachedBy); null until it went out. */
  reachedBy?: ReachedBy | null | undefined;
  /** When the person last wrote in this round's survey: the reminder counts from it. Never on answers. */
  lastActivityAt?: string | null | undefined;
  /**
   * They said yes to hearing back what was done with the answers ("you said, we did"). Kept here, under
   * the contact, so it can be acted on; the anonymous answer itself is stored like any other.
   */
  hearBack?: boolean | undefined;
  /** What the provider reported of the invitation message after taking it (delivered, not delivered and why…). */
  delivery?: MessageDelivery | null | undefined;
  /** The same for the reminder. */
  reminderDelivery?: MessageDelivery | null | undefined;
}

/** What a contact is waiting to hear from the participant, outside any survey. */
export type Awaiting = 'language' | 'project' | null;

export interface Contact {
  contactKey: string;
  /** AES-256-GCM sealed E.164 number; only the contacts module can open it. */
  phoneSealed: string;
  channel: Channel;
  language: string | null;
  optedOut: boolean;
  projects: string[];
  activeProjectId: string | null;
  awaiting: Awaiting;
  /** Until when WhatsApp lets us write freely (24 hours after their last WhatsApp message); null: closed. */
  whatsappWindowUntil?: string | null | undefined;
  /**
   * They sent DELETE and were asked to confirm: the project whose answers a YES erases, and until when
   * the question stands (it also lapses with their next message that is not a yes or a no).
   */
  erasing?: { projectId: string; until: string } | null | undefined;
  /**
   * In a call they pressed "call me later" and were offered these times (ISO, by key 1…; null where a
   * time is not offered): their next key picks one, until `until` (core/conversation/plan/call-later.ts).
   */
  callBack?: CallBackOffer | null | undefined;
  /** They asked for the questions as voice notes, or in writing only (VOICE / TEXT); null: as the project chose. */
  voiceNotes?: VoiceNoteChoice | null | undefined;
  /** Optimistic lock: the version read; a commit writes version + 1 on condition. */
  version: number;
}

export interface CallBackOffer {
  projectId: string;
  roundId: string;
  slots: Array<string | null>;
  until: string;
}

/** `expired`: still unfinished when the round closed; its answers are kept and count as incomplete. */
export type SessionStatus = 'active' | 'completed' | 'declined' | 'expired';

export interface Session {
  contactKey: string;
  projectId: string;
  roundId: string;
  surveyId: string;
  surveyVersion: number;
  // No respondent code here: the session sits under the contact, and the code is derived afresh from
  // the phone number for each answer, so table data alone never links a contact to its answers.
  status: SessionStatus;
  flow: FlowState;
  /**
   * The open answer just given here, which messages sent right after it may still join (a burst:
   * core/conversation/plan/own-words.ts): its question, when its last part came (the burst window counts
   * from it; the planner reads no clock) and its stored length. Null once anything else is answered.
   */
  openAnswer?: OpenAnswer | null | undefined;
  version: number;
}

export interface OpenAnswer {
  questionId: string;
  at: string;
  /** Characters stored as the answer so far (code points), against the author's cap. */
  length: number;
}

/**
 * What an answer record is. The engine's own: `answered`, `skipped`, `unreadable` (passed over). Beside
 * them, at the same question: `comment` (words that could not be an answer, or what went over the author's
 * cap) and `continued` (more of an open answer, sent in a burst). Results and exports read `continued` as
 * part of its answer (core/results/respondents.ts `joinParts`) and count neither.
 */
export type AnswerRecordStatus = AnswerStatus | 'comment' | 'continued';

export interface Answer {
  projectId: string;
  roundId: string;
  /** Pseudonymous: stable within a project, different across projects, not derivable without the key. */
  respondentCode: string;
  surveyId: string;
  surveyVersion: number;
  questionId: string;
  value: AnswerValue | null;
  status: AnswerRecordStatus;
  /**
   * Comments and continued parts only: their order among the records of one question (unique per
   * respondent and question; the answer itself has none). Part of the record's key, so none replaces another.
   */
  seq?: number | undefined;
  language: string;
  channel: Channel;
  /** The day only (YYYY-MM-DD): a time of day could single a person out. */
  day: string;
  /** Voice answers only: where the transcript is, and the redacted transcript once there. */
  voice: VoiceStatus | null;
  transcript: string | null;
  /** A person's Dutch or French translation of a transcript, redacted too. */
  translation: string | null;
}

/**
 * Among a round's answers: this respondent finished the survey. Written in the commit that completes the
 * session; it carries no time and nothing of the contact, so it is as anonymous as the answers.
 */
export interface Completion {
  projectId: string;
  roundId: string;
  respondentCode: string;
}

/** One part of the reply to an inbound message. */
export interface Reply {
  text: string;
  /** The language it is in, where the channel needs to know (a call picks its voice by it). */
  lang?: string | undefined;
  /** In a call: the recording that can stand in for it where no voice speaks the language. */
  prompt?: PromptRef | undefined;
  /** Over WhatsApp: a picture sent with the text (the triad's numbered triangle, corners in `language`). */
  picture?: PictureRef | undefined;
  /** Over WhatsApp: the question's answers to tap (core/conversation/taps.ts); the text keeps them numbered. */
  choices?: TapChoices | undefined;
  /** Over WhatsApp: the question as a voice note; the edge sends it only where a voice or a recording can say it. */
  speech?: SpeechRef | undefined;
  /** With `speech`, "voice first": the text that follows the voice note instead of `text` (the answer options). */
  afterSpeech?: string | undefined;
}

/**
 * A closed question's answers as WhatsApp buttons (up to three) or a list (up to ten), in the participant's
 * language. Full labels: the channel adapter fits them to its limits. Each id names the survey version,
 * question and answer (core/conversation/taps.ts), so a tap on an older question is never read as this one's.
 */
export interface TapChoices {
  /** The labels' language (ISO 639-1), as the channel records it. */
  language: string;
  options: Array<{ id: string; title: string }>;
  /** What the list's button says (a list needs one; buttons do not). */
  listButton: string;
}

/** A generated picture, named by what it shows; the channel adapter turns it into a (signed) URL. */
export interface PictureRef {
  kind: 'triad';
  surveyId: string;
  surveyVersion: number;
  questionId: string;
  language: string;
}
