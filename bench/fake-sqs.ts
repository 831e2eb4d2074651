import { createHash, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';

/**
 * SQS cannot run here: a loopback server speaking SQS's JSON protocol for SendMessageBatch (with the MD5
 * the SDK checks), so that the launch bench enqueues through the real adapter and SDK. It keeps nothing
 * but counts.
 */
export interface FakeSqs {
  queueUrl(name: string): string;
  /** Messages received, by queue URL path. */
  received: Map<string, number>;
  batches: number;
  stop(): Promise<void>;
}

export async function startFakeSqs(): Promise<FakeSqs> {
  const received = new Map<string, number>();
  const fake = { received, batches: 0 };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as { QueueUrl?: string; Entries?: Array<{ Id: string; MessageBody: string }> };
      if (req.headers['x-amz-target'] !== 'AmazonSQS.SendMessageBatch' || !body.QueueUrl || !body.Entries) {
        res.writeHead(400, { 'content-type': 'application/x-amz-json-1.0' });
        res.end(JSON.stringify({ __type: 'com.amazonaws.sqs#InvalidAction', message: 'the fake knows SendMessageBatch only' }));
        return;
      }
      fake.batches++;
      const queue = new URL(body.QueueUrl).pathname;
      received.set(queue, (received.get(queue) ?? 0) + body.Entries.length);
      const Successful = body.Entries.map((e) => ({
        Id: e.Id,
        MessageId: randomUUID(),
        MD5OfMessageBody: createHash('md5').update(e.MessageBody, 'utf8').digest('hex'),
      }));
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
      res.end(JSON.stringify({ Successful, Failed: [] }));
    });
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', () => ready()));
  const address = server.address();
  const endpoint = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return {
    queueUrl: (name) => `${endpoint}/123456789012/${name}`,
    received,
    get batches() {
      return fake.batches;
    },
    stop: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections(); // the SDK keeps its sockets open
      }),
  };
}
