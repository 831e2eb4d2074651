/**
 * `npx tsx scripts/backfill-due-index.ts <table>`: once, after the deploy that adds the due index, with
 * an operator's credentials (AWS_REGION / AWS_PROFILE as usual). Invitations written before it carry no
 * due time, so the sweep would not see them; this puts those of every round not yet closed into the index
 * (adapters/dynamodb/due-index.ts, backfillDueIndex). Safe to run again or beside a running sweep: an
 * entry that has a due time is never touched. Reads each such round's invitations once (Query, no Scan).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDbDirectory } from '../adapters/dynamodb/directory.js';
import { backfillDueIndex } from '../adapters/dynamodb/due-index.js';
import { documentClient } from '../adapters/dynamodb/table.js';

const [tableName] = process.argv.slice(2);
if (!tableName) {
  process.stderr.write('usage: tsx scripts/backfill-due-index.ts <table name>\n');
  process.exit(2);
}
const db = documentClient(new DynamoDBClient({}));
const directory = new DynamoDbDirectory(db, tableName);
const now = new Date().toISOString();
let total = 0;
for (const project of await directory.listProjects()) {
  for (const round of await directory.listRounds(project.projectId)) {
    if (round.closesAt <= now) continue;
    const added = await backfillDueIndex(db, tableName, round.projectId, round.roundId);
    total += added;
    process.stdout.write(`${round.projectId} / ${round.roundId}: ${added} entries added\n`);
  }
}
process.stdout.write(`${total} entries added\n`);
