import { execFileSync } from 'node:child_process';
import { SynthesizeSpeechCommand, type SynthesizeSpeechCommandInput } from '@aws-sdk/client-polly';
import { describe, expect, it } from 'vitest';
import { audioDurationSeconds } from '../../adapters/audio/audio-duration.js';
import { POLLY_MAX_TEXT, PollySynthesizer, pollyVoice } from '../../adapters/polly/polly-synthesizer.js';
import { SPOKEN_LANGUAGES } from '../../core/calls/voices.js';

/**
 * The Polly adapter without AWS (nothing here reaches Polly): the voices the calls use mapped to Polly's
 * own voice ids and engines, and the SynthesizeSpeech request it sends. The stand-in client answers as
 * the SDK documents SynthesizeSpeechOutput — an AudioStream with transformToByteArray(), ContentType
 * audio/ogg for ogg_opus — with real Ogg/Opus that ffmpeg made, as Polly would return it.
 */

const OGG_OPUS = new Uint8Array(
  execFileSync('ffmpeg', ['-loglevel', 'error', '-f', 'lavfi', '-i', 'sine=frequency=300:duration=1.5', '-ac', '1', '-c:a', 'libopus', '-f', 'ogg', 'pipe:1']),
);

function standIn() {
  const sent: SynthesizeSpeechCommandInput[] = [];
  const client = {
    send: async (command: unknown) => {
      if (!(command instanceof SynthesizeSpeechCommand)) throw new Error('only SynthesizeSpeech is expected');
      sent.push(command.input);
      return { ContentType: 'audio/ogg', RequestCharacters: command.input.Text?.length ?? 0, AudioStream: { transformToByteArray: async () => OGG_OPUS } };
    },
  };
  // The SDK's send is overloaded; the stand-in takes what the adapter sends.
  return { client: client as unknown as ConstructorParameters<typeof PollySynthesizer>[0], sent };
}

describe('Polly voices', () => {
  it.each(SPOKEN_LANGUAGES.filter((l) => l.say).map((l) => [l.code, l.say?.voice ?? '']))('%s: %s is a Polly voice id, on its engine', (_code, voice) => {
    const { voiceId, engine } = pollyVoice(voice);
    expect(`Polly.${voiceId}${engine === 'neural' ? '-Neural' : ''}`).toBe(voice);
  });

  it('refuses what is not a Polly voice', () => {
    for (const bad of ['Polly.Nobody', 'Lisa', 'alice', 'Polly.Lisa-Neural; DROP', '']) expect(() => pollyVoice(bad), bad).toThrow(/not a Polly voice/);
  });
});

describe('PollySynthesizer', () => {
  it('asks for Ogg/Opus at 48 kHz in plain text with the call’s voice and engine, and returns the audio as it came', async () => {
    const { client, sent } = standIn();
    const bytes = await new PollySynthesizer(client).synthesize('Hoeveel energie heb je deze week?', { voice: 'Polly.Lisa-Neural', language: 'nl-BE' });
    expect(sent).toEqual([
      { Text: 'Hoeveel energie heb je deze week?', TextType: 'text', VoiceId: 'Lisa', Engine: 'neural', OutputFormat: 'ogg_opus', SampleRate: '48000' },
    ]);
    expect(Buffer.from(bytes.subarray(0, 4)).toString('latin1')).toBe('OggS');
    expect(audioDurationSeconds(bytes, 'audio/ogg')).toBeCloseTo(1.5, 1);
    await new PollySynthesizer(client).synthesize('كيف حالك؟', { voice: 'Polly.Zeina', language: 'arb' });
    expect(sent[1]).toMatchObject({ VoiceId: 'Zeina', Engine: 'standard' });
  });

  it('sends nothing for a text longer than Polly takes, or a voice it does not have', async () => {
    const { client, sent } = standIn();
    const polly = new PollySynthesizer(client);
    await expect(polly.synthesize('a'.repeat(POLLY_MAX_TEXT + 1), { voice: 'Polly.Amy-Neural', language: 'en-GB' })).rejects.toThrow(/at most 3000/);
    await expect(polly.synthesize('hi', { voice: 'Polly.Nobody', language: 'en-GB' })).rejects.toThrow(/not a Polly voice/);
    expect(sent).toEqual([]);
  });
});
