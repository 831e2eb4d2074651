/**
 * A delivery worker that dies between its claim and its send: run as its own process (tsx) by
 * fault-sends.test.ts, which kills it (SIGKILL) once it reports the claim. It is the real wiring — the
 * DynamoDB store, deliver(), the Twilio REST client pointed at the test's fake Twilio — except that the
 * claim, once committed, is followed by a wait instead of the send: the moment a crash can fall on.
 *
 * Input by environment: DYNAMODB_ENDPOINT, TABLE_NAME, PROTECTOR_KEYS (JSON), TWILIO_BASE, ACCOUNT_SID,
 * AUTH_TOKEN, JOB (a DeliveryJob as JSON), NOW (the test clock, ISO).
 */
import { ProtectorKeys } from '../../../adapters/crypto/node-protector.js';
import { twilioRestClient } from '../../../adapters/twilio/rest-client.js';
import { TwilioMessenger } from '../../../adapters/twilio/twilio-messenger.js';
import type { ParticipantStore } from '../../../core/participants/ports.js';
import { deliver } from '../../../core/rounds/deliver.js';
import type { DeliveryJob } from '../../../core/rounds/ports.js';
import { composeConversation } from '../../../functions/commons/compose.js';
import { localDynamoDbClient } from '../../../local/dynamodb-local.js';
import { CapturingLogger } from './harness.js';

const need = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

const now = new Date(need('NOW'));
const base = composeConversation({
  dynamoDb: localDynamoDbClient(need('DYNAMODB_ENDPOINT')),
  tableName: need('TABLE_NAME'),
  keys: ProtectorKeys.parse(JSON.parse(need('PROTECTOR_KEYS'))),
  logger: new CapturingLogger(),
  clock: { now: () => new Date(now) },
});
const participants: ParticipantStore = Object.assign(Object.create(base.participants) as ParticipantStore, {
  async claimInvitation(projectId: string, roundId: string, contactKey: string, at: string): Promise<boolean> {
    const claimed = await base.participants.claimInvitation(projectId, roundId, contactKey, at);
    if (!claimed) return false;
    process.stdout.write('claimed\n');
    return new Promise<boolean>(() => undefined); // the send never comes: the parent kills us here
  },
});
const messenger = new TwilioMessenger(twilioRestClient(need('ACCOUNT_SID'), need('AUTH_TOKEN'), need('TWILIO_BASE')), {
  sms: '+3225550100',
  whatsapp: 'whatsapp:+3225550100',
});
const job = JSON.parse(need('JOB')) as DeliveryJob;
const sent = await deliver({ ...base, participants, messenger, dialer: null }, job);
process.stdout.write(`finished ${String(sent)}\n`);
