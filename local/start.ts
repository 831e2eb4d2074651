import { z } from 'zod';
import { DEMO_PROJECT } from './seed.js';
import { startLocalStack } from './stack.js';

/** `npm start`: the local stack with the demo, no questions asked. Ctrl-C stops everything, Java included. */

const Env = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  PUBLIC_URL: z.url().optional(),
  TWILIO_AUTH_TOKEN: z.string().min(1).optional(),
  SERVICE_NUMBER: z.string().regex(/^\+[1-9]\d{6,14}$/).default('+3225550100'),
  DATA_DIR: z.string().default('.data'),
});

const env = Env.parse(process.env);
const stack = await startLocalStack({
  port: env.PORT,
  dataDir: env.DATA_DIR,
  publicUrl: env.PUBLIC_URL,
  twilioAuthToken: env.TWILIO_AUTH_TOKEN,
  serviceNumber: env.SERVICE_NUMBER,
});

const localUrl = stack.url.replace('127.0.0.1', 'localhost');
process.stdout.write(
  [
    '',
    'Stem is running locally.',
    `  Participant simulator   ${localUrl}/simulator   (send "JOIN ${DEMO_PROJECT.joinCode}" to start the demo survey)`,
    `  Twilio webhook          POST ${stack.publicUrl}/twilio/messages   (SMS and WhatsApp)`,
    `  Service number          ${env.SERVICE_NUMBER}`,
    `  Local auth token        ${stack.twilioAuthToken}   (TWILIO_AUTH_TOKEN: requests must be signed with it)`,
    `  DynamoDB Local          ${stack.dynamoDb.endpoint}   (data in ${env.DATA_DIR}/dynamodb)`,
    '',
    'Ctrl-C stops everything.',
    '',
  ].join('\n'),
);

let stopping = false;
const shutdown = (signal: string) => {
  if (stopping) return;
  stopping = true;
  process.stdout.write(`\n${signal}: stopping…\n`);
  stack.stop().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.on('SIGINT', () => shutdown('SIGINT'));
process.on('SIGTERM', () => shutdown('SIGTERM'));
