import { DeleteItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { rawItems } from './scan-table.js';

/**
 * What DynamoDB's TTL sweeper does, by the test's clock: delete every item whose `expiresAt` (epoch
 * seconds) has passed. The tests' tables run without TTL (their clock stands elsewhere than the real one),
 * so a test that needs "a day later, the ledger entry is gone" calls this. Returns how many went.
 */
export async function expireItems(client: DynamoDBClient, tableName: string, now: Date): Promise<number> {
  const seconds = now.getTime() / 1000;
  let removed = 0;
  for await (const item of rawItems(client, tableName)) {
    const at = item.expiresAt?.N;
    if (at === undefined || Number(at) > seconds || !item.pk || !item.sk) continue;
    await client.send(new DeleteItemCommand({ TableName: tableName, Key: { pk: item.pk, sk: item.sk } }));
    removed++;
  }
  return removed;
}
