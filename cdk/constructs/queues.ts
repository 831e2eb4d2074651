import { Aws, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { MAX_RECEIVES } from '../../adapters/sqs/sqs-retry-delay.js';

export const CHANNELS = ['sms', 'whatsapp', 'voice'] as const;
export type ChannelName = (typeof CHANNELS)[number];

/** A queue with its dead-letter queue and an alarm when anything lands there. */
export interface WatchedQueue {
  queue: sqs.Queue;
  deadLetters: sqs.Queue;
  alarm: cloudwatch.Alarm;
}

/**
 * The work queues: delivery jobs, one queue per channel (so each consumer is paced at its channel's rate),
 * and voice jobs. Messages hold contact keys and job ids, never numbers. After five failed receives a job
 * goes to its dead-letter queue, kept two weeks, and an alarm tells the operators (topic `alarms`).
 */
export class StemQueues extends Construct {
  readonly delivery: Record<ChannelName, WatchedQueue>;
  readonly voice: WatchedQueue;
  readonly alarms: sns.Topic;
  readonly key: kms.Key;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.key = new kms.Key(this, 'QueuesKey', { description: 'Stem: encrypts the work queues and the alarm topic', enableKeyRotation: true, removalPolicy: RemovalPolicy.DESTROY });
    this.alarms = new sns.Topic(this, 'Alarms', { displayName: 'Stem alarms', masterKey: this.key, enforceSSL: true });
    // CloudWatch publishes alarms as its service principal: it needs the topic's key (an encrypted topic
    // otherwise drops every alarm) and the topic — only for alarms of this account and region.
    // https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services
    const alarmsService = new iam.ServicePrincipal('cloudwatch.amazonaws.com');
    const ownAlarms = {
      StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
      ArnLike: { 'aws:SourceArn': `arn:${Aws.PARTITION}:cloudwatch:${Aws.REGION}:${Aws.ACCOUNT_ID}:alarm:*` },
    };
    this.key.addToResourcePolicy(new iam.PolicyStatement({ sid: 'CloudWatchAlarmsUseTheKey', principals: [alarmsService], actions: ['kms:Decrypt', 'kms:GenerateDataKey*'], resources: ['*'], conditions: ownAlarms }));
    this.alarms.addToResourcePolicy(new iam.PolicyStatement({ sid: 'CloudWatchAlarmsPublish', principals: [alarmsService], actions: ['sns:Publish'], resources: [this.alarms.topicArn], conditions: ownAlarms }));
    const watched = (name: string, visibility: Duration): WatchedQueue => {
      const deadLetters = new sqs.Queue(this, `${name}DeadLetters`, {
        encryption: sqs.QueueEncryption.KMS,
        encryptionMasterKey: this.key,
        enforceSSL: true,
        retentionPeriod: Duration.days(14),
      });
      const queue = new sqs.Queue(this, name, {
        encryption: sqs.QueueEncryption.KMS,
        encryptionMasterKey: this.key,
        enforceSSL: true,
        // Longer than the consumer's timeout, so a job being worked on is not handed out twice.
        visibilityTimeout: visibility,
        retentionPeriod: Duration.days(4),
        // The worker records a failure on its last receive (adapters/sqs/sqs-retry-delay.ts): the same count.
        deadLetterQueue: { queue: deadLetters, maxReceiveCount: MAX_RECEIVES },
      });
      const alarm = new cloudwatch.Alarm(this, `${name}DeadLettersAlarm`, {
        alarmDescription: `Stem: ${name} jobs failed five times and wait in their dead-letter queue`,
        metric: deadLetters.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5) }),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      alarm.addAlarmAction(new actions.SnsAction(this.alarms));
      return { queue, deadLetters, alarm };
    };
    this.delivery = {
      // Six times the consumer's timeout (AWS's advice for SQS event sources): delivery workers 60 s, the voice worker 5 min.
      sms: watched('DeliverySms', Duration.minutes(6)),
      whatsapp: watched('DeliveryWhatsapp', Duration.minutes(6)),
      voice: watched('DeliveryVoice', Duration.minutes(6)),
    };
    this.voice = watched('VoiceJobs', Duration.minutes(30));
  }

  /** SendMessage on these queues only, the queue key usable through SQS only. */
  grantSend(role: iam.IRole, queues: readonly sqs.IQueue[]): void {
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: queues.map((q) => q.queueArn) }));
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: [this.key.keyArn],
        conditions: { StringEquals: { 'kms:ViaService': `sqs.${Aws.REGION}.amazonaws.com` } },
      }),
    );
  }

  /** `DELIVERY_QUEUE_URLS` as the functions read it: JSON `{"sms": url, "whatsapp": url, "voice": url}`. */
  deliveryUrls(): string {
    return Stack.of(this).toJsonString(Object.fromEntries(CHANNELS.map((c) => [c, this.delivery[c].queue.queueUrl])));
  }
}
