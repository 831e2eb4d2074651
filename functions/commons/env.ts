import { ProtectorKeys } from '../../adapters/crypto/node-protector.js';
import { fieldIssues } from '../../core/validation.js';
import type * as z from '../../core/zod.js';

/** Read a function's configuration once, at init; a misconfigured function should not start at all. */
export function readEnv<T>(schema: z.ZodMiniType<T>, env: NodeJS.ProcessEnv = process.env): T {
  const parsed = schema.safeParse(env);
  if (!parsed.success) throw new Error(`configuration: ${fieldIssues(parsed.error).map((i) => `${i.field}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

/** STEM_KEYS is JSON {hmacKey, sealKey}, injected by the deployment from a secret. */
export function parseKeys(json: string): ProtectorKeys {
  try {
    return ProtectorKeys.parse(JSON.parse(json));
  } catch {
    // Never echo the value: a parser's message would quote part of the secret.
    throw new Error('configuration: STEM_KEYS must be JSON {"hmacKey","sealKey"} with two 32-byte base64 keys');
  }
}
