import { awsSdk } from '../../adapters/aws/sdk.js';
import { readServiceSecrets, type ServiceSecrets } from '../../adapters/aws/service-secrets.js';
import * as zod from '../../kernel/zod.js';
import { fieldIssues } from '../../kernel/validation.js';

const { SecretsManagerClient } = awsSdk.secretsManager();

/** Read a function's configuration once, at init; a misconfigured function should not start at all. */
export function readEnv<T>(schema: zod.ZodMiniType<T>, env: NodeJS.ProcessEnv = process.env): T {
  const parsed = schema.safeParse(env);
  if (!parsed.success)
    throw new Error(
      `configuration: ${fieldIssues(parsed.error)
        .map((i) => `${i.field}: ${i.message}`)
        .join('; ')}`,
    );
  return parsed.data;
}

/** The ARNs of the service's secrets, as the deployment sets them (cdk/constructs/secrets.ts). */
const SecretArnsEnv = zod.object({
  TWILIO_AUTH_TOKEN_SECRET_ARN: zod.string().check(zod.minLength(1)),
  HMAC_KEY_SECRET_ARN: zod.string().check(zod.minLength(1)),
  SEAL_KEY_SECRET_ARN: zod.string().check(zod.minLength(1)),
});

/** Read the secrets once per cold start (top-level await in each function); cached for the container's life. */
export async function loadSecrets(env: NodeJS.ProcessEnv = process.env): Promise<ServiceSecrets> {
  const arns = readEnv(SecretArnsEnv, env);
  return readServiceSecrets(new SecretsManagerClient({}), {
    twilioAuthToken: arns.TWILIO_AUTH_TOKEN_SECRET_ARN,
    hmacKey: arns.HMAC_KEY_SECRET_ARN,
    sealKey: arns.SEAL_KEY_SECRET_ARN,
  });
}
