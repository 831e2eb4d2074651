import type { FeedbackHold, FeedbackStore } from '../../core/feedback/ports.js';
import type { StaffAccounts } from '../../core/access/accounts.js';
import type { Authenticator } from '../../core/access/principal.js';
import type { Catalog } from '../../core/conversation/catalog.js';
import type { CsvReader, ParticipantStore } from '../../core/participants/ports.js';
import type { Clock, ConversationStore, Logger, Protector, StaffDirectory, SurveyTemplates } from '../../core/ports.js';
import type { AnswerSource, ExportDrop, WorkbookWriter } from '../../core/results/ports.js';
import type { JobQueue } from '../../core/rounds/ports.js';
import type { ReleaseStore } from '../../core/disclosure/release.js';
import type { Texts } from '../../core/texts.js';
import type { VoiceDeps } from '../../core/voice/process-voice.js';
import type { InterpreterAccounts } from '../../core/access/interpreters.js';
import type { PromptStore } from '../../core/calls/prompts.js';
import type { StudioCodes } from '../../core/calls/studio.js';
import type { AnswerLookup, CodingStore } from '../../core/coding/ports.js';
import type { SaidDidStore } from '../../core/feedback/said-did-ports.js';
import type { SharingStore } from '../../core/access/sharing.js';
import type { LibraryStore } from '../../core/library/library.js';

/** What the staff API needs; the composition roots (Lambda, local) provide it. */
export interface ApiDeps {
  /** Projects, rounds, survey versions, and a round's "you said, we did" held by quiet hours. */
  directory: StaffDirectory & FeedbackHold;
  users: StaffAccounts;
  /** Who is calling: Cognito in the cloud; the local tokens in `users` when absent. */
  authenticator?: Authenticator;
  participants: ParticipantStore;
  /** Reads an uploaded participant list. */
  readCsv: CsvReader;
  store: ConversationStore;
  catalog: Catalog;
  /** The built-in templates staff can start a survey or a round from. */
  templates: SurveyTemplates;
  answers: AnswerSource;
  protector: Protector;
  texts: Texts;
  queue: JobQueue;
  clock: Clock;
  logger: Logger;
  voice: VoiceDeps;
  /**
   * Where the network's independent interpreter accounts live: absent, the local accounts in `users`
   * (only when `authenticator` is absent too: in the cloud Cognito's groups are the accounts).
   */
  interpreters?: InterpreterAccounts;
  prompts: PromptStore;
  studioCodes: StudioCodes;
  /** The rounds' "you said, we did" messages. */
  feedback: FeedbackStore;
  /** Releases of rounds' results (disclosure control: results change only in steps of k). */
  releases: ReleaseStore;
  /** Codebooks, tags and what the code counts published (core/coding). */
  coding: CodingStore;
  /** What each project shares with the network's coordinators (core/access/sharing.ts). */
  sharing: SharingStore;
  /** One answer by its key: tagging checks the answer it tags. */
  answerLookup: AnswerLookup;
  /** "You said, we did" items: staff's actions, linked to codes and answers (core/feedback/said-did.ts). */
  saidDid: SaidDidStore;
  /** Where CSV downloads go in Lambda (a response is at most 6 MB); locally they are the response. */
  exports?: ExportDrop;
  /** Writes XLSX exports (exceljs, loaded on the first). */
  workbooks: WorkbookWriter;
  /** The network's shared library of surveys (core/library/library.ts). */
  library: LibraryStore;
}

/**
 * What the authoring routes (surveys, templates, the library, translation: http/api/authoring-api-app.ts)
 * need: the shared store without what only the staff API's own routes use (queues, voices, exports,
 * participant lists), so that their function (functions/authoring-api.ts) carries none of it.
 */
export type AuthoringDeps = Omit<ApiDeps, 'queue' | 'voice' | 'exports' | 'workbooks' | 'readCsv'>;
