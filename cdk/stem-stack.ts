import { fileURLToPath } from 'node:url';
import { Stack, type StackProps } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import type { StemConfig } from './config.js';
import { Api } from './constructs/api.js';
import { StemEdge } from './constructs/edge.js';
import { StemAuth } from './constructs/auth.js';
import { StemData } from './constructs/data.js';
import { StemMedia } from './constructs/media.js';
import { CHANNELS, StemQueues } from './constructs/queues.js';
import { StemSecrets } from './constructs/secrets.js';
import type { StemFunction } from './constructs/stem-function.js';
import { buildSdkLayer } from './sdk-layer.js';
import { addAlarms } from './stack/alarms.js';
import { addOutputs } from './stack/outputs.js';
import type { StackParts } from './stack/parts.js';
import { addStaffFunctions } from './stack/staff-functions.js';
import { addSweep } from './stack/sweep.js';
import { addWebhookFunctions } from './stack/webhooks.js';
import { addWorkerFunctions } from './stack/workers.js';

export interface StemStackProps extends StackProps {
  readonly config: StemConfig;
  /** The CloudFront web ACL of the stage's edge stack (us-east-1). */
  readonly webAclArn: string;
}

/**
 * Stem on AWS, one construct per concern: data, secrets, the public HTTP API, work queues, media and
 * transcription, auth (Cognito), and the functions — webhooks, staff API and dashboard, delivery workers,
 * the voice pipeline and the scheduled sweep. Each function gets only the permissions it uses. The
 * function groups, the alarms and the outputs are made in stack/ (one file each), on this stack itself.
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
  readonly voiceNotes: StemFunction;
  readonly staffApi: StemFunction;
  readonly authoringApi: StemFunction;
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
    const parts: StackParts = {
      config,
      data: this.data,
      secrets: this.secrets,
      api: this.api,
      queues: this.queues,
      media: this.media,
      auth: this.auth,
      publicUrl,
      twilioRest,
      twilio,
      common: { table: this.data.table, tableKey: this.data.key, secrets: this.secrets, secretsRevision: config.secretsRevision, sdk: this.sdkLayer },
    };

    ({ messaging: this.messaging, pictures: this.pictures, voiceNotes: this.voiceNotes } = addWebhookFunctions(this, parts));
    ({ staffApi: this.staffApi, authoringApi: this.authoringApi, voiceApi: this.voiceApi, dashboard: this.dashboard } = addStaffFunctions(this, parts));
    ({ delivery: this.delivery, voiceWorker: this.voiceWorker, transcribeEvents: this.transcribeEvents } = addWorkerFunctions(this, parts));
    this.sweep = addSweep(this, parts);

    addAlarms(
      parts,
      {
        Messaging: this.messaging,
        Pictures: this.pictures,
        VoiceNotes: this.voiceNotes,
        StaffApi: this.staffApi,
        AuthoringApi: this.authoringApi,
        VoiceApi: this.voiceApi,
        Dashboard: this.dashboard,
        ...Object.fromEntries(CHANNELS.map((c) => [`Delivery-${c}`, this.delivery[c]])),
        VoiceWorker: this.voiceWorker,
        TranscribeEvents: this.transcribeEvents,
      },
      this.sweep,
    );
    addOutputs(this, parts, this.edge);
  }
}
