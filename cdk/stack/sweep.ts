import { Duration, Validations, type Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as schedulerTargets from 'aws-cdk-lib/aws-scheduler-targets';
import { DUE_INDEX } from '../../adapters/dynamodb/table.js';
import { CHANNELS } from '../constructs/queues.js';
import { StemFunction } from '../constructs/stem-function.js';
import type { StackParts } from './parts.js';

/** The scheduler owns time: invitations of rounds that opened, reminders, voice jobs to retry or poll. */
export function addSweep(stack: Stack, parts: StackParts): StemFunction {
  const { queues, common } = parts;
  const sweep = new StemFunction(stack, 'Sweep', {
    ...common,
    entry: 'sweep.ts',
    description: 'Stem: periodic sweep (invitations, reminders, voice jobs)',
    // Invitations one by one (PutItem), rounds and sessions marked (UpdateItem).
    tableActions: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
    timeout: Duration.minutes(5),
    environment: { DELIVERY_QUEUE_URLS: queues.deliveryUrls(), VOICE_QUEUE_URL: queues.voice.queue.queueUrl },
  });
  // The due index, by name: a pass reads only what is due (core/rounds/due.ts).
  sweep.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['dynamodb:Query'], resources: [`${common.table.tableArn}/index/${DUE_INDEX}`] }));
  queues.grantSend(sweep.role, [...CHANNELS.map((c) => queues.delivery[c].queue), queues.voice.queue]);
  // The scheduler's own role may invoke this one function (not its versions or aliases).
  const invoker = new iam.Role(stack, 'SweepScheduleRole', {
    assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com'),
    description: 'Stem: EventBridge Scheduler invokes the sweep',
  });
  invoker.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [sweep.fn.functionArn] }));
  const sweepId = stack.getLogicalId(sweep.fn.node.defaultChild as lambda.CfnFunction);
  Validations.of(invoker).acknowledge({
    id: `AwsSolutions-IAM5[Resource::<${sweepId}.Arn>:*]`,
    reason: "The scheduler target's own grant also names the function's versions (`:*`); it is the one sweep function either way.",
  });
  new scheduler.Schedule(stack, 'SweepSchedule', {
    description: 'Stem: run the sweep every five minutes',
    schedule: scheduler.ScheduleExpression.rate(Duration.minutes(5)),
    target: new schedulerTargets.LambdaInvoke(sweep.fn, { retryAttempts: 2, role: invoker, deadLetterQueue: queues.targetFailures }),
  });
  // The scheduler writes to the dead-letter queue with its own role: the queue's key through SQS only.
  invoker.addToPrincipalPolicy(
    new iam.PolicyStatement({
      actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
      resources: [queues.key.keyArn],
      conditions: { StringEquals: { 'kms:ViaService': `sqs.${stack.region}.amazonaws.com` } },
    }),
  );
  return sweep;
}
