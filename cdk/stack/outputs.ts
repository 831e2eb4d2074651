import { CfnOutput, type Stack } from 'aws-cdk-lib';
import { TWILIO_MESSAGES_PATH, TWILIO_VOICE_PATH } from '../constructs/api.js';
import type { StemEdge } from '../constructs/edge.js';
import type { StackParts } from './parts.js';

/** What a person needs after a deploy: the URLs to paste into Twilio, where staff sign in, where secrets and alarms go. */
export function addOutputs(stack: Stack, parts: StackParts, edge: StemEdge): void {
  const { config, publicUrl } = parts;
  new CfnOutput(stack, 'TwilioMessagingWebhookUrl', {
    description: 'Paste into Twilio: phone number / WhatsApp sender → "A message comes in" (HTTP POST)',
    value: `${publicUrl}${TWILIO_MESSAGES_PATH}`,
  });
  new CfnOutput(stack, 'TwilioVoiceWebhookUrl', {
    description: 'Paste into Twilio: phone number → "A call comes in" (HTTP POST)',
    value: `${publicUrl}${TWILIO_VOICE_PATH}`,
  });
  new CfnOutput(stack, 'PromptStudioWebhookUrl', {
    description: 'Optional: a staff-only Twilio number → "A call comes in" (HTTP POST), for recording prompts by phone',
    value: `${publicUrl}/twilio/voice/studio`,
  });
  new CfnOutput(stack, 'DashboardUrl', { description: 'Staff sign in here (Cognito)', value: `${publicUrl}/dashboard` });
  new CfnOutput(stack, 'DistributionDomain', {
    description: config.domain ? `Point ${config.domain.name} here (DNS CNAME or alias)` : 'CloudFront: the public URL Twilio calls',
    value: edge.distribution.distributionDomainName,
  });
  new CfnOutput(stack, 'TwilioAuthTokenSecret', {
    description: 'Store the Twilio auth token here, then bump secretsRevision in config/<stage>.json and deploy',
    value: parts.secrets.twilioAuthToken.secretArn,
  });
  new CfnOutput(stack, 'UserPoolId', {
    description: 'Create staff accounts here and add them to staff-<organisation>, interpreter-<organisation> or coordinator',
    value: parts.auth.userPool.userPoolId,
  });
  new CfnOutput(stack, 'AlarmTopic', { description: 'Alarms go here (the alarmEmail of the stage config is subscribed)', value: parts.queues.alarms.topicArn });
  new CfnOutput(stack, 'TableName', { value: parts.data.table.tableName });
}
