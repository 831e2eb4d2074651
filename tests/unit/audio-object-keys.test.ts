import { describe, expect, it } from 'vitest';
import { audioObjectKey, InvalidAudioKeyError } from '../../adapters/s3/s3-audio-store.js';

/**
 * Where each kind of audio lies in the bucket decides how long it lives: `voice/` expires within a day
 * (cdk/constructs/media.ts), `prompts/` is kept. A recorded "you said, we did" message is played in calls
 * days after a staff member made it, so it must never land under `voice/`.
 */
describe('audio object keys', () => {
  it('keeps staff recordings (call prompts, "you said, we did" messages) out of the expiring voice prefix', () => {
    expect(audioObjectKey('prompt-survey-1-q1-ti')).toBe('prompts/prompt-survey-1-q1-ti');
    expect(audioObjectKey('feedback-6f1c2a9e-3b7d-4f0e-9a51-0c2d8e7f4b13')).toBe('prompts/feedback-6f1c2a9e-3b7d-4f0e-9a51-0c2d8e7f4b13');
  });

  it("puts a participant's voice note or recording under voice/, whatever its job id looks like", () => {
    expect(audioObjectKey('vj-3f9a')).toBe('voice/vj-3f9a');
    expect(audioObjectKey('promptly-said')).toBe('voice/promptly-said');
    expect(audioObjectKey('x-feedback-1')).toBe('voice/x-feedback-1');
  });

  it('refuses keys that could leave their prefix', () => {
    for (const bad of ['../prompts/x', 'prompt-a/b', '', 'a'.repeat(201)]) expect(() => audioObjectKey(bad)).toThrow(InvalidAudioKeyError);
  });
});
