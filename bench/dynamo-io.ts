/**
 * DynamoDB Local helpers the benches share: loading items in batches (with DynamoDB's unprocessed items
 * sent again), and counting what a client reads.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** One BatchWriteItem of at most 25 items, repeated with what DynamoDB left unprocessed. */
export async function batchWrite(db: DynamoDBDocumentClient, table: string, items: ReadonlyArray<Record<string, unknown>>): Promise<void> {
  let pending = items.map((Item) => ({ PutRequest: { Item } }));
  while (pending.length > 0) {
    const out = await db.send(new BatchWriteCommand({ RequestItems: { [table]: pending } }));
    pending = (out.UnprocessedItems?.[table] ?? []).flatMap((r) => (r.PutRequest?.Item ? [{ PutRequest: { Item: r.PutRequest.Item } }] : []));
  }
}

/** Every item, 25 to a batch, `inFlight` batches at a time. */
export async function batchWriteAll(db: DynamoDBDocumentClient, table: string, items: ReadonlyArray<Record<string, unknown>>, inFlight = 16): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let at = next; at < items.length; at = next) {
      next += 25;
      await batchWrite(db, table, items.slice(at, at + 25));
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
}

/** Items read (ScannedCount of queries and scans, Get and BatchGet items) and requests made through this client since the last `take()`. */
export function countReads(client: DynamoDBClient): { take: () => { items: number; requests: number } } {
  let items = 0;
  let requests = 0;
  client.middlewareStack.add(
    (next) => async (args) => {
      const result = await next(args);
      const out = result.output as { ScannedCount?: number; Item?: unknown; Responses?: Record<string, unknown[]> };
      requests++;
      if (typeof out.ScannedCount === 'number') items += out.ScannedCount;
      else if (out.Item) items += 1;
      else if (out.Responses) for (const page of Object.values(out.Responses)) items += page.length;
      return result;
    },
    { step: 'initialize', name: 'countReads' },
  );
  return {
    take: () => {
      const taken = { items, requests };
      items = 0;
      requests = 0;
      return taken;
    },
  };
}
