/**
 * The reference the hot path is held against: the store calls of one inbound message done raw with the
 * SDK on the same DynamoDB Local, with items of about the same size (a conditional PutItem for the ledger,
 * a consistent Query of a contact's partition, a TransactWriteItems like the commit), and a plain GetItem.
 * Sampled between the handler's messages, so that both see the same machine at the same moment.
 */
import { GetItemCommand, PutItemCommand, QueryCommand, TransactWriteItemsCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';

const CONTACTS = 50;
const s = (n: number) => ({ S: 'x'.repeat(n) });

export class RawRoundTrips {
  readonly getItem: number[] = [];
  readonly transaction: number[] = [];
  /** PutItem + Query + TransactWriteItems, one after the other: the floor of a message's store time. */
  readonly storeCalls: number[] = [];
  private n = 0;

  constructor(
    private readonly client: DynamoDBClient,
    private readonly table: string,
  ) {}

  /** Forget the samples so far (the warm-up's); keys keep counting, so no ledger item is written twice. */
  reset(): void {
    for (const samples of [this.getItem, this.transaction, this.storeCalls]) samples.length = 0;
  }

  async sample(): Promise<void> {
    const i = ++this.n;
    const contact = { S: `RAWC#${i % CONTACTS}` };
    const ledger = { pk: { S: `RAWIN#${i}` }, sk: { S: 'IN' } };
    const time = async (f: () => Promise<unknown>): Promise<number> => {
      const t = performance.now();
      await f();
      return performance.now() - t;
    };
    this.getItem.push(await time(() => this.client.send(new GetItemCommand({ TableName: this.table, Key: { pk: contact, sk: { S: 'C' } } }))));
    const put = await time(() =>
      this.client.send(
        new PutItemCommand({
          TableName: this.table,
          Item: { ...ledger, status: { S: 'received' }, sealed: s(600) },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
    const query = await time(() =>
      this.client.send(
        new QueryCommand({ TableName: this.table, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': contact }, ConsistentRead: true }),
      ),
    );
    const tx = await time(() =>
      this.client.send(
        new TransactWriteItemsCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.table,
                Key: ledger,
                UpdateExpression: 'SET #status = :done, reply = :reply',
                ConditionExpression: '#status = :received',
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: { ':done': { S: 'done' }, ':received': { S: 'received' }, ':reply': s(400) },
              },
            },
            { Put: { TableName: this.table, Item: { pk: contact, sk: { S: 'C' }, sealed: s(300) } } },
            { Put: { TableName: this.table, Item: { pk: contact, sk: { S: 'S#demo#raw' }, snapshot: s(800) } } },
            { Put: { TableName: this.table, Item: { pk: { S: 'RAWA#demo#raw' }, sk: { S: `R${i}#q` }, value: s(40) } } },
          ],
        }),
      ),
    );
    this.transaction.push(tx);
    this.storeCalls.push(put + query + tx);
  }
}
