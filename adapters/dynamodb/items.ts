import * as z from '../../kernel/zod.js';
import { SurveyDefinition } from '../../flows/definition.js';
import { MessageDelivery } from '../../core/rounds/delivery-state.js';
import { WEEKDAYS } from '../../core/quiet-hours.js';
import { VoiceNoteChoice, VoiceNoteMode } from '../../core/voice-notes/speech.js';
import {
  Channel,
  DisclosureSettings,
  ReachedBy,
  WhatsappFallback,
  type Answer,
  type Completion,
  type Contact,
  type Enrolment,
  type Invitation,
  type Project,
  type Round,
  type Session,
} from '../../core/model.js';

/** Items read back from the table are parsed, not cast: a malformed item fails loudly here. */

const Value = z.union([z.string(), z.number()]);

const ContactItem = z.object({
  contactKey: z.string(),
  phoneSealed: z.string(),
  channel: Channel,
  language: z.nullable(z.string()),
  optedOut: z.boolean(),
  projects: z.array(z.string()),
  activeProjectId: z.nullable(z.string()),
  awaiting: z.nullable(z.enum(['language', 'project'])),
  whatsappWindowUntil: z._default(z.nullable(z.string()), null),
  erasing: z._default(z.nullable(z.object({ projectId: z.string(), until: z.string() })), null),
  callBack: z._default(z.nullable(z.object({ projectId: z.string(), roundId: z.string(), slots: z.array(z.nullable(z.string())), until: z.string() })), null),
  voiceNotes: z._default(z.nullable(VoiceNoteChoice), null),
  version: z.int(),
});

const FlowStateItem = z.object({
  value: z.string(),
  context: z.object({ answers: z.record(z.string(), z.nullable(Value)), reprompts: z.int() }),
  done: z.boolean(),
});

const SessionItem = z.object({
  contactKey: z.string(),
  projectId: z.string(),
  roundId: z.string(),
  surveyId: z.string(),
  surveyVersion: z.int(),
  status: z.enum(['active', 'completed', 'declined', 'expired']),
  flow: FlowStateItem,
  openAnswer: z._default(z.nullable(z.object({ questionId: z.string(), at: z.string(), length: z.int() })), null),
  version: z.int(),
});

const AnswerItem = z.object({
  projectId: z.string(),
  roundId: z.string(),
  respondentCode: z.string(),
  surveyId: z.string(),
  surveyVersion: z.int(),
  questionId: z.string(),
  value: z.nullable(Value),
  status: z.enum(['answered', 'skipped', 'unreadable', 'comment', 'continued']),
  seq: z.optional(z.int()),
  language: z.string(),
  channel: Channel,
  day: z.string(),
  voice: z._default(z.nullable(z.enum(['received', 'transcribing', 'transcribed', 'needs-human', 'unsupported', 'failed'])), null),
  transcript: z._default(z.nullable(z.string()), null),
  translation: z._default(z.nullable(z.string()), null),
});

const ProjectItem = z.object({
  projectId: z.string(),
  organisationId: z.string(),
  name: z.string(),
  languages: z.array(z.string()),
  fallbackLanguages: z.array(z.string()),
  joinCode: z.string(),
  whatsappTemplates: z._default(z.record(z.string(), z.string()), {}),
  callNumber: z._default(z.nullable(z.string()), null),
  whatsappFallback: z._default(WhatsappFallback, 'sms'),
  disclosure: z.optional(DisclosureSettings),
  // Checked when staff set them (core/quiet-hours-input.ts); read back by shape.
  quietHours: z.optional(z.object({ timeZone: z.string(), blocks: z.array(z.object({ days: z.array(z.enum(WEEKDAYS)), from: z.string(), to: z.string() })) })),
  suggestionBox: z.optional(z.boolean()),
  voiceNotes: z._default(VoiceNoteMode, 'text'),
});

const RoundItem = z.object({
  projectId: z.string(),
  roundId: z.string(),
  label: z.string(),
  surveyId: z.string(),
  surveyVersion: z.int(),
  opensAt: z.string(),
  closesAt: z.string(),
  reminderAfterHours: z._default(z.nullable(z.number()), null),
  expiredAt: z._default(z.nullable(z.string()), null),
  inviteAtOpening: z._default(z.boolean(), false),
  feedbackHeldUntil: z.optional(z.nullable(z.string())),
});

const EnrolmentItem = z.object({
  projectId: z.string(),
  contactKey: z.string(),
  language: z.nullable(z.string()),
  channel: Channel,
  source: z.enum(['import', 'join']),
  day: z.string(),
});

const InvitationItem = z.object({
  projectId: z.string(),
  roundId: z.string(),
  contactKey: z.string(),
  language: z._default(z.nullable(z.string()), null),
  channel: Channel,
  status: z.enum(['queued', 'sending', 'invited', 'opted-out', 'failed', 'joined']),
  failure: z._default(z.nullable(z.string()), null),
  invitedAt: z._default(z.nullable(z.string()), null),
  remindedAt: z._default(z.nullable(z.string()), null),
  progress: z._default(z.enum(['none', 'started', 'completed', 'declined', 'opted-out']), 'none'),
  callAttempts: z._default(z.int(), 0),
  retryAfter: z._default(z.nullable(z.string()), null),
  reachedBy: z._default(z.nullable(ReachedBy), null),
  lastActivityAt: z._default(z.nullable(z.string()), null),
  hearBack: z._default(z.boolean(), false),
  delivery: z._default(z.nullable(MessageDelivery), null),
  reminderDelivery: z._default(z.nullable(MessageDelivery), null),
});

const CompletionItem = z.object({ projectId: z.string(), roundId: z.string(), respondentCode: z.string() });

export const SurveyItem = z.object({ definition: SurveyDefinition, organisationId: z._default(z.string(), 'template'), frozen: z.boolean() });

const strip =
  <T>(schema: z.ZodMiniType<T>) =>
  (item: Record<string, unknown>): T =>
    schema.parse(item);

export const contactFromItem: (item: Record<string, unknown>) => Contact = strip(ContactItem);
export const sessionFromItem: (item: Record<string, unknown>) => Session = strip(SessionItem);
export const answerFromItem: (item: Record<string, unknown>) => Answer = strip(AnswerItem);
export const projectFromItem: (item: Record<string, unknown>) => Project = strip(ProjectItem);
export const roundFromItem: (item: Record<string, unknown>) => Round = strip(RoundItem);
export const enrolmentFromItem: (item: Record<string, unknown>) => Enrolment = strip(EnrolmentItem);
export const invitationFromItem: (item: Record<string, unknown>) => Invitation = strip(InvitationItem);
export const completionFromItem: (item: Record<string, unknown>) => Completion = strip(CompletionItem);
