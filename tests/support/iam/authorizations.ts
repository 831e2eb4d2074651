import { ACCOUNT, REGION } from './account.js';
import type { RecordedCall } from './recorder.js';
import type { StackModel } from './stack-model.js';

/**
 * What AWS authorizes for one API call: the IAM action(s) on which resource(s), and the KMS use the service
 * makes with the caller's credentials (`via`: the service that calls KMS, which sets kms:ViaService).
 * Every rule names the AWS documentation it comes from.
 */

export interface Authorization {
  action: string;
  resource: string;
  /** Condition keys the request carries beyond the global ones. */
  context: Record<string, string | string[]>;
  /** Why: the call it comes from. */
  because: string;
}

export class UnmappedCallError extends Error {
  override readonly name = 'UnmappedCallError';
}

const viaService = (service: string) => `${service}.${REGION}.amazonaws.com`;

/** KMS requests a service makes with the caller's credentials for an encrypted resource. */
function keyUse(model: StackModel, encrypted: string, via: string, actions: readonly string[], because: string): Authorization[] {
  const key = model.keyOf.get(encrypted);
  if (!key) return [];
  return actions.map((action) => ({
    action,
    resource: key,
    context: { 'kms:ViaService': viaService(via), 'kms:CallerAccount': ACCOUNT },
    because: `${because} (${via} uses the key)`,
  }));
}

function tableArn(model: StackModel, name: unknown): string {
  const arn = typeof name === 'string' ? model.tableArnByName.get(name) : undefined;
  if (!arn) throw new UnmappedCallError(`a table not in the stack: ${String(name)}`);
  return arn;
}

function queueArn(model: StackModel, url: unknown): string {
  const arn = typeof url === 'string' ? model.queueArnByUrl.get(url) : undefined;
  if (!arn) throw new UnmappedCallError(`a queue not in the stack: ${String(url)}`);
  return arn;
}

const objectArn = (bucket: unknown, key: unknown) => `arn:aws:s3:::${String(bucket)}/${String(key)}`;

/** `s3://bucket/key` → [bucket, key]. */
function s3Uri(uri: unknown): [string, string] {
  const match = /^s3:\/\/([^/]+)\/(.+)$/.exec(String(uri));
  if (!match) throw new UnmappedCallError(`not an S3 URI: ${String(uri)}`);
  return [match[1] ?? '', match[2] ?? ''];
}

export function authorizationsOf(model: StackModel, call: RecordedCall): Authorization[] {
  const { service, operation, input } = call;
  const because = `${service} ${operation}${call.onBehalf ? ` (${call.onBehalf})` : ''}`;
  const one = (action: string, resource: string, context: Record<string, string | string[]> = {}): Authorization => ({ action, resource, context, because });

  if (service === 'DynamoDB') {
    // DynamoDB decrypts the table key with the caller's credentials through a grant it holds, so the caller
    // needs kms:Decrypt via DynamoDB: https://docs.aws.amazon.com/kms/latest/developerguide/services-dynamodb.html
    const item = (action: string, table: unknown, index?: unknown): Authorization[] => {
      const arn = tableArn(model, table);
      return [one(action, index ? `${arn}/index/${String(index)}` : arn), ...keyUse(model, arn, 'dynamodb', ['kms:Decrypt'], because)];
    };
    switch (operation) {
      case 'GetItem':
      case 'PutItem':
      case 'UpdateItem':
      case 'DeleteItem':
        return item(`dynamodb:${operation}`, input['TableName']);
      case 'Query':
      case 'Scan':
        return item(`dynamodb:${operation}`, input['TableName'], input['IndexName']);
      case 'BatchGetItem':
      case 'BatchWriteItem':
        // One request, authorized as the batch action on each table it names:
        // https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazondynamodb.html
        return Object.keys((input['RequestItems'] ?? {}) as object).flatMap((table) => item(`dynamodb:${operation}`, table));
      case 'TransactWriteItems':
      case 'TransactGetItems': {
        // "Permissions for Put, Update, Delete, and Get actions are governed by the permissions used for the
        // underlying PutItem, UpdateItem, DeleteItem, and GetItem operations. For the ConditionCheck action,
        // you can use the dynamodb:ConditionCheckItem permission":
        // https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis-iam.html
        const actions: Record<string, string> = {
          Put: 'dynamodb:PutItem',
          Update: 'dynamodb:UpdateItem',
          Delete: 'dynamodb:DeleteItem',
          ConditionCheck: 'dynamodb:ConditionCheckItem',
          Get: 'dynamodb:GetItem',
        };
        return ((input['TransactItems'] ?? []) as Array<Record<string, { TableName?: string }>>).flatMap((entry) =>
          Object.entries(entry).flatMap(([kind, part]) => {
            const action = actions[kind];
            if (!action) throw new UnmappedCallError(`a transaction item of kind ${kind}`);
            return item(action, part.TableName);
          }),
        );
      }
      default:
        throw new UnmappedCallError(`DynamoDB ${operation}`);
    }
  }

  if (service === 'SQS') {
    const queue = queueArn(model, input['QueueUrl']);
    switch (operation) {
      case 'SendMessage':
      case 'SendMessageBatch':
        // SendMessageBatch is authorized as sqs:SendMessage; a producer to an SSE-KMS queue needs
        // kms:GenerateDataKey and kms:Decrypt: https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-key-management.html
        return [one('sqs:SendMessage', queue), ...keyUse(model, queue, 'sqs', ['kms:GenerateDataKey', 'kms:Decrypt'], because)];
      case 'ReceiveMessage':
        // A consumer of an SSE-KMS queue needs kms:Decrypt (same page).
        return [one('sqs:ReceiveMessage', queue), ...keyUse(model, queue, 'sqs', ['kms:Decrypt'], because)];
      case 'DeleteMessage':
      case 'DeleteMessageBatch':
        return [one('sqs:DeleteMessage', queue)];
      case 'ChangeMessageVisibility':
      case 'ChangeMessageVisibilityBatch':
        return [one('sqs:ChangeMessageVisibility', queue)];
      case 'GetQueueAttributes':
        return [one('sqs:GetQueueAttributes', queue)];
      default:
        throw new UnmappedCallError(`SQS ${operation}`);
    }
  }

  if (service === 'S3') {
    const bucket = input['Bucket'];
    const object = objectArn(bucket, input['Key']);
    const bucketName = String(bucket);
    // SSE-KMS: writing needs kms:GenerateDataKey, reading kms:Decrypt, a multipart upload both:
    // https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html#require-sse-kms
    // https://docs.aws.amazon.com/AmazonS3/latest/userguide/mpuoverview.html#mpuAndPermissions
    switch (operation) {
      case 'PutObject':
        return [one('s3:PutObject', object), ...keyUse(model, bucketName, 's3', ['kms:GenerateDataKey'], because)];
      case 'CreateMultipartUpload':
        return [one('s3:PutObject', object), ...keyUse(model, bucketName, 's3', ['kms:GenerateDataKey', 'kms:Decrypt'], because)];
      case 'UploadPart':
        return [one('s3:PutObject', object), ...keyUse(model, bucketName, 's3', ['kms:Decrypt'], because)];
      case 'CompleteMultipartUpload':
        return [one('s3:PutObject', object)];
      case 'AbortMultipartUpload':
        return [one('s3:AbortMultipartUpload', object)];
      case 'GetObject':
      case 'HeadObject':
        return [one('s3:GetObject', object), ...keyUse(model, bucketName, 's3', ['kms:Decrypt'], because)];
      case 'DeleteObject':
        return [one('s3:DeleteObject', object)];
      default:
        throw new UnmappedCallError(`S3 ${operation}`);
    }
  }

  if (service === 'Transcribe') {
    const job = `arn:aws:transcribe:${REGION}:${ACCOUNT}:transcription-job/${String(input['TranscriptionJobName'])}`;
    switch (operation) {
      case 'StartTranscriptionJob': {
        // Without a DataAccessRoleArn, Transcribe reads the media and writes the transcript with the caller's
        // permissions (s3:GetObject on the input, s3:PutObject on the output, and the KMS keys of both):
        // https://docs.aws.amazon.com/transcribe/latest/dg/security_iam_id-based-policy-examples.html#auth-role-iam-user
        // https://docs.aws.amazon.com/transcribe/latest/dg/key-management.html
        const media = (input['Media'] ?? {}) as { MediaFileUri?: string };
        const [inBucket, inKey] = s3Uri(media.MediaFileUri);
        const outBucket = String(input['OutputBucketName']);
        const outKey = String(input['OutputKey'] ?? `${String(input['TranscriptionJobName'])}.json`);
        const onBehalf = `${because}: Transcribe with the caller's credentials`;
        // No resource type: authorized on "*", with the output named in condition keys (Service Authorization Reference).
        const output = {
          'transcribe:OutputBucketName': outBucket,
          'transcribe:OutputKey': outKey,
          'transcribe:OutputEncryptionKMSKeyId': String(input['OutputEncryptionKMSKeyId'] ?? ''),
        };
        return [
          one('transcribe:StartTranscriptionJob', '*', output),
          { action: 's3:GetObject', resource: objectArn(inBucket, inKey), context: {}, because: onBehalf },
          ...keyUse(model, inBucket, 's3', ['kms:Decrypt'], onBehalf),
          { action: 's3:PutObject', resource: objectArn(outBucket, outKey), context: {}, because: onBehalf },
          ...keyUse(model, outBucket, 's3', ['kms:GenerateDataKey'], onBehalf),
        ];
      }
      case 'GetTranscriptionJob':
        return [one('transcribe:GetTranscriptionJob', job)];
      default:
        throw new UnmappedCallError(`Transcribe ${operation}`);
    }
  }

  if (service === 'Polly') {
    // SynthesizeSpeech authorizes on "*" unless lexicons are named (Stem names none):
    // https://docs.aws.amazon.com/polly/latest/dg/api-permissions-reference.html
    if (operation !== 'SynthesizeSpeech' || input['LexiconNames'] !== undefined) throw new UnmappedCallError(`Polly ${operation}`);
    return [one('polly:SynthesizeSpeech', '*')];
  }

  if (service === 'Secrets Manager') {
    if (operation !== 'GetSecretValue') throw new UnmappedCallError(`Secrets Manager ${operation}`);
    const secret = String(input['SecretId']);
    // Secrets Manager decrypts a secret under a customer managed key with the caller's kms:Decrypt:
    // https://docs.aws.amazon.com/secretsmanager/latest/userguide/security-encryption.html#security-encryption-authz
    return [one('secretsmanager:GetSecretValue', secret), ...keyUse(model, secret, 'secretsmanager', ['kms:Decrypt'], because)];
  }

  if (service === 'CloudWatch Logs') {
    // The Lambda service writes the function's logs with its execution role:
    // https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs.html
    const group = String(input['logGroupArn']);
    return [one(`logs:${operation}`, group.replace(/:\*$/, `:log-stream:${String(input['logStreamName'])}`))];
  }

  throw new UnmappedCallError(`${service} ${operation}`);
}
