import { awsSdk } from '../adapters/aws/sdk.js';
import { Hono } from 'hono';
import { handle } from 'hono/aws-lambda';
import { NodeCryptoProtector } from '../adapters/crypto/node-protector.js';
import { DynamoDbDirectory } from '../adapters/dynamodb/directory.js';
import { DynamoDbPrompts } from '../adapters/dynamodb/prompts.js';
import { documentClient } from '../adapters/dynamodb/table.js';
import { JsonLogger } from '../adapters/logging/json-logger.js';
import { PollySynthesizer } from '../adapters/polly/polly-synthesizer.js';
import { S3AudioStore } from '../adapters/s3/s3-audio-store.js';
import { WasmOggOpus } from '../adapters/audio/wasm-ogg-opus.js';
import { systemClock } from '../adapters/time/system-clock.js';
import { Catalog } from '../core/conversation/catalog.js';
import { createTexts } from '../core/texts.js';
import * as z from '../kernel/zod.js';
import { voiceNoteRoutes } from '../http/voice-note-routes.js';
import { loadSecrets, readEnv } from './commons/env.js';
import { composeVoiceNotes } from './commons/compose-voice-notes.js';

const { DynamoDBClient } = awsSdk.dynamodb();
const { PollyClient } = awsSdk.polly();

/**
 * Lambda entry point for the questions' WhatsApp voice notes Twilio fetches at the signed links the
 * webhook writes: Amazon Polly says each one once (Ogg/Opus, the calls' voices) into the media bucket,
 * and every later fetch is served from there. A function of its own, so that only it may call Polly.
 * Languages Polly does not speak (Tigrinya, Persian, Ukrainian…) get staff's recorded prompt (MP3 or WAV,
 * read from the bucket's prompts/), made Ogg/Opus by libopus as WebAssembly (adapters/audio/wasm-ogg-opus.ts:
 * Lambda has no ffmpeg; the wasm lies beside the bundle in opus-assets/).
 */
const env = readEnv(
  z.object({
    TABLE_NAME: z.string().check(z.minLength(1)),
    AUDIO_BUCKET: z.string().check(z.minLength(1)),
    MEDIA_KMS_KEY_ID: z.string().check(z.minLength(1)),
  }),
);

// The HMAC key checks each link's signature (and names notes by what they say); read once per cold start.
const secrets = await loadSecrets();
const db = documentClient(new DynamoDBClient({}));
const s3 = () => Promise.resolve(new (awsSdk.s3().S3Client)({}));
const protector = new NodeCryptoProtector(secrets.keys);
const logger = new JsonLogger(undefined, { fn: 'voice-notes' });
const { notes } = composeVoiceNotes(
  {
    catalog: new Catalog(new DynamoDbDirectory(db, env.TABLE_NAME), systemClock),
    texts: createTexts(),
    prompts: new DynamoDbPrompts(db, env.TABLE_NAME),
    protector,
    clock: systemClock,
  },
  {
    audio: new S3AudioStore(s3, env.AUDIO_BUCKET, env.MEDIA_KMS_KEY_ID),
    synthesizer: new PollySynthesizer(new PollyClient({})),
    transcoder: new WasmOggOpus(),
  },
);
const app = new Hono();
app.route('/', voiceNoteRoutes({ protector, clock: systemClock, logger, notes }));
export const handler = handle(app);
