import { createServer, type Server } from 'node:http';
import { marshall } from '@aws-sdk/util-dynamodb';

/**
 * A read-only DynamoDB for a bundled function run outside the tiers that have DynamoDB Local (tests/cdk):
 * a local server answering `DynamoDB_20120810.GetItem`, and `Query` on `pk = :v` with an optional
 * `begins_with(sk, :w)` (the recorded prompts' listing), from the items it is given, so the real SDK
 * client and our adapters are exercised. Point a process at it with AWS_ENDPOINT_URL_DYNAMODB.
 */
export interface FakeDynamoDb {
  endpoint: string;
  /** The keys asked for, as `pk|sk` (GetItem) or `Query pk|sk prefix`, in order. */
  requests: string[];
  stop(): Promise<void>;
}

export async function startFakeDynamoDb(items: ReadonlyArray<Record<string, unknown> & { pk: string; sk: string }>): Promise<FakeDynamoDb> {
  const byKey = new Map(items.map((item) => [`${item.pk}|${item.sk}`, item]));
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      const target = req.headers['x-amz-target'];
      const input = JSON.parse(body || '{}') as {
        Key?: { pk?: { S?: string }; sk?: { S?: string } };
        KeyConditionExpression?: string;
        ExpressionAttributeValues?: Record<string, { S?: string }>;
      };
      const key = input.Key;
      const id = `${key?.pk?.S ?? ''}|${key?.sk?.S ?? ''}`;
      res.setHeader('content-type', 'application/x-amz-json-1.0');
      const condition = /^pk = (:\w+)(?: AND begins_with\(sk, (:\w+)\))?$/.exec(input.KeyConditionExpression ?? '');
      if (target === 'DynamoDB_20120810.Query' && condition) {
        const pk = input.ExpressionAttributeValues?.[condition[1] ?? '']?.S ?? '';
        const prefix = condition[2] ? (input.ExpressionAttributeValues?.[condition[2]]?.S ?? '') : '';
        requests.push(`Query ${pk}|${prefix}`);
        const found = items.filter((item) => item.pk === pk && item.sk.startsWith(prefix)).sort((a, b) => (a.sk < b.sk ? -1 : 1));
        res.writeHead(200);
        res.end(
          JSON.stringify({ Items: found.map((item) => marshall(item, { removeUndefinedValues: true })), Count: found.length, ScannedCount: found.length }),
        );
        return;
      }
      if (target !== 'DynamoDB_20120810.GetItem') {
        res.writeHead(400);
        res.end(
          JSON.stringify({ __type: 'com.amazon.coral.validate#ValidationException', message: `only GetItem and simple Queries here, not ${String(target)}` }),
        );
        return;
      }
      requests.push(id);
      const item = byKey.get(id);
      res.writeHead(200);
      res.end(JSON.stringify(item ? { Item: marshall(item, { removeUndefinedValues: true }) } : {}));
    });
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', () => ready()));
  const address = server.address();
  return {
    endpoint: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`,
    requests,
    stop: () => new Promise<void>((done) => server.close(() => done())),
  };
}
