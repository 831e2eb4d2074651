import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Logger } from '../core/ports.js';
import { freePort, localDynamoDbClient, startDynamoDbLocal, type RunningDynamoDb } from './dynamodb-local.js';

/** `up`: answering; `restarting`: it died and a new one is on its way; `stopped`: we stopped it. */
export type StoreState = 'up' | 'restarting' | 'stopped';

export interface SupervisedStore {
  endpoint: string;
  /** One client for the whole process: the endpoint (port) stays the same across restarts. */
  client: DynamoDBClient;
  state(): StoreState;
  /** How many times it was restarted after dying. */
  restarts(): number;
  /** Seconds a caller should wait before trying again (the next restart attempt, at least 1). */
  retryAfterSeconds(): number;
  /** Ask the store itself (a DescribeTable within `timeoutMs`): true only if it answered. */
  probe(tableName: string, timeoutMs?: number): Promise<boolean>;
  /** The process group of the running Java, for tests that kill it. */
  processGroup(): number | undefined;
  stop(): Promise<void>;
}

export interface SuperviseOptions {
  dataDir?: string | undefined;
  port?: number;
  logger: Logger;
  /** Run after each restart, before the store counts as up again (e.g. create the table in memory mode). */
  afterRestart?: (client: DynamoDBClient) => Promise<void>;
  /** First wait before a restart; it doubles after each failed attempt up to `maxDelayMs`. */
  firstDelayMs?: number;
  maxDelayMs?: number;
  /** Up this long, a store that dies again starts over at the first delay. */
  stableAfterMs?: number;
}

/**
 * DynamoDB Local under supervision, as a process manager would keep it: when the Java process dies (a
 * crash, the OOM killer, someone's `kill`), it is started again on the same port and data folder, with
 * exponential backoff, and `state()` says `restarting` meanwhile so the webhooks can answer 503 with
 * `Retry-After` instead of hanging on SDK retries. With a data folder, nothing written before the crash
 * is lost; in memory it starts empty and `afterRestart` must recreate the table.
 */
export async function superviseDynamoDbLocal(opts: SuperviseOptions): Promise<SupervisedStore> {
  const port = opts.port ?? (await freePort());
  const firstDelay = opts.firstDelayMs ?? 250;
  const maxDelay = opts.maxDelayMs ?? 30_000;
  const stableAfter = opts.stableAfterMs ?? 60_000;
  let running: RunningDynamoDb = await startDynamoDbLocal({ port, dataDir: opts.dataDir });
  const client = localDynamoDbClient(running.endpoint);
  let state: StoreState = 'up';
  let restarts = 0;
  let delay = firstDelay;
  let upSince = Date.now();
  let nextAttemptAt = 0;
  let timer: NodeJS.Timeout | undefined;
  // A function, not a narrowed variable: stop() may run while a restart awaits.
  const stopped = (): boolean => state === 'stopped';

  const restart = async (): Promise<void> => {
    timer = undefined;
    if (stopped()) return;
    try {
      running = await startDynamoDbLocal({ port, dataDir: opts.dataDir });
      if (stopped()) return void (await running.stop()); // stopped while it was starting
      await opts.afterRestart?.(client);
      restarts++;
      state = 'up';
      upSince = Date.now();
      opts.logger.info('store.restarted', { restarts });
      watch(running);
    } catch (error) {
      opts.logger.error('store.restart-failed', { error: error instanceof Error ? error.name : 'unknown', nextInMs: delay });
      schedule();
    }
  };
  const schedule = (): void => {
    nextAttemptAt = Date.now() + delay;
    timer = setTimeout(() => void restart(), delay);
    timer.unref();
    delay = Math.min(delay * 2, maxDelay);
  };
  const watch = (instance: RunningDynamoDb): void => {
    void instance.exited.then(() => {
      if (state === 'stopped' || instance !== running) return;
      if (Date.now() - upSince >= stableAfter) delay = firstDelay;
      state = 'restarting';
      opts.logger.error('store.died', { restarts });
      schedule();
    });
  };
  watch(running);

  return {
    endpoint: running.endpoint,
    client,
    state: () => state,
    restarts: () => restarts,
    retryAfterSeconds: () => Math.max(1, Math.ceil((nextAttemptAt - Date.now()) / 1000)),
    async probe(tableName, timeoutMs = 1000) {
      if (state !== 'up') return false;
      try {
        await client.send(new DescribeTableCommand({ TableName: tableName }), { abortSignal: AbortSignal.timeout(timeoutMs) });
        return true;
      } catch {
        return false;
      }
    },
    processGroup: () => running.pid,
    async stop() {
      state = 'stopped';
      if (timer) clearTimeout(timer);
      await running.stop();
      client.destroy();
    },
  };
}
