import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import * as z from '../../kernel/zod.js';
import type { Protector } from '../../core/ports.js';

/** Two independent 256-bit keys: one for keyed hashes (the pepper), one for sealing contact data. */
export const ProtectorKeys = z.object({
  hmacKey: z.string().check(z.regex(/^[A-Za-z0-9+/]{43}=$/, '32 bytes, base64')),
  sealKey: z.string().check(z.regex(/^[A-Za-z0-9+/]{43}=$/, '32 bytes, base64')),
});
export type ProtectorKeys = z.infer<typeof ProtectorKeys>;

export function generateProtectorKeys(): ProtectorKeys {
  return { hmacKey: randomBytes(32).toString('base64'), sealKey: randomBytes(32).toString('base64') };
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** HMAC-SHA256 for lookups and pseudonyms, AES-256-GCM for sealing, with node:crypto. */
export class NodeCryptoProtector implements Protector {
  private readonly hmacKey: Buffer;
  private readonly sealKey: Buffer;

  constructor(keys: ProtectorKeys) {
    this.hmacKey = Buffer.from(keys.hmacKey, 'base64');
    this.sealKey = Buffer.from(keys.sealKey, 'base64');
  }

  private mac(purpose: string, ...parts: string[]): Buffer {
    // The purpose prefix keeps hashes for different uses unlinkable to each other.
    return createHmac('sha256', this.hmacKey)
      .update([purpose, ...parts].join('\u001f'))
      .digest();
  }

  contactKey(phoneE164: string): string {
    return this.mac('contact', phoneE164).toString('base64url');
  }

  respondentCode(projectId: string, phoneE164: string): string {
    const bytes = this.mac('respondent', projectId, phoneE164);
    let code = '';
    for (let i = 0; i < 10; i++) code += CROCKFORD[(bytes[i] ?? 0) % 32];
    return `R${code}`;
  }

  exportCode(scope: string, respondentCode: string): string {
    const bytes = this.mac('export', scope, respondentCode);
    let code = '';
    for (let i = 0; i < 10; i++) code += CROCKFORD[(bytes[i] ?? 0) % 32];
    return `R${code}`;
  }

  ledgerKey(providerId: string): string {
    return this.mac('provider', providerId).toString('base64url');
  }

  seal(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.sealKey, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
  }

  open(sealed: string): string {
    const [version, iv, tag, body] = sealed.split('.');
    if (version !== 'v1' || !iv || !tag || body === undefined) throw new Error('not a sealed value of version v1');
    const decipher = createDecipheriv('aes-256-gcm', this.sealKey, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  }
}
