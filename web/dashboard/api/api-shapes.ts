import * as z from '../../../kernel/zod.js';
import { LanguageReviewRow } from './translation-shapes.js';

/**
 * The parts of the API's JSON answers the dashboard shows, checked when they arrive (a cast is not
 * validation). Unknown extra fields are dropped; a missing one is a bug in the dashboard or the API.
 */

/** A project language a survey lacks, and what its speakers get instead (a refused launch names them). */
export const LanguageGap = z.object({ language: z.string(), getsLanguage: z.string() });
export type LanguageGap = z.infer<typeof LanguageGap>;

export const Problem = z.object({
  title: z.string(),
  status: z.number(),
  detail: z.optional(z.string()),
  errors: z._default(z.array(z.object({ field: z.string(), message: z.string() })), []),
  missingLanguages: z.optional(z.array(LanguageGap)),
});
export type Problem = z.infer<typeof Problem>;
export type FieldError = Problem['errors'][number];

export const Me = z.object({
  role: z.enum(['staff', 'coordinator', 'interpreter']),
  userId: z.string(),
  // null: an independent interpreter of the network.
  organisationId: z.optional(z.nullable(z.string())),
  organisation: z.optional(z.nullable(z.object({ organisationId: z.string(), name: z.string() }))),
});
export type Me = z.infer<typeof Me>;

export const Project = z.object({
  projectId: z.string(),
  organisationId: z.string(),
  name: z.string(),
  languages: z.array(z.string()),
  fallbackLanguages: z.array(z.string()),
  // Not shown to coordinators (the API leaves them out).
  joinCode: z._default(z.string(), ''),
  whatsappTemplates: z._default(z.record(z.string(), z.string()), {}),
  callNumber: z._default(z.nullable(z.string()), null),
  disclosure: z._default(z.object({ k: z.optional(z.number()), linkRounds: z.optional(z.boolean()) }), {}),
  /** Absent: the default (nights). The API's schema is core/quiet-hours.ts. */
  quietHours: z.optional(z.object({ timeZone: z.string(), blocks: z.array(z.object({ days: z.array(z.string()), from: z.string(), to: z.string() })) })),
  suggestionBox: z._default(z.boolean(), false),
  /** Coordinators: the organisation's name and what it shares of the project with the network (core/access/sharing.ts). */
  organisationName: z.optional(z.string()),
  sharing: z.optional(z.enum(['summary', 'themes', 'rows'])),
});
export type Project = z.infer<typeof Project>;
export type QuietHours = NonNullable<Project['quietHours']>;
export const QuietHoursSaved = z.object({
  quietHours: z.object({ timeZone: z.string(), blocks: z.array(z.object({ days: z.array(z.string()), from: z.string(), to: z.string() })) }),
});
export const ProjectList = z.object({ projects: z.array(Project) });
export const ProjectCreated = z.object({ project: Project });

export const Round = z.object({
  roundId: z.string(),
  label: z.string(),
  surveyId: z.string(),
  surveyVersion: z.number(),
  opensAt: z.string(),
  closesAt: z.string(),
  reminderAfterHours: z.nullable(z.number()),
});
export type Round = z.infer<typeof Round>;
export const ProjectWithRounds = z.object({ project: Project, rounds: z.array(Round) });

/** A count, or `{ suppressed: true }`: disclosure control hides counts of small groups (core/disclosure). */
const CountCell = z.union([z.number(), z.object({ suppressed: z.literal(true) })]);
const Counts = z.object({
  enrolled: CountCell,
  invited: CountCell,
  started: CountCell,
  completed: CountCell,
  declined: CountCell,
  optedOut: CountCell,
  failed: CountCell,
  hearBack: z._default(CountCell, { suppressed: true }),
});
export type Counts = z.infer<typeof Counts>;
export const Progress = z.object({
  total: Counts,
  // Staff only: coordinators see totals.
  byLanguage: z._default(z.record(z.string(), Counts), {}),
  byChannel: z._default(z.record(z.string(), Counts), {}),
  failures: z._default(z.record(z.string(), CountCell), {}),
  reachedBy: z._default(z.record(z.string(), CountCell), {}),
  notDelivered: z._default(z.record(z.string(), CountCell), {}),
  waiting: z._default(z.record(z.string(), CountCell), {}),
});
export type Progress = z.infer<typeof Progress>;
export const RoundsWithProgress = z.object({
  rounds: z.array(z.object({ round: Round, progress: Progress, quietUntil: z._default(z.nullable(z.string()), null) })),
});
export type RoundWithProgress = z.infer<typeof RoundsWithProgress>['rounds'][number];
export const LaunchResult = z.object({ round: Round, invitations: z.number(), quietUntil: z._default(z.nullable(z.string()), null) });
export const RoundClosed = z.object({ round: Round });

/** Who takes part, as counts: per language and channel through disclosure control. */
export const Participants = z.object({
  count: z.number(),
  byLanguage: z.record(z.string(), CountCell),
  byChannel: z.record(z.string(), CountCell),
});
export type Participants = z.infer<typeof Participants>;

export const ImportReport = z.object({
  imported: z.boolean(),
  rows: z.number(),
  enrolled: z.number(),
  rejected: z.array(z.object({ line: z.number(), column: z.string(), reason: z.string() })),
});
export type ImportReport = z.infer<typeof ImportReport>;

export const LocalizedText = z.record(z.string(), z.string());
export const SurveySummary = z.object({
  surveyId: z.string(),
  version: z.number(),
  title: LocalizedText,
  languages: z.array(z.string()),
  questions: z.number(),
  frozen: z.optional(z.boolean()),
  /** Each language's review state (machine / draft / reviewed, by a role, when): shown on the lists and before a launch. */
  reviews: z.optional(z.array(LanguageReviewRow)),
});
export type SurveySummary = z.infer<typeof SurveySummary>;
export const SurveyList = z.object({ surveys: z.array(SurveySummary) });
export const TemplateList = z.object({ templates: z.array(SurveySummary) });
export const SurveyCreated = z.object({ survey: SurveySummary });
export const SurveyVersion = z.object({
  definition: z.object({ id: z.string(), version: z.number(), title: LocalizedText, languages: z.array(z.string()) }),
  frozen: z.boolean(),
});
const PreviewChannel = z.enum(['sms', 'whatsapp', 'voice']);
export type PreviewChannel = z.infer<typeof PreviewChannel>;
export const PREVIEW_CHANNELS = PreviewChannel.options;
const VoiceNoteModes = z.enum(['text', 'voice-and-text', 'voice-first']);
export const VOICE_NOTE_MODES = VoiceNoteModes.options;
export type PreviewVoiceNotes = z.infer<typeof VoiceNoteModes>;
/** One WhatsApp message of a question, in the order sent: text (maybe with the picture), voice note, picture, or the one to tap. */
const WhatsappMessage = z.object({
  kind: z.enum(['text', 'voice-note', 'picture', 'taps']),
  text: z.optional(z.string()),
  language: z.optional(z.string()),
  picture: z.optional(z.string()),
});
export type WhatsappMessage = z.infer<typeof WhatsappMessage>;
export const Preview = z.object({
  language: z.string(),
  /** The language shown: the asked one, or (`missing`) what its speakers get instead. */
  shownIn: z.optional(z.string()),
  missing: z.optional(z.boolean()),
  dir: z.enum(['ltr', 'rtl']),
  channel: z._default(PreviewChannel, 'sms'),
  voiceNotes: z.optional(VoiceNoteModes),
  messages: z.array(
    z.object({
      questionId: z.string(),
      kind: z.string(),
      text: z.string(),
      sms: z.optional(z.object({ parts: z.number(), encoding: z.enum(['GSM-7', 'UCS-2']) })),
      whatsapp: z.optional(
        z.object({
          messages: z.array(WhatsappMessage),
          buttons: z.array(z.object({ id: z.string(), label: z.string(), description: z.optional(z.string()) })),
          list: z.nullable(z.object({ button: z.string() })),
          picture: z.nullable(z.string()),
          voiceNote: z.nullable(z.object({ text: z.string(), language: z.string() })),
        }),
      ),
      voice: z.optional(z.object({ prompts: z.array(z.object({ text: z.string(), language: z.string(), recorded: z.boolean() })) })),
    }),
  ),
});
export type Preview = z.infer<typeof Preview>;

/** A count, or hidden because fewer than k respondents stand behind it. */
export const Cell = z.union([z.number(), z.object({ suppressed: z.literal(true) })]);
export type Cell = z.infer<typeof Cell>;
