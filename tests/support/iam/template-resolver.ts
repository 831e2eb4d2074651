import { createHash } from 'node:crypto';
import { ACCOUNT, PARTITION, REGION } from './account.js';

/**
 * A synthesized CloudFormation template with every intrinsic replaced by the concrete value CloudFormation
 * would give it in one account and region: `Ref`, `Fn::GetAtt`, `Fn::Join`, `Fn::Sub`, `Fn::Select`,
 * `Fn::Split` and the pseudo parameters. Physical names are made up deterministically from logical ids
 * (what CloudFormation generates is `<stack>-<logicalId>-<random>`); `names` pins some of them.
 * Anything the resolver does not know throws: a guess here would make the IAM contract test lie.
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export interface TemplateResource {
  Type: string;
  Properties?: Record<string, Json>;
}
export interface CfnTemplate {
  Resources: Record<string, TemplateResource>;
}

export interface ResolveOptions {
  stackName?: string;
  /** Physical names by logical id (the table's name, e.g., to match a table made in DynamoDB Local). */
  names?: Record<string, string>;
}

export class UnresolvableError extends Error {
  override readonly name = 'UnresolvableError';
}

const PSEUDO: Record<string, string> = {
  'AWS::AccountId': ACCOUNT,
  'AWS::Region': REGION,
  'AWS::Partition': PARTITION,
  'AWS::URLSuffix': 'amazonaws.com',
  'AWS::NoValue': '',
};

const hex = (seed: string, length: number) => createHash('sha256').update(seed).digest('hex').slice(0, length);
/** A UUID-shaped id derived from a logical id (KMS key ids, event source mapping ids). */
const uuidOf = (seed: string) => {
  const h = hex(seed, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
};

export class ResolvedTemplate {
  private readonly stack: string;
  private readonly names: Record<string, string>;

  constructor(
    readonly template: CfnTemplate,
    options: ResolveOptions = {},
  ) {
    this.stack = options.stackName ?? 'Stem';
    this.names = options.names ?? {};
  }

  resource(logicalId: string): TemplateResource {
    const resource = this.template.Resources[logicalId];
    if (!resource) throw new UnresolvableError(`no resource ${logicalId}`);
    return resource;
  }

  /** Logical ids of the resources of a type. */
  ofType(type: string): string[] {
    return Object.entries(this.template.Resources)
      .filter(([, r]) => r.Type === type)
      .map(([id]) => id);
  }

  /** A resource's physical name: pinned, or `<stack>-<logicalId>-<suffix>` (lower case where AWS demands it). */
  name(logicalId: string): string {
    const pinned = this.names[logicalId];
    if (pinned !== undefined) return pinned;
    const type = this.resource(logicalId).Type;
    const generated = `${this.stack}-${logicalId}-${hex(logicalId, 12).toUpperCase()}`;
    return type === 'AWS::S3::Bucket' ? generated.toLowerCase() : generated.slice(0, 64);
  }

  /** What `Ref` gives for a resource of each type this stack uses. */
  ref(logicalId: string): string {
    if (logicalId in PSEUDO) return PSEUDO[logicalId] ?? '';
    if (logicalId === 'AWS::StackName') return this.stack;
    const { Type } = this.resource(logicalId);
    switch (Type) {
      case 'AWS::SQS::Queue':
        return `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/${this.name(logicalId)}`;
      case 'AWS::SNS::Topic':
      case 'AWS::SecretsManager::Secret':
        return this.arn(logicalId);
      case 'AWS::KMS::Key':
        return uuidOf(logicalId);
      case 'AWS::Cognito::UserPool':
        return `${REGION}_${hex(logicalId, 9)}`;
      case 'AWS::Cognito::UserPoolClient':
        return hex(logicalId, 26);
      case 'AWS::ApiGatewayV2::Api':
        return hex(logicalId, 10);
      case 'AWS::Lambda::EventSourceMapping':
        return uuidOf(logicalId);
      case 'AWS::Cognito::UserPoolDomain':
      case 'AWS::DynamoDB::Table':
      case 'AWS::S3::Bucket':
      case 'AWS::IAM::Role':
      case 'AWS::Lambda::Function':
      case 'AWS::Logs::LogGroup':
      case 'AWS::Events::Rule':
      case 'AWS::CloudWatch::Alarm':
      case 'AWS::Scheduler::Schedule':
      case 'AWS::IAM::Policy':
      case 'AWS::ApiGatewayV2::Stage':
      case 'AWS::ApiGatewayV2::Integration':
      case 'AWS::ApiGatewayV2::Route':
      case 'AWS::Cognito::UserPoolGroup':
        return this.name(logicalId);
      default:
        throw new UnresolvableError(`Ref of ${Type} (${logicalId})`);
    }
  }

  /** The resource's ARN, in the format its service documents. */
  arn(logicalId: string): string {
    const { Type } = this.resource(logicalId);
    const name = this.name(logicalId);
    const regional = (service: string, rest: string) => `arn:${PARTITION}:${service}:${REGION}:${ACCOUNT}:${rest}`;
    switch (Type) {
      case 'AWS::DynamoDB::Table':
        return regional('dynamodb', `table/${name}`);
      case 'AWS::SQS::Queue':
        return regional('sqs', name);
      case 'AWS::SNS::Topic':
        return regional('sns', name);
      case 'AWS::S3::Bucket':
        return `arn:${PARTITION}:s3:::${name}`;
      case 'AWS::KMS::Key':
        return regional('kms', `key/${uuidOf(logicalId)}`);
      case 'AWS::SecretsManager::Secret':
        // Secrets Manager appends a dash and six random characters to the name.
        return regional('secretsmanager', `secret:${name}-${hex(logicalId, 6)}`);
      case 'AWS::IAM::Role':
        return `arn:${PARTITION}:iam::${ACCOUNT}:role/${name}`;
      case 'AWS::Lambda::Function':
        return regional('lambda', `function:${name}`);
      case 'AWS::Logs::LogGroup':
        // Fn::GetAtt Arn of a log group ends in ":*" (the CloudFormation resource reference says so).
        return regional('logs', `log-group:${name}:*`);
      case 'AWS::Events::Rule':
        return regional('events', `rule/${name}`);
      case 'AWS::CloudWatch::Alarm':
        return regional('cloudwatch', `alarm:${name}`);
      case 'AWS::Scheduler::Schedule':
        return regional('scheduler', `schedule/default/${name}`);
      case 'AWS::Cognito::UserPool':
        return regional('cognito-idp', `userpool/${this.ref(logicalId)}`);
      default:
        throw new UnresolvableError(`Arn of ${Type} (${logicalId})`);
    }
  }

  getAtt(logicalId: string, attribute: string): string {
    const { Type } = this.resource(logicalId);
    if (attribute === 'Arn') return this.arn(logicalId);
    if (Type === 'AWS::SQS::Queue' && attribute === 'QueueName') return this.name(logicalId);
    if (Type === 'AWS::SQS::Queue' && attribute === 'QueueUrl') return this.ref(logicalId);
    if (Type === 'AWS::SNS::Topic' && attribute === 'TopicName') return this.name(logicalId);
    if (Type === 'AWS::SNS::Topic' && attribute === 'TopicArn') return this.arn(logicalId);
    if (Type === 'AWS::ApiGatewayV2::Api' && attribute === 'ApiEndpoint') return `https://${this.ref(logicalId)}.execute-api.${REGION}.amazonaws.com`;
    if (Type === 'AWS::KMS::Key' && attribute === 'KeyId') return this.ref(logicalId);
    if (Type === 'AWS::CloudFront::Distribution' && attribute === 'DomainName') return `d${hex(logicalId, 13)}.cloudfront.net`;
    if (Type === 'AWS::IAM::Role' && attribute === 'RoleId') return `AROA${hex(logicalId, 17).toUpperCase()}`;
    throw new UnresolvableError(`Fn::GetAtt ${logicalId}.${attribute} (${Type})`);
  }

  /** Every intrinsic in `value` replaced by what it resolves to. */
  resolve(value: Json): Json {
    if (Array.isArray(value)) return value.map((v) => this.resolve(v));
    if (value === null || typeof value !== 'object') return value;
    const keys = Object.keys(value);
    if (keys.length === 1) {
      const [key] = keys as [string];
      const arg = value[key] as Json;
      if (key === 'Ref') return this.ref(this.str(arg, 'Ref'));
      if (key === 'Fn::GetAtt') {
        const [id, attr] = typeof arg === 'string' ? (arg.split('.', 2) as [string, string]) : (this.list(arg, key) as [Json, Json]);
        return this.getAtt(this.str(id, key), this.str(attr, key));
      }
      if (key === 'Fn::Join') {
        const [separator, parts] = this.list(arg, key);
        return this.list(this.resolve(parts ?? []), key)
          .map((p) => this.str(p, key))
          .join(this.str(separator ?? '', key));
      }
      if (key === 'Fn::Select') {
        const [index, list] = this.list(arg, key);
        const items = this.list(this.resolve(list ?? []), key);
        const picked = items[Number(this.resolve(index ?? 0))];
        if (picked === undefined) throw new UnresolvableError(`Fn::Select index ${JSON.stringify(index)} out of range`);
        return picked;
      }
      if (key === 'Fn::Split') {
        const [separator, source] = this.list(arg, key);
        return this.str(this.resolve(source ?? ''), key).split(this.str(separator ?? '', key));
      }
      if (key === 'Fn::Sub') return this.sub(arg);
      if (key.startsWith('Fn::')) throw new UnresolvableError(`${key} is not supported`);
    }
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.resolve(v)]));
  }

  /** `Fn::Sub` with `${Param}`, `${Id.Attr}`, `${!Literal}` and an optional variable map. */
  private sub(arg: Json): string {
    const [text, vars] = typeof arg === 'string' ? [arg, {}] : (this.list(arg, 'Fn::Sub') as [Json, Json]);
    const map = vars !== null && typeof vars === 'object' && !Array.isArray(vars) ? vars : {};
    return this.str(text, 'Fn::Sub').replace(/\$\{([^}]+)\}/g, (_, name: string) => {
      if (name.startsWith('!')) return `\${${name.slice(1)}}`;
      if (name in map) return this.str(this.resolve(map[name] ?? ''), 'Fn::Sub');
      if (name in PSEUDO || name === 'AWS::StackName') return this.ref(name);
      const dot = name.indexOf('.');
      return dot < 0 ? this.ref(name) : this.getAtt(name.slice(0, dot), name.slice(dot + 1));
    });
  }

  private str(value: Json | undefined, where: string): string {
    if (typeof value === 'string') return value;
    if (typeof value === 'number') return String(value);
    throw new UnresolvableError(`${where}: expected a string, got ${JSON.stringify(value)}`);
  }

  private list(value: Json | undefined, where: string): Json[] {
    if (Array.isArray(value)) return value;
    throw new UnresolvableError(`${where}: expected a list, got ${JSON.stringify(value)}`);
  }
}
