import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { parseCsv } from '../../adapters/csv/rfc4180-reader.js';
import { templateLibrary } from '../../adapters/templates/template-library.js';
import { ExceljsWorkbooks } from '../../adapters/xlsx/exceljs-workbook.js';
import { pause } from '../../adapters/time/pause.js';
import { systemClock } from '../../adapters/time/system-clock.js';
import { NodeCryptoProtector, type ProtectorKeys } from '../../adapters/crypto/node-protector.js';
import { DynamoDbAnswerSource } from '../../adapters/dynamodb/answer-source.js';
import { DynamoDbReleases } from '../../adapters/dynamodb/releases.js';
import { DynamoDbAnswerLookup } from '../../adapters/dynamodb/answer-lookup.js';
import { DynamoDbSharing } from '../../adapters/dynamodb/sharing-store.js';
import { DynamoDbLibrary } from '../../adapters/dynamodb/library.js';
import { DynamoDbCoding } from '../../adapters/dynamodb/coding-store.js';
import { DynamoDbSaidDid } from '../../adapters/dynamodb/said-did-store.js';
import { DynamoDbConversationStore } from '../../adapters/dynamodb/conversation-store.js';
import { DynamoDbDirectory } from '../../adapters/dynamodb/directory.js';
import { DynamoDbFeedback } from '../../adapters/dynamodb/feedback-store.js';
import { DynamoDbEraser } from '../../adapters/dynamodb/eraser.js';
import { DynamoDbForeignNumbers } from '../../adapters/dynamodb/foreign-numbers.js';
import { DynamoDbJoinAttempts } from '../../adapters/dynamodb/join-attempts.js';
import { DynamoDbParticipants } from '../../adapters/dynamodb/participants.js';
import { DynamoDbUsers } from '../../adapters/dynamodb/users.js';
import { DynamoDbVoiceJobs } from '../../adapters/dynamodb/voice-jobs.js';
import { DynamoDbPrompts } from '../../adapters/dynamodb/prompts.js';
import { DynamoDbStudioCodes } from '../../adapters/dynamodb/studio-codes.js';
import { documentClient } from '../../adapters/dynamodb/table.js';
import { Catalog } from '../../core/conversation/catalog.js';
import type { ConversationDeps } from '../../core/conversation/handle-inbound.js';
import { JoinLimiter } from '../../core/conversation/join-limit.js';
import type { MediaUrlPolicy } from '../../core/conversation/media-urls.js';
import { twilioMediaHosts } from '../../adapters/twilio/media-hosts.js';
import type { Clock, ForeignNumberCounter, Logger, SurveyTemplates } from '../../core/ports.js';
import type { CsvReader } from '../../core/participants/ports.js';
import type { WorkbookWriter } from '../../core/results/ports.js';
import type { AudioStore } from '../../core/voice/ports.js';
import { createTexts } from '../../core/texts.js';

export interface ConversationWiring {
  dynamoDb: DynamoDBClient;
  tableName: string;
  keys: ProtectorKeys;
  logger: Logger;
  clock?: Clock;
  /** Where attachments may be fetched from with the account's credentials; default: Twilio's API hosts only. */
  mediaUrls?: MediaUrlPolicy;
  /** Our copies of voice notes, for DELETE to remove those still waiting for a transcript. */
  audio?: AudioStore;
}

/** The conversation's adapters, chosen once per runtime (Lambda and local use the same ones). */
export function composeConversation(w: ConversationWiring): ConversationDeps & {
  directory: DynamoDbDirectory;
  store: DynamoDbConversationStore;
  participants: DynamoDbParticipants;
  users: DynamoDbUsers;
  answers: DynamoDbAnswerSource;
  voiceJobs: DynamoDbVoiceJobs;
  prompts: DynamoDbPrompts;
  studioCodes: DynamoDbStudioCodes;
  feedback: DynamoDbFeedback;
  releases: DynamoDbReleases;
  /** Codebooks and tags (core/coding), and the one-answer reads tagging makes. */
  coding: DynamoDbCoding;
  answerLookup: DynamoDbAnswerLookup;
  /** "You said, we did" items and their links (core/feedback/said-did.ts). */
  saidDid: DynamoDbSaidDid;
  /** What each project shares with the network's coordinators (core/access/sharing.ts). */
  sharing: DynamoDbSharing;
  /** The network's shared library of surveys (core/library/library.ts). */
  library: DynamoDbLibrary;
  foreignNumbers: ForeignNumberCounter;
} {
  const db = documentClient(w.dynamoDb);
  const clock = w.clock ?? systemClock;
  const directory = new DynamoDbDirectory(db, w.tableName);
  const protector = new NodeCryptoProtector(w.keys);
  const voiceJobs = new DynamoDbVoiceJobs(db, w.tableName);
  return {
    store: new DynamoDbConversationStore(db, w.tableName),
    participants: new DynamoDbParticipants(db, w.tableName),
    answers: new DynamoDbAnswerSource(db, w.tableName),
    voiceJobs,
    prompts: new DynamoDbPrompts(db, w.tableName),
    users: new DynamoDbUsers(db, w.tableName),
    feedback: new DynamoDbFeedback(db, w.tableName),
    releases: new DynamoDbReleases(db, w.tableName),
    coding: new DynamoDbCoding(db, w.tableName),
    sharing: new DynamoDbSharing(db, w.tableName),
    library: new DynamoDbLibrary(db, w.tableName),
    answerLookup: new DynamoDbAnswerLookup(db, w.tableName),
    saidDid: new DynamoDbSaidDid(db, w.tableName),
    directory,
    catalog: new Catalog(directory, clock),
    protector,
    studioCodes: new DynamoDbStudioCodes(db, w.tableName, (code) => protector.ledgerKey(`studio-code|${code}`)),
    texts: createTexts(),
    clock,
    logger: w.logger,
    foreignNumbers: new DynamoDbForeignNumbers(db, w.tableName),
    joinLimit: new JoinLimiter(new DynamoDbJoinAttempts(db, w.tableName), protector, w.logger),
    mediaUrls: w.mediaUrls ?? twilioMediaHosts(),
    eraser: new DynamoDbEraser(db, w.tableName, voiceJobs, w.audio ?? null),
    // A short, growing pause between attempts after a commit conflict keeps a burst of one person's messages from spinning.
    pause,
  };
}

/** What the staff API needs besides the shared store: a reader for uploaded participant lists, the built-in templates. */
export function composeStaffApi(): { readCsv: CsvReader; templates: SurveyTemplates; workbooks: WorkbookWriter } {
  return { readCsv: parseCsv, templates: templateLibrary, workbooks: new ExceljsWorkbooks() };
}
