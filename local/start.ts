import * as z from '../kernel/zod.js';
import { fieldIssues } from '../kernel/validation.js';
import { LIFE_PROJECT } from './demo-life.js';
import { DEMO_PROJECT } from './seed.js';
import { startLocalStack } from './stack.js';

/** `npm start`: the local stack with the demo, no questions asked. Ctrl-C stops everything, Java included. */

const Env = z.object({
  PORT: z._default(z.pipe(z.coerce.number(), z.int().check(z.minimum(1), z.maximum(65535))), 3000),
  PUBLIC_URL: z.optional(z.url()),
  TWILIO_AUTH_TOKEN: z.optional(z.string().check(z.minLength(1))),
  SERVICE_NUMBER: z._default(z.string().check(z.regex(/^\+[1-9]\d{6,14}$/, 'an E.164 number like +3225550100')), '+3225550100'),
  DATA_DIR: z._default(z.string(), '.data'),
  /** With these three, invitations and reminders go out through Twilio's REST API instead of the local outbox. */
  TWILIO_ACCOUNT_SID: z.optional(z.string().check(z.regex(/^AC[0-9a-f]{32}$/, 'an Account SID (AC…)'))),
  TWILIO_SMS_FROM: z.optional(z.string()),
  TWILIO_WHATSAPP_FROM: z.optional(z.string()),
  SEND_RATE_SMS: z._default(z.pipe(z.coerce.number(), z.number().check(z.gt(0), z.lte(100))), 10),
  SEND_RATE_WHATSAPP: z._default(z.pipe(z.coerce.number(), z.number().check(z.gt(0), z.lte(100))), 10),
  /** A whisper.cpp model file (e.g. ggml-base.bin): voice notes are transcribed locally. */
  WHISPER_MODEL: z.optional(z.string().check(z.minLength(1))),
});

// An empty variable (PUBLIC_URL=) means "not set", as in most shells' .env conventions.
const given = Object.fromEntries(Object.entries(process.env).filter(([, v]) => v !== ''));
const parsed = Env.safeParse(given);
if (!parsed.success) {
  process.stderr.write(
    `Cannot start: ${fieldIssues(parsed.error)
      .map((i) => `${i.field}: ${i.message}`)
      .join('; ')}\n`,
  );
  process.exit(2);
}
const env = parsed.data;
const stack = await startLocalStack({
  whisperModel: env.WHISPER_MODEL,
  port: env.PORT,
  dataDir: env.DATA_DIR,
  publicUrl: env.PUBLIC_URL,
  twilioAuthToken: env.TWILIO_AUTH_TOKEN,
  serviceNumber: env.SERVICE_NUMBER,
  // The demo's WhatsApp questions come as voice notes too (espeak-ng here, Polly's voices in the cloud).
  demoVoiceNotes: 'voice-and-text',
  // Two organisations' three-round demos, to compare on the network page.
  demoNetwork: true,
  // With a real Twilio token the simulator could forge genuinely signed messages: it stays off.
  simulator: env.TWILIO_AUTH_TOKEN === undefined,
  twilioRest:
    env.TWILIO_ACCOUNT_SID && env.TWILIO_AUTH_TOKEN
      ? {
          accountSid: env.TWILIO_ACCOUNT_SID,
          smsFrom: env.TWILIO_SMS_FROM ?? env.SERVICE_NUMBER,
          whatsappFrom: env.TWILIO_WHATSAPP_FROM ?? `whatsapp:${env.SERVICE_NUMBER}`,
        }
      : null,
  rates: { sms: env.SEND_RATE_SMS, whatsapp: env.SEND_RATE_WHATSAPP, voice: 1 },
});

const localUrl = stack.url.replace('127.0.0.1', 'localhost');
process.stdout.write(
  [
    '',
    'Stem is running locally.',
    env.TWILIO_AUTH_TOKEN === undefined
      ? `  Participant simulator   ${localUrl}/simulator   (send "JOIN ${DEMO_PROJECT.joinCode}" to start the demo survey)`
      : '  Participant simulator   off: TWILIO_AUTH_TOKEN is set, and the simulator would sign with it',
    `  Twilio webhook          POST ${stack.publicUrl}/twilio/messages#rc=3&rp=all   (SMS and WhatsApp; the fragment makes Twilio retry on errors)`,
    `  Twilio voice webhook    POST ${stack.publicUrl}/twilio/voice   (calls: "A call comes in"; calling ${env.SERVICE_NUMBER} joins the demo)`,
    `  Service number          ${env.SERVICE_NUMBER}`,
    `  Local auth token        ${stack.twilioAuthToken}   (TWILIO_AUTH_TOKEN: requests must be signed with it)`,
    `  Dashboard               ${localUrl}/dashboard   (sign in with a token below)`,
    `  Three-round demo        ${localUrl}/dashboard/projects/${LIFE_PROJECT.projectId}   (start and midway answered, end open: send "JOIN ${LIFE_PROJECT.joinCode}" in the simulator)`,
    `  Staff API               ${localUrl}/api   (OpenAPI: ${localUrl}/api/openapi.json; send "Authorization: Bearer <token>")`,
    `    staff, OCMW Demo      ${stack.tokens.staffDemo}`,
    `    staff, CPAS Exemple   ${stack.tokens.staffExemple}`,
    `    coordinator           ${stack.tokens.coordinator}`,
    `    interpreter, OCMW Demo ${stack.tokens.interpreterDemo}   (the voice queue; hears the demo's own voices only if OCMW Demo allows it)`,
    `    interpreter, CPAS Exemple ${stack.tokens.interpreterExemple}   (the voice queue: hears the other organisations' voices, disguised)`,
    `    interpreter, network  ${stack.tokens.interpreterNetwork}   (independent; coordinators add more: POST /api/interpreters)`,
    stack.outbox
      ? `  Outbound messages       local outbox: ${localUrl}/dev/outbox?to=<number> (and in the simulator)`
      : '  Outbound messages       Twilio REST API',
    `  DynamoDB Local          ${stack.dynamoDb.endpoint}   (data in ${env.DATA_DIR}/dynamodb)`,
    env.WHISPER_MODEL
      ? `  Voice answers           whisper.cpp, model ${env.WHISPER_MODEL}; other languages to the human queue (${localUrl}/dashboard/voice)`
      : `  Voice answers           human transcription queue: ${localUrl}/dashboard/voice   (set WHISPER_MODEL for local machine transcription)`,
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
