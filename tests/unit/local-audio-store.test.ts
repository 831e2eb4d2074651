import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LocalAudioStore } from '../../adapters/local/local-audio-store.js';

/**
 * The local runtime's encrypted audio files (.data/media), on a real temporary folder. The voice-note route
 * reads a note while the request that made it may still be writing it (bench/voice-notes.ts found a
 * request answered 500 that way): a reader must get the whole file or nothing.
 */

const dir = mkdtempSync(join(tmpdir(), 'stem-local-audio-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('LocalAudioStore', () => {
  it('keeps audio encrypted under a hashed name and gives it back with its type', async () => {
    const store = new LocalAudioStore(join(dir, 'plain'), randomBytes(32));
    const bytes = new Uint8Array(Buffer.from('OggS voice-note.end_evaluation.2.nl'));
    await store.put('voice-note.end_evaluation.2.nl.abc', bytes, 'audio/ogg');
    expect(await store.get('voice-note.end_evaluation.2.nl.abc')).toEqual({ bytes: expect.any(Uint8Array), contentType: 'audio/ogg' });
    expect(Buffer.from((await store.get('voice-note.end_evaluation.2.nl.abc'))?.bytes ?? []).equals(Buffer.from(bytes))).toBe(true);
    const [file = ''] = readdirSync(join(dir, 'plain'));
    expect(file).toMatch(/^[0-9a-f]{64}$/);
    expect(readFileSync(join(dir, 'plain', file)).includes(Buffer.from('end_evaluation'))).toBe(false);
    expect(await store.get('nothing-here')).toBeNull();
    await store.remove('voice-note.end_evaluation.2.nl.abc');
    expect(await store.get('voice-note.end_evaluation.2.nl.abc')).toBeNull();
  });

  it('a read while the same key is being written gets nothing or the whole audio, never a part or an error', async () => {
    const store = new LocalAudioStore(join(dir, 'race'), randomBytes(32));
    const note = randomBytes(256 * 1024);
    const outcomes = { none: 0, whole: 0 };
    for (let round = 0; round < 40; round++) {
      const key = `voice-note.race.${round}`;
      // Reads issued before, during and after the write, as second requests for a note arrive.
      const reads = Array.from({ length: 12 }, (_, i) => new Promise((done) => setTimeout(done, i * 0.25)).then(() => store.get(key)));
      const [, ...got] = await Promise.all([store.put(key, note, 'audio/ogg'), ...reads]);
      for (const read of got) {
        if (read === null) outcomes.none++;
        else {
          expect(Buffer.from(read.bytes).equals(note)).toBe(true);
          outcomes.whole++;
        }
      }
      // Replacing it: readers get the old or the new audio, whole.
      const next = randomBytes(128 * 1024);
      const during = Array.from({ length: 6 }, () => store.get(key));
      const [, ...again] = await Promise.all([store.put(key, next, 'audio/ogg'), ...during]);
      for (const read of again) expect([note.length, next.length]).toContain(read?.bytes.byteLength);
    }
    expect(outcomes.whole).toBeGreaterThan(0);
    // Nothing left behind but the notes themselves.
    expect(readdirSync(join(dir, 'race'))).toHaveLength(40);
  });
});
