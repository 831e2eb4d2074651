import { ACCOUNT } from './account.js';
import type { Json, ResolvedTemplate } from './template-resolver.js';

/**
 * What the IAM contract needs from the resolved template: each function's role and identity policies,
 * the resource policies (KMS key policies, SQS queue policies, the SNS topic policy, S3 bucket policies,
 * Lambda permissions) and which key encrypts which table, queue, bucket and secret.
 */

export type PolicyDocument = { Version?: string; Statement: PolicyStatement[] };
export type PolicyStatement = {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  Principal?: Json;
  Condition?: Record<string, Record<string, Json>>;
};
export interface NamedPolicy {
  name: string;
  policy: PolicyDocument;
}

export interface FunctionModel {
  /** Our name for it: `api`, `delivery-sms`, … */
  name: string;
  functionLogicalId: string;
  functionArn: string;
  roleArn: string;
  /** How the function's calls arrive at AWS: a session of its role named after the function. */
  sessionArn: string;
  environment: Record<string, string>;
  /** The role's policies, each statement given a unique Sid `<policy>#<index>` so that uses can be traced to it. */
  identityPolicies: NamedPolicy[];
}

export interface StackModel {
  resolved: ResolvedTemplate;
  functions: Map<string, FunctionModel>;
  /** Key ARN, queue ARN, topic ARN, function ARN, bucket ARN → its resource policy. */
  resourcePolicies: Map<string, PolicyDocument>;
  /** Table ARN, queue ARN, bucket name, secret ARN → the ARN of the KMS key that encrypts it. */
  keyOf: Map<string, string>;
  tableArnByName: Map<string, string>;
  queueArnByUrl: Map<string, string>;
}

const asList = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);
const str = (value: Json | undefined): string => {
  if (typeof value !== 'string') throw new Error(`expected a resolved string, got ${JSON.stringify(value)}`);
  return value;
};
const refOf = (value: Json | undefined): string | null =>
  value !== null && typeof value === 'object' && !Array.isArray(value) && typeof value['Ref'] === 'string' ? value['Ref'] : null;
const attOf = (value: Json | undefined): string | null => {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
  const att = value['Fn::GetAtt'];
  return Array.isArray(att) && typeof att[0] === 'string' ? att[0] : null;
};

/** `functions`: our name → the function's logical id. */
export function stackModel(resolved: ResolvedTemplate, functions: Record<string, string>): StackModel {
  const { template } = resolved;
  const resources = template.Resources;
  const policiesOfRole = new Map<string, NamedPolicy[]>();
  for (const id of resolved.ofType('AWS::IAM::Policy')) {
    const props = resources[id]?.Properties ?? {};
    for (const role of asList(props['Roles'] as Json[] | undefined)) {
      const roleId = refOf(role);
      if (!roleId) throw new Error(`${id}: a role that is not a Ref`);
      const list = policiesOfRole.get(roleId) ?? [];
      list.push({ name: id, policy: resolved.resolve(props['PolicyDocument'] ?? null) as PolicyDocument });
      policiesOfRole.set(roleId, list);
    }
  }

  const model: StackModel = {
    resolved,
    functions: new Map(),
    resourcePolicies: new Map(),
    keyOf: new Map(),
    tableArnByName: new Map(),
    queueArnByUrl: new Map(),
  };
  for (const [name, fnId] of Object.entries(functions)) {
    const props = resolved.resource(fnId).Properties ?? {};
    const roleId = attOf(props['Role']);
    if (!roleId) throw new Error(`${fnId}: its role is not a Fn::GetAtt of a role in the stack`);
    const role = resolved.resource(roleId).Properties ?? {};
    if (role['ManagedPolicyArns'] !== undefined) throw new Error(`${roleId}: managed policies cannot be evaluated here`);
    const inline = asList(role['Policies'] as Json[] | undefined).map((p, i) => ({
      name: `${roleId}-inline-${i}`,
      policy: resolved.resolve((p as { PolicyDocument: Json }).PolicyDocument) as PolicyDocument,
    }));
    const identityPolicies = [...(policiesOfRole.get(roleId) ?? []), ...inline].map(({ name: policyName, policy }) => ({
      name: policyName,
      policy: { ...policy, Statement: asList(policy.Statement).map((s, i) => ({ ...s, Sid: `${policyName}#${i}` })) },
    }));
    const variables = ((props['Environment'] as { Variables?: Record<string, Json> } | undefined)?.Variables ?? {}) as Record<string, Json>;
    const environment = Object.fromEntries(Object.entries(variables).map(([k, v]) => [k, str(resolved.resolve(v))]));
    const roleName = resolved.ref(roleId);
    const functionName = resolved.ref(fnId);
    model.functions.set(name, {
      name,
      functionLogicalId: fnId,
      functionArn: resolved.arn(fnId),
      roleArn: resolved.arn(roleId),
      sessionArn: `arn:aws:sts::${ACCOUNT}:assumed-role/${roleName}/${functionName}`,
      environment,
      identityPolicies,
    });
  }

  // A key is named by its ARN or its id; either way, the ARN.
  const keyArn = (value: Json | undefined): string => {
    const named = str(resolved.resolve(value ?? null));
    if (named.startsWith('arn:')) return named;
    const id = resolved.ofType('AWS::KMS::Key').find((k) => resolved.ref(k) === named);
    if (!id) throw new Error(`a key that is not in the stack: ${named}`);
    return resolved.arn(id);
  };
  for (const id of resolved.ofType('AWS::KMS::Key'))
    model.resourcePolicies.set(resolved.arn(id), resolved.resolve(resources[id]?.Properties?.['KeyPolicy'] ?? null) as PolicyDocument);
  for (const id of resolved.ofType('AWS::DynamoDB::Table')) {
    const arn = resolved.arn(id);
    model.tableArnByName.set(resolved.ref(id), arn);
    const sse = resources[id]?.Properties?.['SSESpecification'] as { KMSMasterKeyId?: Json } | undefined;
    if (sse?.KMSMasterKeyId !== undefined) model.keyOf.set(arn, keyArn(sse.KMSMasterKeyId));
  }
  for (const id of resolved.ofType('AWS::SQS::Queue')) {
    const arn = resolved.arn(id);
    model.queueArnByUrl.set(resolved.ref(id), arn);
    const key = resources[id]?.Properties?.['KmsMasterKeyId'];
    if (key !== undefined) model.keyOf.set(arn, keyArn(key));
  }
  for (const id of resolved.ofType('AWS::SQS::QueuePolicy')) {
    const props = resources[id]?.Properties ?? {};
    for (const queue of asList(props['Queues'] as Json[] | undefined)) {
      const url = str(resolved.resolve(queue));
      const arn = model.queueArnByUrl.get(url);
      if (!arn) throw new Error(`${id}: a policy for a queue not in the stack`);
      model.resourcePolicies.set(arn, resolved.resolve(props['PolicyDocument'] ?? null) as PolicyDocument);
    }
  }
  for (const id of resolved.ofType('AWS::SNS::Topic')) {
    const key = resources[id]?.Properties?.['KmsMasterKeyId'];
    if (key !== undefined) model.keyOf.set(resolved.arn(id), keyArn(key));
  }
  for (const id of resolved.ofType('AWS::SNS::TopicPolicy')) {
    const props = resources[id]?.Properties ?? {};
    for (const topic of asList(props['Topics'] as Json[] | undefined))
      model.resourcePolicies.set(str(resolved.resolve(topic)), resolved.resolve(props['PolicyDocument'] ?? null) as PolicyDocument);
  }
  for (const id of resolved.ofType('AWS::S3::Bucket')) {
    const encryption = resources[id]?.Properties?.['BucketEncryption'] as
      | { ServerSideEncryptionConfiguration?: Array<{ ServerSideEncryptionByDefault?: { KMSMasterKeyID?: Json } }> }
      | undefined;
    const key = encryption?.ServerSideEncryptionConfiguration?.[0]?.ServerSideEncryptionByDefault?.KMSMasterKeyID;
    if (key !== undefined) model.keyOf.set(resolved.ref(id), keyArn(key));
  }
  for (const id of resolved.ofType('AWS::S3::BucketPolicy')) {
    const props = resources[id]?.Properties ?? {};
    model.resourcePolicies.set(
      `arn:aws:s3:::${str(resolved.resolve(props['Bucket'] ?? null))}`,
      resolved.resolve(props['PolicyDocument'] ?? null) as PolicyDocument,
    );
  }
  for (const id of resolved.ofType('AWS::SecretsManager::Secret')) {
    const key = resources[id]?.Properties?.['KmsKeyId'];
    if (key !== undefined) model.keyOf.set(resolved.arn(id), keyArn(key));
  }
  if (resolved.ofType('AWS::SecretsManager::ResourcePolicy').length > 0) throw new Error('secret resource policies are not modelled yet');
  // A function's resource-based policy is the set of its AWS::Lambda::Permission resources, as Lambda
  // renders them (GetPolicy): https://docs.aws.amazon.com/lambda/latest/dg/access-control-resource-based.html
  for (const id of resolved.ofType('AWS::Lambda::Permission')) {
    const props = resources[id]?.Properties ?? {};
    const fnArn = str(resolved.resolve(props['FunctionName'] ?? null));
    const principal = str(resolved.resolve(props['Principal'] ?? null));
    const condition: Record<string, Record<string, Json>> = {};
    if (props['SourceArn'] !== undefined) condition['ArnLike'] = { 'AWS:SourceArn': resolved.resolve(props['SourceArn']) };
    if (props['SourceAccount'] !== undefined) condition['StringEquals'] = { 'AWS:SourceAccount': resolved.resolve(props['SourceAccount']) };
    const statement: PolicyStatement = {
      Sid: id,
      Effect: 'Allow',
      Principal: principal.endsWith('.amazonaws.com') ? { Service: principal } : { AWS: principal },
      Action: str(resolved.resolve(props['Action'] ?? null)),
      Resource: fnArn,
      ...(Object.keys(condition).length ? { Condition: condition } : {}),
    };
    const policy = model.resourcePolicies.get(fnArn) ?? { Version: '2012-10-17', Statement: [] };
    policy.Statement.push(statement);
    model.resourcePolicies.set(fnArn, policy);
  }
  return model;
}

/** The resource policy that governs a request on `resource` (S3 objects: their bucket's). */
export function resourcePolicyOf(model: StackModel, resource: string): PolicyDocument | undefined {
  if (resource.startsWith('arn:aws:s3:::')) return model.resourcePolicies.get(resource.split('/')[0] ?? resource);
  return model.resourcePolicies.get(resource);
}
