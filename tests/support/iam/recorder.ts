import { AsyncLocalStorage } from 'node:async_hooks';
import { createRequire } from 'node:module';

/**
 * Records every AWS API call the code makes, with the function it runs as. One hook on the `send` of the
 * one `Client` class every AWS SDK v3 client extends (`@smithy/core/client`, a single copy in the lockfile;
 * the functions load the SDK with require(), so this is the same class they use). `asFunction(name, run)`
 * says whose calls these are (AsyncLocalStorage: it follows promises and timers started inside).
 *
 * Services that cannot run here (S3, SQS, Transcribe, Secrets Manager) are answered by `serve` responders
 * at the same hook, before any request is made; the rest (DynamoDB) goes to DynamoDB Local. Clients mocked
 * with aws-sdk-client-mock bypass this hook (the mock replaces `send` on the concrete client class), which
 * is why the IAM contract test drives the functions itself.
 */

export interface RecordedCall {
  /** The function the call was made as (`api`, `delivery-sms`, …). */
  fn: string;
  /** The SDK's service id: `DynamoDB`, `S3`, `SQS`, `Transcribe`, `Secrets Manager`. */
  service: string;
  /** The API operation, e.g. `GetItem`, `SendMessageBatch` (lib-dynamodb's commands by their API names). */
  operation: string;
  input: Record<string, unknown>;
  /** Made for the function by someone else with its credentials: an event source mapping, a presigned URL's holder. */
  onBehalf?: string;
}

export type Responder = (operation: string, input: Record<string, unknown>) => Promise<unknown> | unknown;

interface SmithyClient {
  config: { serviceId?: string };
  send(command: { input: unknown; constructor: { name: string } }, ...rest: unknown[]): Promise<unknown>;
}

/** lib-dynamodb's command names → the DynamoDB operations they send. */
const DOCUMENT_COMMANDS: Record<string, string> = {
  Get: 'GetItem',
  Put: 'PutItem',
  Update: 'UpdateItem',
  Delete: 'DeleteItem',
  BatchGet: 'BatchGetItem',
  BatchWrite: 'BatchWriteItem',
  TransactGet: 'TransactGetItems',
  TransactWrite: 'TransactWriteItems',
};

const whose = new AsyncLocalStorage<string>();
/** The test's own set-up and checks: not a function, not recorded. */
const TEST = '(test)';
const calls: RecordedCall[] = [];
const responders = new Map<string, Responder>();
let installed = false;

/** The one `Client` class of the SDK as the functions load it (CommonJS, through require()). */
const clientClass = (): { prototype: SmithyClient } =>
  (createRequire(import.meta.url)('@smithy/core/client') as { Client: { prototype: SmithyClient } }).Client;

export function installRecorder(): void {
  if (installed) return;
  installed = true;
  const proto = clientClass().prototype;
  const original = proto.send;
  proto.send = function recordedSend(this: SmithyClient, command, ...rest) {
    const service = this.config.serviceId ?? 'unknown';
    const name = command.constructor.name.replace(/Command$/, '');
    const operation = service === 'DynamoDB' ? (DOCUMENT_COMMANDS[name] ?? name) : name;
    const input = (command.input ?? {}) as Record<string, unknown>;
    const fn = whose.getStore();
    if (fn === undefined) throw new Error(`an AWS call (${service} ${operation}) outside asFunction(): whose role would make it?`);
    if (fn !== TEST) calls.push({ fn, service, operation, input });
    const responder = responders.get(service);
    if (responder) return Promise.resolve().then(() => responder(operation, input));
    return original.call(this, command, ...rest);
  };
}

/** Runs `run` as function `fn`: every AWS call made inside is recorded as that function's. */
export function asFunction<T>(fn: string, run: () => T): T {
  return whose.run(fn, run);
}

/** Runs the test's own set-up or checks (seeding the table, reading what a function wrote): not recorded. */
export function asTest<T>(run: () => T): T {
  return whose.run(TEST, run);
}

/** Answers a service's calls in-process (none of them reaches a network). */
export function serve(service: string, responder: Responder): void {
  responders.set(service, responder);
}

/** Everything recorded so far. */
export function recordedCalls(): readonly RecordedCall[] {
  return calls;
}

/** A call made on a function's behalf by an AWS service or by someone holding the function's presigned URL. */
export function recordCall(call: RecordedCall): void {
  calls.push(call);
}
