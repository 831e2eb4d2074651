import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Duration, Validations, type Stack } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { OPUS_ASSET_DIR, OPUS_WASM_FILES } from '../../adapters/audio/opus-wasm-files.js';
import { BUNDLED_ASSET_DIR, TRIAD_PICTURE_FILES } from '../../adapters/images/packaged-files.js';
import { StemFunction } from '../constructs/stem-function.js';
import type { StackParts } from './parts.js';

/** What Twilio calls: the messaging and voice webhooks (with the prompt studio and prompt audio), the triad pictures and the questions' voice notes. */
export function addWebhookFunctions(stack: Stack, parts: StackParts): { messaging: StemFunction; pictures: StemFunction; voiceNotes: StemFunction } {
  const { api, queues, media, common, publicUrl, twilioRest, config } = parts;
  // Our numbers: messages and calls to any other number are only counted (core/conversation/our-numbers.ts).
  const serviceNumbers = [config.twilio.smsFrom, config.twilio.whatsappFrom, config.twilio.voiceFrom].filter((n): n is string => n !== undefined);
  const voiceQueueUrl = queues.voice.queue.queueUrl;

  // Webhooks: messages, calls (and their status callbacks), the prompt studio, prompt audio for <Play>.
  const messaging = new StemFunction(stack, 'Messaging', {
    ...common,
    entry: 'twilio-messages.ts',
    description: 'Stem: Twilio messaging and voice webhooks',
    // Conversations, join limits, studio codes and prompts; DeleteItem for erasure and replaced prompts.
    tableActions: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
    // Twilio gives up after 15 s; answer (or fail so that it retries) before that. A turn's REST messages
    // are begun within 7 s and end within 6 more (http/messaging-routes.ts REST_DEADLINE_MS).
    timeout: Duration.seconds(14),
    environment: { PUBLIC_URL: publicUrl, VOICE_QUEUE_URL: voiceQueueUrl, SERVICE_NUMBERS: serviceNumbers.join(','), ...media.environment(), ...twilioRest },
  });
  queues.grantSend(messaging.role, [queues.voice.queue]);
  // Prompts played to callers (and "you said, we did" recordings under voice/), studio takes (voice/) saved
  // as prompts, voice notes an erasure removes.
  media.grantAudio(messaging.role, { get: ['voice', 'prompts'], put: ['voice', 'prompts'], delete: ['voice', 'prompts'] });
  api.addTwilioMessagesRoute(messaging.fn);
  api.addRoutes(
    'TwilioCalls',
    messaging.fn,
    [
      { path: '/twilio/voice/status', methods: [apigwv2.HttpMethod.POST] },
      { path: '/twilio/messages/status', methods: [apigwv2.HttpMethod.POST] },
      { path: '/twilio/voice/studio', methods: [apigwv2.HttpMethod.POST] },
      { path: '/twilio/voice/message', methods: [apigwv2.HttpMethod.POST] },
    ],
    'webhooks',
    'Twilio calls these: webhooks carry the X-Twilio-Signature HMAC (checked in the function); <Play> fetches of prompt audio carry a keyed MAC in the URL, checked in the function.',
  );

  // The triad pictures sent over WhatsApp, fetched by Twilio at signed URLs the webhook writes. A function
  // of its own: the renderer stays out of the webhook's bundle; its wasm and fonts lie beside its bundle.
  const requireHere = createRequire(import.meta.url);
  const pictures = new StemFunction(stack, 'Pictures', {
    ...common,
    entry: 'pictures.ts',
    description: 'Stem: triad pictures for WhatsApp (signed URLs)',
    // The survey version a picture names.
    tableActions: ['dynamodb:GetItem'],
    // Rasterizing is CPU-bound: more memory is more CPU, and the first picture compiles 2.5 MB of wasm.
    memorySize: 1024,
    timeout: Duration.seconds(15),
    files: [{ dir: BUNDLED_ASSET_DIR, sources: TRIAD_PICTURE_FILES.map((file) => requireHere.resolve(file)) }],
    // fontkit reads WOFF2 with the `brotli` package's JavaScript decoder (~490 KB); Node's own Brotli does it.
    aliases: { brotli: fileURLToPath(new URL('../../adapters/images/node-brotli', import.meta.url)) },
  });
  api.addRoutes(
    'PromptAudio',
    messaging.fn,
    [{ path: '/media/prompts/{token}', methods: [apigwv2.HttpMethod.GET] }],
    'public',
    'Twilio fetches prompt audio for <Play> without credentials: each URL carries a keyed MAC of what it names, checked in the function.',
  );
  api.addRoutes(
    'Pictures',
    pictures.fn,
    [{ path: '/media/triad/{proxy+}', methods: [apigwv2.HttpMethod.GET, apigwv2.HttpMethod.HEAD] }],
    'public',
    'Twilio fetches WhatsApp media without credentials: each picture URL carries a keyed MAC of what it names (checked in the function, 404 otherwise), so only pictures Stem sent can be fetched; API Gateway throttling bounds the rest.',
  );

  // The questions' WhatsApp voice notes, fetched by Twilio at signed, expiring links the webhook writes:
  // Polly says each once into the media bucket (voice/ prefix: expired within a day, then said again), or
  // for a language without a voice the recorded prompt is transcoded (libopus as WebAssembly, its files
  // beside the bundle: adapters/audio/opus-wasm-files.ts).
  const voiceNotes = new StemFunction(stack, 'VoiceNotes', {
    ...common,
    entry: 'voice-notes.ts',
    description: 'Stem: WhatsApp voice notes of the questions (Polly or recorded prompts, signed links)',
    // The survey version a note names (GetItem); the recorded prompts of its language (Query).
    tableActions: ['dynamodb:GetItem', 'dynamodb:Query'],
    // Transcoding is CPU-bound and made while Twilio waits (15 s): more memory is more CPU.
    memorySize: 1024,
    timeout: Duration.seconds(15),
    environment: { ...media.environment() },
    files: [{ dir: OPUS_ASSET_DIR, sources: OPUS_WASM_FILES.map((file) => requireHere.resolve(file)) }],
  });
  // Reads recorded prompts (prompts/, kms:Decrypt through S3 with the get), writes and reads its notes (voice/).
  media.grantAudio(voiceNotes.role, { get: ['voice', 'prompts'], put: ['voice'] });
  // SynthesizeSpeech has no resource type (Resource "*"): https://docs.aws.amazon.com/polly/latest/dg/api-permissions-reference.html
  voiceNotes.role.addToPrincipalPolicy(new iam.PolicyStatement({ sid: 'PollySpeaks', actions: ['polly:SynthesizeSpeech'], resources: ['*'] }));
  Validations.of(voiceNotes.role).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason: 'polly:SynthesizeSpeech supports no resource-level permission (lexicons only, which Stem does not use).',
  });
  api.addRoutes(
    'VoiceNotes',
    voiceNotes.fn,
    [{ path: '/media/voice/{proxy+}', methods: [apigwv2.HttpMethod.GET, apigwv2.HttpMethod.HEAD] }],
    'public',
    'Twilio fetches WhatsApp media without credentials: each voice-note link carries a keyed MAC of what it names and until when (checked in the function, 403 otherwise), so only notes Stem sent can be fetched, for an hour.',
  );
  return { messaging, pictures, voiceNotes };
}
