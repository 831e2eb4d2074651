import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDbContentSids } from '../../adapters/dynamodb/content-sids.js';
import { documentClient } from '../../adapters/dynamodb/table.js';
import { TwilioTapMessenger } from '../../adapters/twilio/tap-messenger.js';
import { twilioTapApi } from '../../adapters/twilio/tap-rest.js';
import type { TapMessenger } from '../../core/conversation/tap-delivery.js';

export interface TapWiring {
  dynamoDb: DynamoDBClient;
  tableName: string;
  accountSid: string;
  authToken: string;
  /** The Messages API's base (https://api.twilio.com) and the Content API's (https://content.twilio.com). */
  bases: { api: string; content: string };
  fetchImpl?: typeof fetch;
}

/** WhatsApp answers to tap, sent over Twilio's REST APIs with the templates' SIDs kept in the table. */
export const composeTaps = (w: TapWiring): TapMessenger =>
  new TwilioTapMessenger(twilioTapApi(w.accountSid, w.authToken, w.bases, w.fetchImpl), new DynamoDbContentSids(documentClient(w.dynamoDb), w.tableName));
