import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { StemConfig } from './config.js';
import { Api, TWILIO_MESSAGES_PATH, TWILIO_VOICE_PATH } from './constructs/api.js';
import { StemData } from './constructs/data.js';
import { Messaging } from './constructs/messaging.js';
import { StemSecrets } from './constructs/secrets.js';

export interface StemStackProps extends StackProps {
  readonly config: StemConfig;
}

/**
 * The foundation: table, secrets, the messaging webhook function and the public HTTP API.
 * Later issues add media + transcription, auth (Cognito) and the web dashboard as further constructs.
 */
export class StemStack extends Stack {
  readonly data: StemData;
  readonly secrets: StemSecrets;
  readonly api: Api;
  readonly messaging: Messaging;

  constructor(scope: Construct, id: string, props: StemStackProps) {
    super(scope, id, props);
    const { config } = props;

    this.data = new StemData(this, 'Data');
    this.secrets = new StemSecrets(this, 'Secrets');
    this.api = new Api(this, 'Api');

    const publicUrl = config.publicUrl ?? this.api.endpoint;
    this.messaging = new Messaging(this, 'Messaging', {
      table: this.data.table,
      tableKey: this.data.key,
      secrets: this.secrets,
      publicUrl,
      secretsRevision: config.secretsRevision,
    });
    this.api.addTwilioMessagesRoute(this.messaging.fn);

    new CfnOutput(this, 'TwilioMessagingWebhookUrl', {
      description: 'Paste into Twilio: phone number / WhatsApp sender → "A message comes in" (HTTP POST)',
      value: `${publicUrl}${TWILIO_MESSAGES_PATH}`,
    });
    new CfnOutput(this, 'TwilioVoiceWebhookUrl', {
      description: 'Paste into Twilio: phone number → "A call comes in" (HTTP POST)',
      value: `${publicUrl}${TWILIO_VOICE_PATH}`,
    });
    if (config.publicUrl !== undefined) {
      new CfnOutput(this, 'ApiEndpoint', {
        description: `The API's own endpoint: route ${config.publicUrl} to it (custom domain or proxy)`,
        value: this.api.endpoint,
      });
    }
    new CfnOutput(this, 'TwilioAuthTokenSecret', {
      description: 'Store the Twilio auth token here, then redeploy with -c secretsRevision=<n+1>',
      value: this.secrets.twilioAuthToken.secretArn,
    });
    new CfnOutput(this, 'TableName', { value: this.data.table.tableName });
  }
}
