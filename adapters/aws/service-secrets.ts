import { awsSdk } from './sdk.js';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { ProtectorKeys } from '../crypto/node-protector.js';

const { GetSecretValueCommand } = awsSdk.secretsManager();

/** Where the deployment keeps the service's secrets: ARNs only (the values never enter the template or the environment). */
export interface SecretArns {
  twilioAuthToken: string;
  hmacKey: string;
  sealKey: string;
}

export interface ServiceSecrets {
  twilioAuthToken: string;
  keys: ProtectorKeys;
}

export class SecretsError extends Error {
  readonly code = 'SECRETS';
  constructor(which: string) {
    // Never the value: only which secret is unusable.
    super(`configuration: the ${which} secret is missing or not in the expected form`);
    this.name = 'SecretsError';
  }
}

/**
 * Read the three secrets once, at a function's cold start. The generated keys are 43 base64 characters
 * without the "=" padding (Secrets Manager's generator has no "="): the padding is added back here.
 */
export async function readServiceSecrets(client: SecretsManagerClient, arns: SecretArns): Promise<ServiceSecrets> {
  const read = async (which: keyof SecretArns): Promise<string> => {
    const { SecretString } = await client.send(new GetSecretValueCommand({ SecretId: arns[which] }));
    if (!SecretString) throw new SecretsError(which);
    return SecretString;
  };
  const [twilioAuthToken, hmacKey, sealKey] = await Promise.all([read('twilioAuthToken'), read('hmacKey'), read('sealKey')]);
  const pad = (key: string) => (key.length % 4 === 3 ? `${key}=` : key);
  const keys = ProtectorKeys.safeParse({ hmacKey: pad(hmacKey), sealKey: pad(sealKey) });
  if (!keys.success) throw new SecretsError('HMAC or seal key');
  return { twilioAuthToken, keys: keys.data };
}
