import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDbContentSids } from '../../adapters/dynamodb/content-sids.js';
import { documentClient } from '../../adapters/dynamodb/table.js';
import { fetchWithin, twilioContentClient } from '../../adapters/twilio/content-client.js';
import { twilioRestClient } from '../../adapters/twilio/rest-client.js';
import { TwilioTapMessenger } from '../../adapters/twilio/tap-messenger.js';
import type { TapMessenger } from '../../core/conversation/tap-delivery.js';

export interface TapWiring {
  dynamoDb: DynamoDBClient;
  tableName: string;
  accountSid: string;
  authToken: string;
  /** The Messages API (readTwilioApiBase) and the Content API (twilioContentBase). */
  apiBase: string;
  contentBase: string;
  fetchImpl?: typeof fetch;
}

/**
 * Each REST call the webhook waits for gives up after this: two of them (a new template, the message) stay
 * well inside the webhook function's 10 s and Twilio's 15 s, and a slow Twilio means numbered text instead.
 */
const REST_TIMEOUT_MS = 3000;

/** WhatsApp answers to tap, sent over Twilio's REST APIs with the templates' SIDs kept in the table. */
export function composeTaps(w: TapWiring): TapMessenger {
  const fetchImpl = fetchWithin(REST_TIMEOUT_MS, w.fetchImpl);
  return new TwilioTapMessenger(
    twilioRestClient(w.accountSid, w.authToken, w.apiBase, fetchImpl),
    twilioContentClient(w.accountSid, w.authToken, w.contentBase, fetchImpl),
    new DynamoDbContentSids(documentClient(w.dynamoDb), w.tableName),
  );
}
