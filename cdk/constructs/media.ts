import { Aws, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { PROMPTS_PREFIX, VOICE_PREFIX } from '../../adapters/s3/s3-audio-store.js';
import { EXPORTS_PREFIX } from '../../adapters/s3/s3-export-drop.js';
import { TRANSCRIPTS_PREFIX } from '../../adapters/transcribe/aws-transcriber.js';

const TRANSCRIBE_JOBS = `arn:${Aws.PARTITION}:transcribe:${Aws.REGION}:${Aws.ACCOUNT_ID}:transcription-job/stem-*`;
const TRANSCRIBE_JOBS_RENDERED = 'arn:<AWS::Partition>:transcribe:<AWS::Region>:<AWS::AccountId>:transcription-job/stem-*';

/**
 * Media and transcription: voice notes and call recordings (encrypted with our key, kept only until
 * transcribed; a lifecycle rule removes any left behind within a day), recorded call prompts (kept),
 * and Transcribe's output (read once, deleted, and expired within a day in any case).
 */
export class StemMedia extends Construct {
  readonly key: kms.Key;
  readonly audio: s3.Bucket;
  readonly transcripts: s3.Bucket;
  /** "Transcribe Job State Change" for Stem's jobs (names start with `stem-`). */
  readonly jobStateChanges: events.Rule;
  /** Each role's one statement on the media key (grantKey). */
  private readonly keyStatements = new Map<iam.IRole, iam.PolicyStatement>();

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.key = new kms.Key(this, 'MediaKey', {
      description: 'Stem: encrypts voice notes, recordings, prompts and transcripts',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
    });
    const bucket = (name: string, rules: s3.LifecycleRule[]) => {
      const b = new s3.Bucket(this, name, {
        encryption: s3.BucketEncryption.KMS,
        encryptionKey: this.key,
        bucketKeyEnabled: true,
        blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
        enforceSSL: true,
        objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
        // No versioning: a deleted voice must be gone, not kept as an older version.
        versioned: false,
        lifecycleRules: [{ abortIncompleteMultipartUploadAfter: Duration.days(1) }, ...rules],
        removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
      });
      Validations.of(b).acknowledge({
        id: 'AwsSolutions-S1',
        reason:
          'Server access logs would keep every object key (job ids) for as long as the log bucket lives; object access is auditable with CloudTrail data events where an operator wants it.',
      });
      return b;
    };
    // CSV downloads too large for a Lambda response wait under `exports/` for their five-minute link, a day at most.
    this.audio = bucket('Audio', [
      { prefix: VOICE_PREFIX, expiration: Duration.days(1) },
      { prefix: EXPORTS_PREFIX, expiration: Duration.days(1) },
    ]);
    this.transcripts = bucket('Transcripts', [{ expiration: Duration.days(1) }]);
    // Recorded call prompts live under `prompts/`, outside the expiring prefix.
    this.jobStateChanges = new events.Rule(this, 'TranscribeJobStateChange', {
      description: 'Stem: AWS Transcribe finished (or failed) one of our jobs',
      eventPattern: { source: ['aws.transcribe'], detailType: ['Transcribe Job State Change'], detail: { TranscriptionJobName: [{ prefix: 'stem-' }] } },
    });
  }

  /** `AUDIO_BUCKET`, `TRANSCRIPT_BUCKET`, `MEDIA_KMS_KEY_ID` as the functions read them. */
  environment(): Record<string, string> {
    return { AUDIO_BUCKET: this.audio.bucketName, TRANSCRIPT_BUCKET: this.transcripts.bucketName, MEDIA_KMS_KEY_ID: this.key.keyArn };
  }

  /**
   * Audio objects (voice notes, studio takes and "you said, we did" recordings under `voice/`, recorded
   * prompts under `prompts/`; adapters/s3/s3-audio-store.ts): each action only on the prefixes the function
   * uses it on, the key usable through S3 only — Decrypt to read, GenerateDataKey to write (SSE-KMS:
   * https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html#require-sse-kms).
   */
  grantAudio(role: iam.IRole, access: Partial<Record<'get' | 'put' | 'delete', ReadonlyArray<'voice' | 'prompts'>>>): void {
    const prefixOf = { voice: VOICE_PREFIX, prompts: PROMPTS_PREFIX } as const;
    const used = new Set<string>();
    for (const [verb, action] of [
      ['get', 's3:GetObject'],
      ['put', 's3:PutObject'],
      ['delete', 's3:DeleteObject'],
    ] as const) {
      const prefixes = (access[verb] ?? []).map((p) => prefixOf[p]);
      if (prefixes.length === 0) continue;
      prefixes.forEach((p) => used.add(p));
      role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: [action], resources: prefixes.map((p) => this.audio.arnForObjects(`${p}*`)) }));
    }
    this.grantKey(role, [...(access.get?.length ? ['kms:Decrypt' as const] : []), ...(access.put?.length ? ['kms:GenerateDataKey' as const] : [])]);
    this.acknowledgeObjects(
      role,
      this.audio,
      [...used],
      'Audio objects are named by job id or prompt id at run time; access is limited to the prefixes Stem writes.',
    );
  }

  /** Write result downloads under `exports/` and sign links to them (a presigned GET acts with this role's rights). */
  grantExports(role: iam.IRole): void {
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'ExportObjects',
        actions: ['s3:PutObject', 's3:GetObject', 's3:AbortMultipartUpload'],
        resources: [this.audio.arnForObjects(`${EXPORTS_PREFIX}*`)],
      }),
    );
    // A multipart upload needs both (https://docs.aws.amazon.com/AmazonS3/latest/userguide/mpuoverview.html#mpuAndPermissions).
    this.grantKey(role, ['kms:Decrypt', 'kms:GenerateDataKey']);
    this.acknowledgeObjects(
      role,
      this.audio,
      [EXPORTS_PREFIX],
      'Exports are named by a random id at run time; access is limited to the prefix Stem writes them under.',
    );
  }

  /**
   * Start and check Transcribe jobs named `stem-…`, pointing at our audio and writing to our transcripts
   * bucket with our key (Transcribe acts with the caller's permissions); read and delete the results.
   */
  grantTranscribe(role: iam.IRole): void {
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({ sid: 'TranscribeStemJobs', actions: ['transcribe:GetTranscriptionJob'], resources: [TRANSCRIBE_JOBS] }),
    );
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'TranscriptObjects',
        actions: ['s3:GetObject', 's3:DeleteObject'],
        resources: [this.transcripts.arnForObjects(`${TRANSCRIPTS_PREFIX}*`)],
      }),
    );
    this.grantKey(role, ['kms:Decrypt']);
    this.acknowledgeObjects(
      role,
      this.transcripts,
      [TRANSCRIPTS_PREFIX],
      'Transcribe results are named by job at run time; access is limited to the prefix Stem asks Transcribe to write.',
    );
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${TRANSCRIBE_JOBS_RENDERED}]`,
      reason: 'Transcription jobs are created at run time; the role may read only jobs whose names Stem derives (prefix "stem-").',
    });
  }

  /**
   * Start Transcribe jobs that write into our transcripts bucket with our key. StartTranscriptionJob has no
   * resource type (Resource must be "*"); its condition keys name the output instead:
   * https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazontranscribe.html
   * Transcribe reads the audio and writes the result with the caller's permissions, hence S3 and the key.
   */
  grantStartTranscription(role: iam.IRole): void {
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'StartTranscriptionIntoOurBucket',
        actions: ['transcribe:StartTranscriptionJob'],
        resources: ['*'],
        conditions: { StringEquals: { 'transcribe:OutputBucketName': this.transcripts.bucketName, 'transcribe:OutputEncryptionKMSKeyId': this.key.keyArn } },
      }),
    );
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({ sid: 'TranscriptWrites', actions: ['s3:PutObject'], resources: [this.transcripts.arnForObjects(`${TRANSCRIPTS_PREFIX}*`)] }),
    );
    // Transcribe reads the audio (Decrypt) and writes the transcript (GenerateDataKey) through S3 as the caller.
    this.grantKey(role, ['kms:Decrypt', 'kms:GenerateDataKey']);
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'transcribe:StartTranscriptionJob supports no resource-level permission; the statement is bound by condition keys to our transcripts bucket and key.',
    });
  }

  /** One statement per role on the media key, through S3 only, holding the actions its grants need. */
  private grantKey(role: iam.IRole, actions: ReadonlyArray<'kms:Decrypt' | 'kms:GenerateDataKey'>): void {
    if (actions.length === 0) return;
    const existing = this.keyStatements.get(role);
    if (existing) {
      existing.addActions(...actions.filter((a) => !existing.actions.includes(a)));
      return;
    }
    const statement = new iam.PolicyStatement({
      actions: [...actions],
      resources: [this.key.keyArn],
      conditions: { StringEquals: { 'kms:ViaService': `s3.${Aws.REGION}.amazonaws.com` } },
    });
    this.keyStatements.set(role, statement);
    role.addToPrincipalPolicy(statement);
  }

  private readonly acknowledged = new Map<iam.IRole, Set<string>>();

  private acknowledgeObjects(role: iam.IRole, bucket: s3.Bucket, prefixes: readonly string[], reason: string): void {
    const logicalId = Stack.of(this).getLogicalId(bucket.node.defaultChild as s3.CfnBucket);
    const done = this.acknowledged.get(role) ?? new Set<string>();
    this.acknowledged.set(role, done);
    for (const prefix of prefixes) {
      const id = `AwsSolutions-IAM5[Resource::<${logicalId}.Arn>/${prefix}*]`;
      if (done.has(id)) continue;
      done.add(id);
      Validations.of(role).acknowledge({ id, reason });
    }
  }
}
