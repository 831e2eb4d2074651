import { createServer, type Server } from 'node:http';

/**
 * AWS Secrets Manager cannot run here: a local server speaking its JSON protocol (`X-Amz-Target:
 * secretsmanager.GetSecretValue`), so the real SDK client and our reader are exercised. Point a process
 * at it with AWS_ENDPOINT_URL_SECRETS_MANAGER.
 */
export interface FakeSecretsManager {
  endpoint: string;
  /** The SecretIds asked for, in order. */
  requests: string[];
  /** The environment a function needs to find the secrets: the endpoint, the ARNs, dummy credentials. */
  env: Record<string, string>;
  stop(): Promise<void>;
}

export async function startFakeSecretsManager(values: { twilioAuthToken: string; hmacKey: string; sealKey: string }): Promise<FakeSecretsManager> {
  const arn = (name: string) => `arn:aws:secretsmanager:eu-west-1:123456789012:secret:stem-${name}-AbCdEf`;
  const arns = { twilioAuthToken: arn('twilio'), hmacKey: arn('hmac'), sealKey: arn('seal') };
  const byArn = new Map<string, string>([
    [arns.twilioAuthToken, values.twilioAuthToken],
    // As Secrets Manager generates them: base64 without the "=" padding.
    [arns.hmacKey, values.hmacKey.replace(/=$/, '')],
    [arns.sealKey, values.sealKey.replace(/=$/, '')],
  ]);
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      const target = req.headers['x-amz-target'];
      const secretId = (JSON.parse(body || '{}') as { SecretId?: string }).SecretId ?? '';
      requests.push(secretId);
      const value = byArn.get(secretId);
      if (target !== 'secretsmanager.GetSecretValue' || value === undefined) {
        res.writeHead(400, { 'content-type': 'application/x-amz-json-1.1' });
        res.end(JSON.stringify({ __type: 'ResourceNotFoundException', message: "Secrets Manager can't find the specified secret." }));
        return;
      }
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(
        JSON.stringify({
          ARN: secretId,
          Name: secretId.split(':').pop(),
          SecretString: value,
          VersionId: '00000000-0000-0000-0000-000000000001',
          VersionStages: ['AWSCURRENT'],
          CreatedDate: 1763900000,
        }),
      );
    });
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', () => ready()));
  const address = server.address();
  const endpoint = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return {
    endpoint,
    requests,
    env: {
      AWS_ENDPOINT_URL_SECRETS_MANAGER: endpoint,
      TWILIO_AUTH_TOKEN_SECRET_ARN: arns.twilioAuthToken,
      HMAC_KEY_SECRET_ARN: arns.hmacKey,
      SEAL_KEY_SECRET_ARN: arns.sealKey,
      AWS_REGION: 'eu-west-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
    },
    stop: () => new Promise<void>((done) => server.close(() => done())),
  };
}
