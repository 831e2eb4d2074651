import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import { join } from 'node:path';
import { JsonLogger } from '../adapters/logging/json-logger.js';
import { ensureTable } from '../adapters/dynamodb/table.js';
import type { Logger } from '../core/ports.js';
import { composeConversation } from '../functions/commons/compose.js';
import { messagingRoutes } from '../functions/http/messaging-routes.js';
import { simulatorRoutes } from '../web/simulator/routes.js';
import { startDynamoDbLocal, type RunningDynamoDb } from './dynamodb-local.js';
import { loadOrCreateSecrets } from './secrets.js';
import { seedDemo } from './seed.js';

export interface LocalStackOptions {
  /** HTTP port; 0 picks a free one. */
  port: number;
  /** Where DynamoDB Local keeps data and where the local keys live; null keeps everything in memory. */
  dataDir: string | null;
  publicUrl?: string;
  twilioAuthToken?: string;
  serviceNumber: string;
  /** Serve the participant simulator. It signs requests with the auth token: never with a real one. */
  simulator: boolean;
  logger?: Logger;
}

export interface LocalStack {
  url: string;
  publicUrl: string;
  twilioAuthToken: string;
  dynamoDb: RunningDynamoDb;
  tableName: string;
  deps: ReturnType<typeof composeConversation>;
  stop(): Promise<void>;
}

export const TABLE_NAME = 'stem';

/** DynamoDB Local + the same HTTP apps as in the cloud + the simulator, in this process. */
export async function startLocalStack(opts: LocalStackOptions): Promise<LocalStack> {
  const secrets = opts.dataDir ? loadOrCreateSecrets(join(opts.dataDir, 'secrets.json')) : null;
  const keys = secrets?.keys ?? (await import('../adapters/crypto/node-protector.js')).generateProtectorKeys();
  const twilioAuthToken = opts.twilioAuthToken ?? secrets?.twilioAuthToken ?? 'local-test-token-0123456789abcdef';

  const dynamoDb = await startDynamoDbLocal({ dataDir: opts.dataDir ? join(opts.dataDir, 'dynamodb') : undefined });
  try {
    await ensureTable(dynamoDb.client, TABLE_NAME);
    const deps = composeConversation({ dynamoDb: dynamoDb.client, tableName: TABLE_NAME, keys, logger: opts.logger ?? new JsonLogger() });
    await seedDemo(deps.directory, deps.clock.now());

    let origin = '';
    const app = new Hono();
    const server = await new Promise<ServerType>((ready) => {
      const s: ServerType = serve({ fetch: app.fetch, port: opts.port, hostname: '127.0.0.1' }, (info) => {
        origin = `http://127.0.0.1:${info.port}`;
        ready(s);
      });
    });
    const publicUrl = opts.publicUrl ?? origin.replace('127.0.0.1', 'localhost');
    app.route('/', messagingRoutes(deps, { publicUrl, twilioAuthToken }));
    if (opts.simulator) {
      app.route('/', simulatorRoutes({ publicUrl, twilioAuthToken, serviceNumber: opts.serviceNumber, webhookOrigin: () => origin }));
      app.get('/', (c) => c.redirect('/simulator'));
    }
    app.get('/health', (c) => c.json({ ok: true }));

    return {
      url: origin,
      publicUrl,
      twilioAuthToken,
      dynamoDb,
      tableName: TABLE_NAME,
      deps,
      stop: async () => {
        await new Promise<void>((done) => server.close(() => done()));
        await dynamoDb.stop();
      },
    };
  } catch (error) {
    await dynamoDb.stop();
    throw error;
  }
}
