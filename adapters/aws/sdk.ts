import { createRequire } from 'node:module';

/**
 * The AWS SDK v3 packages, loaded with require(). They are CommonJS: imported from an ES module, Node
 * first lexes each of their files for export names, which cost about 120 ms of every cold start
 * (bench, module init of the voice worker: ~330 ms imported, ~205 ms required). Each package loads on
 * its first call and Node's require cache keeps it, so a function pays only for the packages it
 * touches; an adapter that always needs one calls it at its own module's top. Types stay the
 * packages' own (`import type` from the package as usual).
 */
const load = createRequire(import.meta.url);

export const awsSdk = {
  dynamodb: () => load('@aws-sdk/client-dynamodb') as typeof import('@aws-sdk/client-dynamodb'),
  documents: () => load('@aws-sdk/lib-dynamodb') as typeof import('@aws-sdk/lib-dynamodb'),
  s3: () => load('@aws-sdk/client-s3') as typeof import('@aws-sdk/client-s3'),
  presigner: () => load('@aws-sdk/s3-request-presigner') as typeof import('@aws-sdk/s3-request-presigner'),
  sqs: () => load('@aws-sdk/client-sqs') as typeof import('@aws-sdk/client-sqs'),
  transcribe: () => load('@aws-sdk/client-transcribe') as typeof import('@aws-sdk/client-transcribe'),
  polly: () => load('@aws-sdk/client-polly') as typeof import('@aws-sdk/client-polly'),
  secretsManager: () => load('@aws-sdk/client-secrets-manager') as typeof import('@aws-sdk/client-secrets-manager'),
};
