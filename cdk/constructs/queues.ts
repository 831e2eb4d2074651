import { Aws, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
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
export interface StemQueuesProps {
  /** Who hears the alarms (e-mail; SNS asks the address to confirm once). */
  readonly alarmEmail: string;
}

export class StemQueues extends Construct {
  readonly delivery: Record<ChannelName, WatchedQueue>;
  readonly voice: WatchedQueue;
  /**
   * Where EventBridge Scheduler (the sweep) and the EventBridge rule (Transcribe's job events) put an
   * invocation they gave up on, so a lost tick or a lost transcript is seen, not silently dropped.
   */
  readonly targetFailures: sqs.Queue;
  readonly alarms: sns.Topic;
  readonly key: kms.Key;

  constructor(scope: Construct, id: string, props: StemQueuesProps) {
    super(scope, id);
    this.key = new kms.Key(this, 'QueuesKey', {
      description: 'Stem: encrypts the work queues and the alarm topic',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.alarms = new sns.Topic(this, 'Alarms', { displayName: 'Stem alarms', masterKey: this.key, enforceSSL: true });
    // CloudWatch publishes alarms as its service principal: it needs the topic's key (an encrypted topic
    // otherwise drops every alarm) and the topic — only for alarms of this account and region.
    // https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services
    const alarmsService = new iam.ServicePrincipal('cloudwatch.amazonaws.com');
    const ownAlarms = {
      StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
      ArnLike: { 'aws:SourceArn': `arn:${Aws.PARTITION}:cloudwatch:${Aws.REGION}:${Aws.ACCOUNT_ID}:alarm:*` },
    };
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchAlarmsUseTheKey',
        principals: [alarmsService],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: ownAlarms,
      }),
    );
    this.alarms.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchAlarmsPublish',
        principals: [alarmsService],
        actions: ['sns:Publish'],
        resources: [this.alarms.topicArn],
        conditions: ownAlarms,
      }),
    );
    this.alarms.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));
    const watched = (name: string, visibility: Duration, oldest: Duration): WatchedQueue => {
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
      const alarm = this.alarmOn(
        `${name}DeadLettersAlarm`,
        `Stem: ${name} jobs failed five times and wait in their dead-letter queue`,
        deadLetters.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5) }),
        1,
      );
      // Work that waits too long: workers failing at start, throttled, or a backlog bigger than the pace.
      this.alarmOn(
        `${name}OldestAlarm`,
        `Stem: the oldest ${name} job has waited more than ${oldest.toHumanString()}`,
        queue.metricApproximateAgeOfOldestMessage({ period: Duration.minutes(5), statistic: 'Maximum' }),
        oldest.toSeconds(),
        2,
      );
      return { queue, deadLetters, alarm };
    };
    this.delivery = {
      // Six times the consumer's timeout (AWS's advice for SQS event sources): delivery workers 60 s, the voice worker 5 min.
      // A launch of a few thousand invitations drains in well under an hour at two workers.
      sms: watched('DeliverySms', Duration.minutes(6), Duration.hours(1)),
      whatsapp: watched('DeliveryWhatsapp', Duration.minutes(6), Duration.hours(1)),
      voice: watched('DeliveryVoice', Duration.minutes(6), Duration.hours(1)),
    };
    this.voice = watched('VoiceJobs', Duration.minutes(30), Duration.hours(1));

    this.targetFailures = new sqs.Queue(this, 'TargetFailures', {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: this.key,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.targetFailures).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'It is itself the dead-letter queue of the sweep schedule and the Transcribe events rule, with an alarm.',
    });
    // EventBridge writes a rule's failed events to an encrypted dead-letter queue as its service principal:
    // it needs the key (the queue policy it needs is added by the target). For this account's rules only.
    // https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-dlq.html
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'EventBridgeDeadLettersUseTheKey',
        principals: [new iam.ServicePrincipal('events.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
      }),
    );
    this.alarmOn(
      'TargetFailuresAlarm',
      'Stem: the scheduler could not run the sweep, or a Transcribe job event could not reach its function (see the TargetFailures queue)',
      this.targetFailures.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5) }),
      1,
    );
  }

  /** An alarm to the topic when the metric reaches the threshold in one period; no data is no alarm. */
  alarmOn(id: string, description: string, metric: cloudwatch.IMetric, threshold: number, evaluationPeriods = 1): cloudwatch.Alarm {
    const alarm = new cloudwatch.Alarm(this, id, {
      alarmDescription: description,
      metric,
      threshold,
      evaluationPeriods,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new actions.SnsAction(this.alarms));
    return alarm;
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

  /**
   * What an SQS event source mapping does with the consumer's role — ReceiveMessage, DeleteMessage,
   * GetQueueAttributes (https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html), Decrypt
   * of the queue key through SQS for an encrypted queue — and ChangeMessageVisibility, which the consumer
   * itself calls to delay a failed job's retry (adapters/sqs/sqs-retry-delay.ts). In place of
   * grantConsumeMessages, which SqsEventSource adds with GetQueueUrl that nothing calls.
   */
  grantConsume(role: iam.IRole, queue: sqs.IQueue): void {
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:ChangeMessageVisibility'],
        resources: [queue.queueArn],
      }),
    );
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['kms:Decrypt'],
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
