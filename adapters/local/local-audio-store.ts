import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AudioStore } from '../../core/voice/ports.js';

/**
 * Our copy of voice notes on the local disk (`.data/media/`), each file AES-256-GCM encrypted — the
 * local stand-in for S3 with KMS. File names are hashes of the job id; nothing in them identifies anyone.
 */
export class LocalAudioStore implements AudioStore {
  constructor(
    private readonly dir: string,
    private readonly key: Buffer,
  ) {
    if (key.length !== 32) throw new Error('LocalAudioStore needs a 32-byte key');
  }

  private path(key: string): string {
    return join(this.dir, createHash('sha256').update(key).digest('hex'));
  }

  async put(key: string, bytes: Uint8Array, contentType: string): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const header = Buffer.from(JSON.stringify({ contentType }));
    const body = Buffer.concat([cipher.update(Buffer.concat([Buffer.from([header.length >> 8, header.length & 255]), header, bytes])), cipher.final()]);
    // Written beside it, then renamed over it (atomic on one file system): a reader at the same moment — a
    // second request for a voice note the first is still keeping — gets the whole file or none, never a part.
    const path = this.path(key);
    const partial = `${path}.${randomBytes(6).toString('hex')}.part`;
    try {
      await writeFile(partial, Buffer.concat([iv, cipher.getAuthTag(), body]), { mode: 0o600 });
      await rename(partial, path);
    } catch (error) {
      await rm(partial, { force: true });
      throw error;
    }
  }

  async get(key: string): Promise<{ bytes: Uint8Array; contentType: string } | null> {
    let file: Buffer;
    try {
      file = await readFile(this.path(key));
    } catch {
      return null;
    }
    const decipher = createDecipheriv('aes-256-gcm', this.key, file.subarray(0, 12));
    decipher.setAuthTag(file.subarray(12, 28));
    const plain = Buffer.concat([decipher.update(file.subarray(28)), decipher.final()]);
    const length = ((plain[0] ?? 0) << 8) + (plain[1] ?? 0);
    const { contentType } = JSON.parse(plain.subarray(2, 2 + length).toString()) as { contentType: string };
    return { bytes: plain.subarray(2 + length), contentType };
  }

  async remove(key: string): Promise<void> {
    await rm(this.path(key), { force: true });
  }
}
