import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { CfnOutput, Duration, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as schedulerTargets from 'aws-cdk-lib/aws-scheduler-targets';
import type { Construct } from 'constructs';
import type { StemConfig } from './config.js';
import { Api, TWILIO_MESSAGES_PATH, TWILIO_VOICE_PATH } from './constructs/api.js';
import { StemEdge } from './constructs/edge.js';
import { StemAuth } from './constructs/auth.js';
import { StemData } from './constructs/data.js';
import { StemMedia } from './constructs/media.js';
import { CHANNELS, StemQueues } from './constructs/queues.js';
import { StemSecrets } from './constructs/secrets.js';
import { StemFunction } from './constructs/stem-function.js';
import { buildSdkLayer } from './sdk-layer.js';
import { BUNDLED_TEMPLATE_DIR, TEMPLATE_FILES } from '../flows/templates/files.js';
import { BUNDLED_ASSET_DIR, TRIAD_PICTURE_FILES } from '../adapters/images/packaged-files.js';

export interface StemStackProps extends StackProps {
  readonly config: StemConfig;
  /** The CloudFront web ACL of the stage's edge stack (us-east-1). */
  readonly webAclArn: string;
}

/**
 * Stem on AWS, one construct per concern: data, secrets, the public HTTP API, work queues, media and
 * transcription, auth (Cognito), and the functions — webhooks, staff API and dashboard, delivery workers,
 * the voice pipeline and the scheduled sweep. Each function gets only the permissions it uses.
 */
export class StemStack extends Stack {
  readonly data: StemData;
  readonly secrets: StemSecrets;
  readonly api: Api;
  readonly edge: StemEdge;
  readonly queues: StemQueues;
  readonly media: StemMedia;
  readonly auth: StemAuth;
  readonly messaging: StemFunction;
  readonly pictures: StemFunction;
  readonly staffApi: StemFunction;
  readonly voiceApi: StemFunction;
  readonly dashboard: StemFunction;
  readonly delivery: Record<(typeof CHANNELS)[number], StemFunction>;
  readonly voiceWorker: StemFunction;
  readonly transcribeEvents: StemFunction;
  readonly sweep: StemFunction;
  readonly sdkLayer: lambda.LayerVersion;

  constructor(scope: Construct, id: string, props: StemStackProps) {
    super(scope, id, props);
    const { config } = props;

    this.data = new StemData(this, 'Data');
    this.secrets = new StemSecrets(this, 'Secrets');
    this.api = new Api(this, 'Api', { throttles: config.throttles });
    this.edge = new StemEdge(this, 'Edge', { apiEndpoint: this.api.endpoint, webAclArn: props.webAclArn, ...(config.domain ? { domain: config.domain } : {}) });
    this.queues = new StemQueues(this, 'Queues', { alarmEmail: config.alarmEmail });
    this.media = new StemMedia(this, 'Media');
    // What Twilio calls and signs over, and where staff sign in: CloudFront (WAF), never the API's own endpoint.
    const publicUrl = this.edge.publicUrl;
    this.auth = new StemAuth(this, 'Auth', { publicUrl, organisations: config.organisations, domainPrefix: config.authDomainPrefix });
    const twilioRest = {
      TWILIO_ACCOUNT_SID: config.twilio.accountSid,
      ...(config.twilio.region && config.twilio.edge ? { TWILIO_REGION: config.twilio.region, TWILIO_EDGE: config.twilio.edge } : {}),
    };
    const twilio = {
      ...twilioRest,
      TWILIO_SMS_FROM: config.twilio.smsFrom,
      TWILIO_WHATSAPP_FROM: config.twilio.whatsappFrom ?? `whatsapp:${config.twilio.smsFrom}`,
    };
    // The AWS SDK from the lockfile, shared by every function (cdk/sdk-layer.ts).
    const projectRoot = fileURLToPath(new URL('../', import.meta.url));
    const sdkFiles = buildSdkLayer(projectRoot, fileURLToPath(new URL('../node_modules/.cache/stem-sdk-layer/', import.meta.url)));
    this.sdkLayer = new lambda.LayerVersion(this, 'AwsSdk', {
      description: `Stem: the AWS SDK from package-lock.json (${sdkFiles.packages.length} packages)`,
      code: lambda.Code.fromAsset(sdkFiles.dir, { exclude: ['.complete'] }),
      compatibleRuntimes: [lambda.Runtime.NODEJS_24_X],
      compatibleArchitectures: [lambda.Architecture.ARM_64],
    });
    const common = { table: this.data.table, tableKey: this.data.key, secrets: this.secrets, secretsRevision: config.secretsRevision, sdk: this.sdkLayer };
    const voiceQueueUrl = this.queues.voice.queue.queueUrl;

    // Webhooks: messages, calls (and their status callbacks), the prompt studio, prompt audio for <Play>.
    this.messaging = new StemFunction(this, 'Messaging', {
      ...common,
      entry: 'twilio-messages.ts',
      description: 'Stem: Twilio messaging and voice webhooks',
      // Conversations, join limits, studio codes and prompts; DeleteItem for erasure and replaced prompts.
      tableActions: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
      // Twilio gives up after 15 s; answer (or fail so that it retries) well before that.
      timeout: Duration.seconds(10),
      environment: { PUBLIC_URL: publicUrl, VOICE_QUEUE_URL: voiceQueueUrl, ...this.media.environment(), ...twilioRest },
    });
    this.queues.grantSend(this.messaging.role, [this.queues.voice.queue]);
    // Prompts played to callers (and "you said, we did" recordings under voice/), studio takes (voice/) saved
    // as prompts, voice notes an erasure removes.
    this.media.grantAudio(this.messaging.role, { get: ['voice', 'prompts'], put: ['voice', 'prompts'], delete: ['voice', 'prompts'] });
    this.api.addTwilioMessagesRoute(this.messaging.fn);
    this.api.addRoutes(
      'TwilioCalls',
      this.messaging.fn,
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
    this.pictures = new StemFunction(this, 'Pictures', {
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
      aliases: { brotli: fileURLToPath(new URL('../adapters/images/node-brotli', import.meta.url)) },
    });
    this.api.addRoutes(
      'PromptAudio',
      this.messaging.fn,
      [{ path: '/media/prompts/{token}', methods: [apigwv2.HttpMethod.GET] }],
      'public',
      'Twilio fetches prompt audio for <Play> without credentials: each URL carries a keyed MAC of what it names, checked in the function.',
    );
    this.api.addRoutes(
      'Pictures',
      this.pictures.fn,
      [{ path: '/media/triad/{proxy+}', methods: [apigwv2.HttpMethod.GET, apigwv2.HttpMethod.HEAD] }],
      'public',
      'Twilio fetches WhatsApp media without credentials: each picture URL carries a keyed MAC of what it names (checked in the function, 404 otherwise), so only pictures Stem sent can be fetched; API Gateway throttling bounds the rest.',
    );

    // The staff API: Cognito ID tokens checked in it.
    this.staffApi = new StemFunction(this, 'StaffApi', {
      ...common,
      entry: 'api.ts',
      description: 'Stem: staff API',
      // Invitations of an import or a launch in batches; DeleteItem for removed prompts.
      tableActions: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'],
      memorySize: 1024,
      // The built-in survey templates are read from files beside the bundle (flows/templates/files.ts).
      files: [{ dir: BUNDLED_TEMPLATE_DIR, sources: TEMPLATE_FILES.map((f) => fileURLToPath(new URL(`../flows/templates/${f}`, import.meta.url))) }],
      // API Gateway's own limit for an HTTP API integration.
      timeout: Duration.seconds(29),
      environment: { ...this.auth.environment(), DELIVERY_QUEUE_URLS: this.queues.deliveryUrls(), ...this.media.environment() },
    });
    this.queues.grantSend(
      this.staffApi.role,
      CHANNELS.map((c) => this.queues.delivery[c].queue),
    );
    // Recorded prompts (prompts/) and "you said, we did" recordings (voice/ keys `feedback-…`): upload, play, replace.
    this.media.grantAudio(this.staffApi.role, { get: ['voice', 'prompts'], put: ['voice', 'prompts'], delete: ['voice', 'prompts'] });
    this.media.grantExports(this.staffApi.role);
    this.api.addRoutes(
      'StaffApi',
      this.staffApi.fn,
      ['/api', '/api/{proxy+}'].map((path) => ({ path, methods: [apigwv2.HttpMethod.ANY] })),
      'staff',
      'The staff API verifies a Cognito ID token (bearer) in the function, with the same authorization code as local mode.',
    );

    // The human transcription queue: the same API, its own function (disguising voices and redacting
    // transcripts would take the staff API over its bundle budget). More specific routes win over /api/{proxy+}.
    this.voiceApi = new StemFunction(this, 'VoiceApi', {
      ...common,
      entry: 'voice-api.ts',
      description: 'Stem: human transcription queue (disguised voices)',
      // The queue (Query), claims, own-listening settings and transcripts (voice-job transactions: Update, and
      // Delete of the queue listing). No PutItem: a person only takes jobs off the queue, and interpreter
      // accounts live in the user pool (the API answers 501 for them here).
      tableActions: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
      // Decoding, shifting and re-encoding a 5-minute voice note is CPU-bound.
      memorySize: 1024,
      timeout: Duration.seconds(29),
      environment: { ...this.auth.environment(), ...this.media.environment() },
    });
    // A voice note to listen to (disguised), deleted once transcribed.
    this.media.grantAudio(this.voiceApi.role, { get: ['voice'], delete: ['voice'] });
    this.api.addRoutes(
      'VoiceApi',
      this.voiceApi.fn,
      ['/api/voice', '/api/voice/{proxy+}', '/api/interpreters', '/api/interpreters/{proxy+}'].map((path) => ({ path, methods: [apigwv2.HttpMethod.ANY] })),
      'staff',
      'The voice queue verifies a Cognito ID token (bearer) in the function, with the same authorization code as the staff API and local mode.',
    );

    // The dashboard: pages made from the staff API over HTTPS with the signed-in person's token; no table, no secrets.
    this.dashboard = new StemFunction(this, 'Dashboard', {
      ...common,
      data: false,
      entry: 'dashboard.ts',
      description: 'Stem: staff dashboard (over the staff API)',
      // API Gateway's own limit for an HTTP API integration.
      timeout: Duration.seconds(29),
      environment: { PUBLIC_URL: publicUrl, ...this.auth.environment() },
    });
    this.api.addRoutes(
      'Dashboard',
      this.dashboard.fn,
      ['/dashboard', '/dashboard/{proxy+}'].map((path) => ({ path, methods: [apigwv2.HttpMethod.ANY] })),
      'staff',
      'The dashboard reads its HttpOnly session cookie (a Cognito ID token) and passes it to the staff API, which verifies it; a gateway authorizer cannot read the cookie, and the sign-in pages must open without one.',
    );

    // Delivery workers, one per channel.
    const delivery: Partial<Record<(typeof CHANNELS)[number], StemFunction>> = {};
    for (const channel of CHANNELS) {
      const worker = new StemFunction(this, `Delivery-${channel}`, {
        ...common,
        entry: 'delivery-worker.ts',
        description: `Stem: sends ${channel} invitations and reminders`,
        // Reads the round and the participant, claims and marks the invitation.
        tableActions: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:UpdateItem'],
        timeout: Duration.seconds(60),
        environment: { ...twilio, PUBLIC_URL: publicUrl, TWILIO_VOICE_FROM: config.twilio.voiceFrom ?? config.twilio.smsFrom },
      });
      // Paced by the event source's maximum concurrency, not reserved concurrency: a reservation fails the
      // deploy in accounts whose quota is 10, and throttled batches would count as receives and reach the
      // dead-letter queue untried.
      // A mapping of its own rather than SqsEventSource, whose grant adds GetQueueUrl that nothing calls.
      worker.fn.addEventSourceMapping('Jobs', {
        eventSourceArn: this.queues.delivery[channel].queue.queueArn,
        batchSize: 10,
        reportBatchItemFailures: true,
        maxConcurrency: config.sending[channel],
      });
      this.queues.grantConsume(worker.role, this.queues.delivery[channel].queue);
      delivery[channel] = worker;
    }
    this.delivery = delivery as Record<(typeof CHANNELS)[number], StemFunction>;

    // The voice pipeline: fetch, store, transcribe (or queue for a person), redact, delete.
    this.voiceWorker = new StemFunction(this, 'VoiceWorker', {
      ...common,
      entry: 'voice-worker.ts',
      description: 'Stem: voice notes and call recordings to redacted transcripts',
      // Voice-job transitions (Update, Put/Delete of the queue listings) and the transcript on the answer.
      tableActions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
      memorySize: 1024,
      timeout: Duration.minutes(5),
      environment: { ...twilio, ...this.media.environment() },
    });
    this.voiceWorker.fn.addEventSourceMapping('Jobs', { eventSourceArn: this.queues.voice.queue.queueArn, batchSize: 1, reportBatchItemFailures: true });
    this.queues.grantConsume(this.voiceWorker.role, this.queues.voice.queue);
    // Stores the note (Transcribe reads it with this role), deletes it once transcribed.
    this.media.grantAudio(this.voiceWorker.role, { get: ['voice'], put: ['voice'], delete: ['voice'] });
    this.media.grantTranscribe(this.voiceWorker.role);
    this.media.grantStartTranscription(this.voiceWorker.role);

    this.transcribeEvents = new StemFunction(this, 'TranscribeEvents', {
      ...common,
      entry: 'transcribe-events.ts',
      description: 'Stem: AWS Transcribe job finished: attach the redacted transcript',
      // Voice-job transitions: done (Delete of the listing) or to a person (Put of the listing).
      tableActions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
      timeout: Duration.minutes(1),
      environment: this.media.environment(),
    });
    this.media.jobStateChanges.addTarget(
      new targets.LambdaFunction(this.transcribeEvents.fn, { retryAttempts: 4, deadLetterQueue: this.queues.targetFailures }),
    );
    // The note, once transcribed.
    this.media.grantAudio(this.transcribeEvents.role, { delete: ['voice'] });
    this.media.grantTranscribe(this.transcribeEvents.role);

    // The scheduler owns time: invitations of rounds that opened, reminders, voice jobs to retry or poll.
    this.sweep = new StemFunction(this, 'Sweep', {
      ...common,
      entry: 'sweep.ts',
      description: 'Stem: periodic sweep (invitations, reminders, voice jobs)',
      // Invitations one by one (PutItem), rounds and sessions marked (UpdateItem).
      tableActions: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
      timeout: Duration.minutes(5),
      environment: { DELIVERY_QUEUE_URLS: this.queues.deliveryUrls(), VOICE_QUEUE_URL: voiceQueueUrl },
    });
    this.queues.grantSend(this.sweep.role, [...CHANNELS.map((c) => this.queues.delivery[c].queue), this.queues.voice.queue]);
    // The scheduler's own role may invoke this one function (not its versions or aliases).
    const invoker = new iam.Role(this, 'SweepScheduleRole', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com'),
      description: 'Stem: EventBridge Scheduler invokes the sweep',
    });
    invoker.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [this.sweep.fn.functionArn] }));
    const sweepId = this.getLogicalId(this.sweep.fn.node.defaultChild as lambda.CfnFunction);
    Validations.of(invoker).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${sweepId}.Arn>:*]`,
      reason: "The scheduler target's own grant also names the function's versions (`:*`); it is the one sweep function either way.",
    });
    new scheduler.Schedule(this, 'SweepSchedule', {
      description: 'Stem: run the sweep every five minutes',
      schedule: scheduler.ScheduleExpression.rate(Duration.minutes(5)),
      target: new schedulerTargets.LambdaInvoke(this.sweep.fn, { retryAttempts: 2, role: invoker, deadLetterQueue: this.queues.targetFailures }),
    });
    // The scheduler writes to the dead-letter queue with its own role: the queue's key through SQS only.
    invoker.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        resources: [this.queues.key.keyArn],
        conditions: { StringEquals: { 'kms:ViaService': `sqs.${this.region}.amazonaws.com` } },
      }),
    );

    // Alarms that reach a person (the topic's e-mail subscription): a function failing or throttled, the API
    // answering 5xx, the sweep failing twice in a row (invitations and reminders stop).
    const functions: Record<string, StemFunction> = {
      Messaging: this.messaging,
      Pictures: this.pictures,
      StaffApi: this.staffApi,
      VoiceApi: this.voiceApi,
      Dashboard: this.dashboard,
      ...Object.fromEntries(CHANNELS.map((c) => [`Delivery-${c}`, this.delivery[c]])),
      VoiceWorker: this.voiceWorker,
      TranscribeEvents: this.transcribeEvents,
    };
    const fiveMinutes = { period: Duration.minutes(5), statistic: 'Sum' };
    for (const [name, fn] of Object.entries(functions)) {
      this.queues.alarmOn(
        `${name}ErrorsAlarm`,
        `Stem: the ${name} function failed (errors or time-outs) at least 5 times in 5 minutes`,
        fn.fn.metricErrors(fiveMinutes),
        5,
      );
      this.queues.alarmOn(
        `${name}ThrottlesAlarm`,
        `Stem: Lambda throttled the ${name} function (account concurrency exhausted?)`,
        fn.fn.metricThrottles(fiveMinutes),
        1,
      );
    }
    this.queues.alarmOn(
      'SweepFailuresAlarm',
      'Stem: the sweep failed in two runs in a row: invitations, reminders and voice retries wait',
      this.sweep.fn.metricErrors(fiveMinutes),
      1,
      2,
    );
    this.queues.alarmOn('SweepThrottlesAlarm', 'Stem: Lambda throttled the sweep', this.sweep.fn.metricThrottles(fiveMinutes), 1);
    this.queues.alarmOn(
      'Api5xxAlarm',
      'Stem: the API answered 5xx at least 5 times in 5 minutes (Twilio retries voice webhooks only)',
      this.api.httpApi.metricServerError(fiveMinutes),
      5,
    );

    new CfnOutput(this, 'TwilioMessagingWebhookUrl', {
      description: 'Paste into Twilio: phone number / WhatsApp sender → "A message comes in" (HTTP POST)',
      value: `${publicUrl}${TWILIO_MESSAGES_PATH}`,
    });
    new CfnOutput(this, 'TwilioVoiceWebhookUrl', {
      description: 'Paste into Twilio: phone number → "A call comes in" (HTTP POST)',
      value: `${publicUrl}${TWILIO_VOICE_PATH}`,
    });
    new CfnOutput(this, 'PromptStudioWebhookUrl', {
      description: 'Optional: a staff-only Twilio number → "A call comes in" (HTTP POST), for recording prompts by phone',
      value: `${publicUrl}/twilio/voice/studio`,
    });
    new CfnOutput(this, 'DashboardUrl', { description: 'Staff sign in here (Cognito)', value: `${publicUrl}/dashboard` });
    new CfnOutput(this, 'DistributionDomain', {
      description: config.domain ? `Point ${config.domain.name} here (DNS CNAME or alias)` : 'CloudFront: the public URL Twilio calls',
      value: this.edge.distribution.distributionDomainName,
    });
    new CfnOutput(this, 'TwilioAuthTokenSecret', {
      description: 'Store the Twilio auth token here, then bump secretsRevision in config/<stage>.json and deploy',
      value: this.secrets.twilioAuthToken.secretArn,
    });
    new CfnOutput(this, 'UserPoolId', {
      description: 'Create staff accounts here and add them to staff-<organisation>, interpreter-<organisation> or coordinator',
      value: this.auth.userPool.userPoolId,
    });
    new CfnOutput(this, 'AlarmTopic', { description: 'Alarms go here (the alarmEmail of the stage config is subscribed)', value: this.queues.alarms.topicArn });
    new CfnOutput(this, 'TableName', { value: this.data.table.tableName });
  }
}
