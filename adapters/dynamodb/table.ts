import { awsSdk } from '../aws/sdk.js';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient as DocumentClient } from '@aws-sdk/lib-dynamodb';

const { CreateTableCommand, DescribeTableCommand, UpdateTableCommand, UpdateTimeToLiveCommand } = awsSdk.dynamodb();
const { DynamoDBDocumentClient } = awsSdk.documents();

/**
 * One table, generic `pk` / `sk` keys. Item kinds and their keys:
 *   contact   C#<contactKey>        C
 *   session   C#<contactKey>        S#<projectId>#<roundId>   (one Query reads a person's contact + sessions)
 *   inbound   IN#<ledgerKey>        IN                        (expires after a day: `expiresAt`)
 *   applied   IN#<ledgerKey>        T                         (the applied id alone: key and `expiresAt`, 30 days)
 *   project   P#<projectId>         P
 *   round     P#<projectId>         R#<roundId>
 *   joincode  J#<CODE>              J
 *   survey    SV#<surveyId>         V#<version, zero-padded>
 *   answer    A#<projectId>#<roundId>  <respondentCode>#<questionId>
 *   comment / continued part  A#<projectId>#<roundId>  <respondentCode>#<questionId>#<seq, zero-padded>  (beside the answer)
 *   completion A#<projectId>#<roundId> <respondentCode>#~completed  (beside the answers it completes)
 *   projects  PROJECTS              P#<projectId>            (listing: few hundred at most)
 *   surveys   SURVEYS#<orgId|template>  <surveyId>#<version>  (listing)
 *   enrolment PP#<projectId>        C#<contactKey>           (who takes part in a project)
 *   invitation RP#<projectId>#<roundId>  C#<contactKey>      (invited / reminded / progress per round)
 *   voice job VJ#<jobId>            J                        (a voice note on its way to a transcript)
 *   token     TOKEN#<sha256>        T;  organisation  ORGS  O#<orgId>
 *   feedback  RF#<projectId>#<roundId>  F  /  C#<contactKey>  ("you said, we did": the message; one copy per person)
 *   join tries JA#<counter>#<hour>  JA                       (wrong join codes per hashed sender / service; expire)
 *   codebook  P#<projectId>         CB                       (the project's codes and who may code: adapters/dynamodb/coding-store.ts)
 *   sharing   P#<projectId>         SH                       (what the network sees of it: adapters/dynamodb/sharing-store.ts)
 *   tagging   CT#<projectId>#<roundId>  <respondentCode>#<questionId>#<coder>  (one coder's codes on one answer)
 *   code counts published  CC#<projectId>#<roundId>  L#<number, zero-padded>   (what disclosure control let out, for later audits)
 *   we did    WD#<projectId>        I#<itemId>               ("you said, we did" items: adapters/dynamodb/said-did-store.ts)
 *   we did link  WL#<projectId>#<roundId>  <respondentCode>#<questionId>#<itemId>  (an item's linked answer; erased with the answers)
 *   library   LIBRARY               E#<entryId>              (the network's shared surveys, each a snapshot: adapters/dynamodb/library.ts)
 *
 * One sparse GSI, `due` (adapters/dynamodb/due-index.ts): key `dueShard` / `dueAt`, present on an
 * invitation only while the sweep may have something to do with it.
 */
export const TTL_ATTRIBUTE = 'expiresAt';

export const keys = {
  contact: (contactKey: string) => ({ pk: `C#${contactKey}`, sk: 'C' }),
  session: (contactKey: string, projectId: string, roundId: string) => ({ pk: `C#${contactKey}`, sk: `S#${projectId}#${roundId}` }),
  inbound: (ledgerKey: string) => ({ pk: `IN#${ledgerKey}`, sk: 'IN' }),
  /** A provider id once applied: refused until this item expires, long after its ledger entry. */
  applied: (ledgerKey: string) => ({ pk: `IN#${ledgerKey}`, sk: 'T' }),
  project: (projectId: string) => ({ pk: `P#${projectId}`, sk: 'P' }),
  round: (projectId: string, roundId: string) => ({ pk: `P#${projectId}`, sk: `R#${roundId}` }),
  joinCode: (code: string) => ({ pk: `J#${code}`, sk: 'J' }),
  /** A project's number for calls → the project (a number is not personal data: it is the centre's). */
  callNumber: (number: string) => ({ pk: `N#${number}`, sk: 'N' }),
  survey: (surveyId: string, version: number) => ({ pk: `SV#${surveyId}`, sk: `V#${String(version).padStart(6, '0')}` }),
  projectListing: (projectId: string) => ({ pk: 'PROJECTS', sk: `P#${projectId}` }),
  surveyListing: (owner: string, surveyId: string, version: number) => ({ pk: `SURVEYS#${owner}`, sk: `${surveyId}#${String(version).padStart(6, '0')}` }),
  voiceJob: (jobId: string) => ({ pk: `VJ#${jobId}`, sk: 'J' }),
  /** Recorded call prompts: system texts per organisation, questions per survey version; sk `<lang>#<promptId>`. */
  textPrompts: (organisationId: string) => `PR#${organisationId}`,
  /** A studio code, by its keyed hash (the code itself is never stored). */
  studioCode: (codeHash: string) => ({ pk: `SC#${codeHash}`, sk: 'SC' }),
  questionPrompts: (organisationId: string, surveyId: string, version: number) => `PR#${organisationId}#${surveyId}@${version}`,
  enrolment: (projectId: string, contactKey: string) => ({ pk: `PP#${projectId}`, sk: `C#${contactKey}` }),
  invitation: (projectId: string, roundId: string, contactKey: string) => ({ pk: `RP#${projectId}#${roundId}`, sk: `C#${contactKey}` }),
  /** `seq`: a comment or a continued part, after the answer in key order (question ids hold no `#`). */
  answer: (projectId: string, roundId: string, respondentCode: string, questionId: string, seq?: number) => ({
    pk: `A#${projectId}#${roundId}`,
    sk: `${respondentCode}#${questionId}${seq === undefined ? '' : `#${String(seq).padStart(12, '0')}`}`,
  }),
  codebook: (projectId: string) => ({ pk: `P#${projectId}`, sk: 'CB' }),
  /** What the network's coordinators see of the project: apart from the project's record (sharing-store.ts says why). */
  sharing: (projectId: string) => ({ pk: `P#${projectId}`, sk: 'SH' }),
  /** A round's tags, beside (not in) its answers' partition: exports read answers without them; erasure deletes both by respondent code. */
  taggings: (projectId: string, roundId: string) => `CT#${projectId}#${roundId}`,
  tagging: (projectId: string, roundId: string, respondentCode: string, questionId: string, coder: string) => ({
    pk: `CT#${projectId}#${roundId}`,
    sk: `${respondentCode}#${questionId}#${coder}`,
  }),
  publishedCodeCounts: (projectId: string, roundId: string) => `CC#${projectId}#${roundId}`,
  saidDidItems: (projectId: string) => `WD#${projectId}`,
  saidDidItem: (projectId: string, itemId: string) => ({ pk: `WD#${projectId}`, sk: `I#${itemId}` }),
  /** A round's answer links of "you said, we did" items, keyed like its tags so that an erasure deletes them by respondent code. */
  saidDidLinks: (projectId: string, roundId: string) => `WL#${projectId}#${roundId}`,
  saidDidLink: (projectId: string, roundId: string, respondentCode: string, questionId: string, itemId: string) => ({
    pk: `WL#${projectId}#${roundId}`,
    sk: `${respondentCode}#${questionId}#${itemId}`,
  }),
  /** An entry of the network's library; all in one partition, listed by one Query. */
  libraryEntry: (entryId: string) => ({ pk: 'LIBRARY', sk: `E#${entryId}` }),
  /** In the answers' partition, among the respondent's answers (`~` is no question id's first letter). */
  completion: (projectId: string, roundId: string, respondentCode: string) => ({ pk: `A#${projectId}#${roundId}`, sk: `${respondentCode}#~completed` }),
};

/** The due index (adapters/dynamodb/due-index.ts says why and how). */
export const DUE_INDEX = 'due';
export const DUE_SHARDS = 16;
export const DUE_PROJECTION = [
  'projectId',
  'roundId',
  'contactKey',
  'channel',
  'status',
  'invitedAt',
  'remindedAt',
  'progress',
  'retryAfter',
  'lastActivityAt',
  'claimedAt',
] as const;

const DUE_ATTRIBUTES = [
  { AttributeName: 'dueShard', AttributeType: 'S' as const },
  { AttributeName: 'dueAt', AttributeType: 'S' as const },
];

const DUE_GSI = {
  IndexName: DUE_INDEX,
  KeySchema: [
    { AttributeName: 'dueShard', KeyType: 'HASH' as const },
    { AttributeName: 'dueAt', KeyType: 'RANGE' as const },
  ],
  Projection: { ProjectionType: 'INCLUDE' as const, NonKeyAttributes: [...DUE_PROJECTION] },
};

export function documentClient(client: DynamoDBClient): DocumentClient {
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true, convertEmptyValues: false } });
}

/**
 * Create the table if it is missing (DynamoDB Local and tests; in the cloud CDK owns the table).
 * `expireItems: false` leaves TTL off, for tests whose clock stands still in the past: DynamoDB Local
 * deletes expired items by the real clock, so their ledger entries and sessions would vanish mid-test.
 */
export async function ensureTable(client: DynamoDBClient, tableName: string, { expireItems = true }: { expireItems?: boolean } = {}): Promise<void> {
  try {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    // A table made before the due index (a local .data directory): add it. Invitations written before it
    // carry no due time: scripts/backfill-due-index.ts puts those of rounds not yet closed into it.
    if (!Table?.GlobalSecondaryIndexes?.some((i) => i.IndexName === DUE_INDEX))
      await client.send(
        new UpdateTableCommand({ TableName: tableName, AttributeDefinitions: DUE_ATTRIBUTES, GlobalSecondaryIndexUpdates: [{ Create: DUE_GSI }] }),
      );
    return;
  } catch (error) {
    if (!(error instanceof Error) || error.name !== 'ResourceNotFoundException') throw error;
  }
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'sk', AttributeType: 'S' }, ...DUE_ATTRIBUTES],
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: [DUE_GSI],
    }),
  );
  if (expireItems)
    await client.send(new UpdateTimeToLiveCommand({ TableName: tableName, TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true } }));
}
