import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import * as z from '../kernel/zod.js';
import { generateProtectorKeys, ProtectorKeys } from '../adapters/crypto/node-protector.js';

const Token = z.string().check(z.minLength(20));
const LocalSecrets = z.object({
  keys: ProtectorKeys,
  twilioAuthToken: z.string().check(z.minLength(16)),
  /** Bearer tokens of the seeded local accounts, printed at start; only their hashes go in the table. */
  userTokens: z._default(z.record(z.string(), Token), {}),
});
export type LocalSecrets = z.infer<typeof LocalSecrets>;

/**
 * The local stand-in for KMS and Twilio's console: keys and an auth token made once and kept in
 * `.data/secrets.json` (mode 600), so local data stays readable across restarts.
 */
export function loadOrCreateSecrets(file: string): LocalSecrets {
  if (existsSync(file)) return LocalSecrets.parse(JSON.parse(readFileSync(file, 'utf8')));
  const secrets: LocalSecrets = { keys: generateProtectorKeys(), twilioAuthToken: randomBytes(16).toString('hex'), userTokens: {} };
  saveSecrets(file, secrets);
  return secrets;
}

export function saveSecrets(file: string, secrets: LocalSecrets): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
}

export function newUserToken(): string {
  return `stem_${randomBytes(32).toString('base64url')}`;
}
