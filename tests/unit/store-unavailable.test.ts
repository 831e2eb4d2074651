import {
  ConditionalCheckFailedException,
  DescribeTableCommand,
  ProvisionedThroughputExceededException,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { isStoreUnavailable } from '../../adapters/dynamodb/unavailable.js';
import { freePort, localDynamoDbClient } from '../../local/dynamodb-local.js';

const meta = { $metadata: {} };

describe('isStoreUnavailable: "try again in a moment" only when that is true', () => {
  it('a real SDK call to an endpoint nobody listens on (as when DynamoDB Local died)', async () => {
    const client = localDynamoDbClient(`http://127.0.0.1:${await freePort()}`);
    const error = await client.send(new DescribeTableCommand({ TableName: 'stem' })).catch((e: unknown) => e);
    client.destroy();
    expect(isStoreUnavailable(error)).toBe(true);
  });

  it('DynamoDB throttling and its own 5xx are; request faults and lost races are not', () => {
    expect(isStoreUnavailable(new ProvisionedThroughputExceededException({ message: 'slow down', ...meta }))).toBe(true);
    expect(isStoreUnavailable(Object.assign(new Error('x'), { name: 'ThrottlingException' }))).toBe(true);
    expect(isStoreUnavailable(Object.assign(new Error('x'), { name: 'InternalServerError' }))).toBe(true);
    expect(isStoreUnavailable(new ConditionalCheckFailedException({ message: 'lost', ...meta }))).toBe(false);
    expect(isStoreUnavailable(new TransactionCanceledException({ message: 'cancelled', ...meta }))).toBe(false);
    expect(isStoreUnavailable(Object.assign(new Error('x'), { name: 'ValidationException' }))).toBe(false);
    expect(isStoreUnavailable(new TypeError("Cannot read properties of undefined (reading 'pk')"))).toBe(false);
    expect(isStoreUnavailable('ECONNREFUSED')).toBe(false); // a string is not an error
  });

  it('a network error wrapped as the cause of another is found; a cycle of causes ends', () => {
    const wrapped = new Error('commit failed', { cause: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }) });
    expect(isStoreUnavailable(wrapped)).toBe(true);
    const looped = new Error('a');
    looped.cause = looped;
    expect(isStoreUnavailable(looped)).toBe(false);
  });
});
