import * as z from '../../kernel/zod.js';

/**
 * The parts of the API's JSON answers the dashboard shows, checked when they arrive (a cast is not
 * validation). Unknown extra fields are dropped; a missing one is a bug in the dashboard or the API.
 */

export const Problem = z.object({
  title: z.string(),
  status: z.number(),
  detail: z.optional(z.string()),
  errors: z._default(z.array(z.object({ field: z.string(), message: z.string() })), []),
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
});
export type Project = z.infer<typeof Project>;
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
});
export type Progress = z.infer<typeof Progress>;
export const RoundsWithProgress = z.object({ rounds: z.array(z.object({ round: Round, progress: Progress })) });
export type RoundWithProgress = z.infer<typeof RoundsWithProgress>['rounds'][number];
export const LaunchResult = z.object({ round: Round, invitations: z.number() });
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

const LocalizedText = z.record(z.string(), z.string());
export const SurveySummary = z.object({
  surveyId: z.string(),
  version: z.number(),
  title: LocalizedText,
  languages: z.array(z.string()),
  questions: z.number(),
  frozen: z.optional(z.boolean()),
});
export type SurveySummary = z.infer<typeof SurveySummary>;
export const SurveyList = z.object({ surveys: z.array(SurveySummary) });
export const TemplateList = z.object({ templates: z.array(SurveySummary) });
export const SurveyCreated = z.object({ survey: SurveySummary });
export const SurveyVersion = z.object({
  definition: z.object({ id: z.string(), version: z.number(), title: LocalizedText, languages: z.array(z.string()) }),
  frozen: z.boolean(),
});
export const Preview = z.object({
  language: z.string(),
  dir: z.enum(['ltr', 'rtl']),
  messages: z.array(z.object({ questionId: z.string(), kind: z.string(), text: z.string() })),
});
export type Preview = z.infer<typeof Preview>;

/** A count, or hidden because fewer than k respondents stand behind it. */
const Cell = z.union([z.number(), z.object({ suppressed: z.literal(true) })]);
export type Cell = z.infer<typeof Cell>;
const RoundRef = { roundId: z.string(), label: z.string() };
/** Rounds compared over the project's life (core/results/compare.ts); `value` null: the round did not ask it. */
export const Lifecycle = z.object({
  k: z.number(),
  rounds: z.array(z.object(RoundRef)),
  trends: z.array(z.object({ questionId: z.string(), text: z.string(), points: z.array(z.object({ ...RoundRef, value: z.nullable(Cell) })) })),
  agreement: z.array(
    z.object({
      questionId: z.string(),
      text: z.string(),
      points: z.array(
        z.object({
          ...RoundRef,
          value: z.nullable(z.union([z.object({ percent: z.number(), respondents: z.number() }), z.object({ suppressed: z.literal(true) })])),
        }),
      ),
    }),
  ),
  dyadShifts: z.array(
    z.object({
      questionId: z.string(),
      text: z.string(),
      poles: z.tuple([z.string(), z.string()]),
      from: z.object({ ...RoundRef, mean: Cell }),
      to: z.object({ ...RoundRef, mean: Cell }),
      shift: z.nullable(z.number()),
    }),
  ),
  returning: z.object({
    linked: z._default(z.boolean(), false),
    first: z.nullable(z.object(RoundRef)),
    last: z.nullable(z.object(RoundRef)),
    inSeveralRounds: Cell,
    firstAndLast: Cell,
    energy: z.nullable(z.object({ pairs: Cell, change: Cell })),
  }),
});
export type Lifecycle = z.infer<typeof Lifecycle>;

export const ProjectSummary = z.object({
  projectId: z.string(),
  name: z.string(),
  k: z.number(),
  linkRounds: z._default(z.boolean(), false),
  rounds: z.array(
    z.object({
      ...z.omit(Round, { reminderAfterHours: true }).shape,
      release: z.object({ number: z.number(), respondents: Cell, createdAt: z.nullable(z.string()) }),
      respondents: Cell,
      complete: z.optional(Cell),
      incomplete: z.optional(Cell),
      declined: z.optional(Cell),
      otherOutcome: z.optional(Cell),
      languages: z.record(z.string(), Cell),
      channels: z.record(z.string(), Cell),
      questions: z.array(
        z.object({
          questionId: z.string(),
          kind: z.string(),
          text: z.string(),
          respondents: Cell,
          mean: z.optional(Cell),
          values: z.optional(z.record(z.string(), Cell)),
          poles: z.optional(z.tuple([z.string(), z.string()])),
          corners: z.optional(z.tuple([z.string(), z.string(), z.string()])),
        }),
      ),
    }),
  ),
  comparison: z.array(
    z.object({
      questionId: z.string(),
      text: z.string(),
      rounds: z.array(z.object({ roundId: z.string(), label: z.string(), mean: Cell, difference: z.nullable(z.number()) })),
    }),
  ),
  lifecycle: z.optional(Lifecycle),
});
export type ProjectSummary = z.infer<typeof ProjectSummary>;

/** The human transcription queue (interpreters of the network; the organisation's own people when it allows; coordinators get an empty list). */
export const VoiceQueue = z.object({
  jobs: z.array(
    z.object({
      jobId: z.string(),
      projectId: z.nullable(z.string()),
      roundId: z.nullable(z.string()),
      questionId: z.nullable(z.string()),
      language: z.nullable(z.string()),
      day: z.string(),
      /** Why no machine transcribed it; null: no speech-to-text for this language here. */
      reason: z.nullable(z.string()),
      /** Someone else is listening to it now (for 30 minutes at most). */
      takenByColleague: z.boolean(),
      /** `network`: heard as a stranger, told nothing about organisation, project or question. */
      access: z.enum(['own', 'network']),
    }),
  ),
  /** Whether the caller's organisation lets its own people hear its participants' voices, and why (null: it does not, or no organisation). */
  ownListening: z.nullable(z.object({ reason: z.string(), since: z.string() })),
  /** Staff may change that choice. */
  canChange: z.boolean(),
});
export type VoiceQueue = z.infer<typeof VoiceQueue>;
export const OwnListeningView = z.object({ ownListening: VoiceQueue.shape.ownListening, canChange: z.boolean() });
export type VoiceJob = VoiceQueue['jobs'][number];
export const TranscriptSaved = z.object({ ok: z.literal(true) });

/** Just the question texts of a survey version, to say which question a voice answer answers. */
const SurveyQuestion = z.object({
  id: z.string(),
  text: LocalizedText,
  probe: z.optional(z.object({ text: LocalizedText })),
});
export const SurveyQuestions = z.object({
  definition: z.object({ id: z.string(), version: z.number(), languages: z.array(z.string()), questions: z.array(SurveyQuestion) }),
});
export type SurveyQuestions = z.infer<typeof SurveyQuestions>;

export const VoiceAnswers = z.object({
  round: z.object({ roundId: z.string(), label: z.string() }),
  answers: z.array(
    z.object({
      respondentCode: z.string(),
      questionId: z.string(),
      questionText: z.string(),
      voice: z.string(),
      transcript: z.nullable(z.string()),
      translation: z.nullable(z.string()),
      day: z.string(),
    }),
  ),
});
export type VoiceAnswers = z.infer<typeof VoiceAnswers>;

/**
 * The recorded call prompts of a project, for the survey version of its current round: per language,
 * the Polly voice that speaks it, or what to read (in the project's main language) and what is recorded.
 */
export const PromptsOverview = z.object({
  project: z.object({ id: z.string(), name: z.string() }),
  survey: z.object({ id: z.string(), version: z.number() }),
  mainLanguage: z.nullable(z.string()),
  languages: z.array(
    z.object({
      language: z.string(),
      voice: z.nullable(z.string()),
      required: z.number(),
      missing: z.number(),
      prompts: z.array(
        z.object({
          promptId: z.string(),
          read: z.string(),
          recorded: z.nullable(z.object({ at: z.string(), source: z.string() })),
        }),
      ),
    }),
  ),
});
export type PromptsOverview = z.infer<typeof PromptsOverview>;
export type PromptLanguage = PromptsOverview['languages'][number];
export const StudioCode = z.object({ code: z.string(), expiresAt: z.string(), callNumber: z.nullable(z.string()) });
export type StudioCode = z.infer<typeof StudioCode>;
export const PromptSaved = z.object({ language: z.string(), promptId: z.string(), seconds: z.number() });

/**
 * "You said, we did" of a round (core/feedback): the message per language (and which languages have a
 * recording; the keys of the audio store are not the dashboard's business), who asked to hear back, and
 * once sent, how the copies went.
 */
export const FeedbackReport = z.object({
  feedback: z.nullable(
    z.object({
      texts: z.record(z.string(), z.string()),
      audio: z.record(z.string(), z.string()),
      updatedAt: z.string(),
      sentAt: z.nullable(z.string()),
    }),
  ),
  audience: z.object({ recipients: Cell, byLanguage: z.record(z.string(), Cell), missing: z.array(z.string()) }),
  deliveries: z.object({
    byStatus: z.record(z.string(), Cell),
    byReachedBy: z.record(z.string(), Cell),
    failures: z.record(z.string(), Cell),
    notDelivered: z._default(z.record(z.string(), Cell), {}),
  }),
});
export type FeedbackReport = z.infer<typeof FeedbackReport>;
export const FeedbackSent = z.object({ recipients: Cell, queued: Cell, alreadySent: z.boolean() });
export const FeedbackAudioSaved = z.object({ language: z.string(), seconds: z.number() });
