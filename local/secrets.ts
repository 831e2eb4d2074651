import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import * as z from '../core/zod.js';
import { generateProtectorKeys, ProtectorKeys } from '../adapters/crypto/node-protector.js';

const LocalSecrets = z.object({ keys: ProtectorKeys, twilioAuthToken: z.string().check(z.minLength(16)) });
export type LocalSecrets = z.infer<typeof LocalSecrets>;

/**
 * The local stand-in for KMS and Twilio's console: keys and an auth token made once and kept in
 * `.data/secrets.json` (mode 600), so local data stays readable across restarts.
 */
export function loadOrCreateSecrets(file: string): LocalSecrets {
  if (existsSync(file)) return LocalSecrets.parse(JSON.parse(readFileSync(file, 'utf8')));
  const secrets: LocalSecrets = { keys: generateProtectorKeys(), twilioAuthToken: randomBytes(16).toString('hex') };
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}
