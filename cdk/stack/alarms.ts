import { Duration } from 'aws-cdk-lib';
import type { StemFunction } from '../constructs/stem-function.js';
import type { StackParts } from './parts.js';

/**
 * Alarms that reach a person (the topic's e-mail subscription): a function failing or throttled, the API
 * answering 5xx, the sweep failing twice in a row (invitations and reminders stop).
 */
export function addAlarms(parts: Pick<StackParts, 'api' | 'queues'>, functions: Record<string, StemFunction>, sweep: StemFunction): void {
  const { api, queues } = parts;
  const fiveMinutes = { period: Duration.minutes(5), statistic: 'Sum' };
  for (const [name, fn] of Object.entries(functions)) {
    queues.alarmOn(
      `${name}ErrorsAlarm`,
      `Stem: the ${name} function failed (errors or time-outs) at least 5 times in 5 minutes`,
      fn.fn.metricErrors(fiveMinutes),
      5,
    );
    queues.alarmOn(
      `${name}ThrottlesAlarm`,
      `Stem: Lambda throttled the ${name} function (account concurrency exhausted?)`,
      fn.fn.metricThrottles(fiveMinutes),
      1,
    );
  }
  queues.alarmOn(
    'SweepFailuresAlarm',
    'Stem: the sweep failed in two runs in a row: invitations, reminders and voice retries wait',
    sweep.fn.metricErrors(fiveMinutes),
    1,
    2,
  );
  queues.alarmOn('SweepThrottlesAlarm', 'Stem: Lambda throttled the sweep', sweep.fn.metricThrottles(fiveMinutes), 1);
  queues.alarmOn(
    'Api5xxAlarm',
    'Stem: the API answered 5xx at least 5 times in 5 minutes (Twilio retries voice webhooks only)',
    api.httpApi.metricServerError(fiveMinutes),
    5,
  );
}
