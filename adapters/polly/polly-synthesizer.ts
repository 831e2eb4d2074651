import type { Engine, PollyClient, SynthesizeSpeechCommandInput, VoiceId } from '@aws-sdk/client-polly';
import type { SpeechSynthesizer, Voice } from '../../core/voice-notes/ports.js';
import { awsSdk } from '../aws/sdk.js';

const { SynthesizeSpeechCommand, VoiceId: VOICE_IDS } = awsSdk.polly();
const KNOWN_VOICES: ReadonlySet<string> = new Set(Object.values(VOICE_IDS));
const isVoiceId = (name: string): name is VoiceId => KNOWN_VOICES.has(name);

/** SynthesizeSpeech takes at most 3,000 billed characters of text (Polly's SynthesizeSpeech reference). */
export const POLLY_MAX_TEXT = 3000;

export class PollyVoiceError extends Error {
  readonly code = 'POLLY_VOICE';
  constructor(message: string) {
    super(message);
    this.name = 'PollyVoiceError';
  }
}

/**
 * A call's voice as Polly names it: Twilio's `Polly.Lisa-Neural` is Polly's voice `Lisa` on the neural
 * engine, `Polly.Zeina` the standard one (core/calls/voices.ts), so a voice note sounds like the call.
 */
export function pollyVoice(twilioVoice: string): { voiceId: VoiceId; engine: Engine } {
  const m = /^Polly\.([A-Za-z]+)(-Neural|-Generative)?$/.exec(twilioVoice);
  const name = m?.[1];
  if (!name || !isVoiceId(name)) throw new PollyVoiceError(`not a Polly voice: "${twilioVoice}"`);
  const engine: Engine = m[2] === '-Neural' ? 'neural' : m[2] === '-Generative' ? 'generative' : 'standard';
  return { voiceId: name, engine };
}

/**
 * Amazon Polly's SynthesizeSpeech with `OutputFormat: ogg_opus` — Ogg/Opus at 48 kHz ("Valid value for
 * ogg_opus is 48000", the SDK's SynthesizeSpeech reference), the voice-note format WhatsApp plays — so
 * Lambda needs no encoder. The text is plain (no SSML): survey wording never becomes markup.
 */
export class PollySynthesizer implements SpeechSynthesizer {
  readonly id = 'polly/ogg_opus/48000';

  constructor(private readonly client: Pick<PollyClient, 'send'>) {}

  async synthesize(text: string, voice: Voice): Promise<Uint8Array> {
    if ([...text].length > POLLY_MAX_TEXT) throw new PollyVoiceError(`text of ${[...text].length} characters: Polly takes at most ${POLLY_MAX_TEXT}`);
    const { voiceId, engine } = pollyVoice(voice.voice);
    const input: SynthesizeSpeechCommandInput = {
      Text: text,
      TextType: 'text',
      VoiceId: voiceId,
      Engine: engine,
      OutputFormat: 'ogg_opus',
      SampleRate: '48000',
    };
    const out = await this.client.send(new SynthesizeSpeechCommand(input));
    if (!out.AudioStream) throw new PollyVoiceError('Polly returned no audio');
    return out.AudioStream.transformToByteArray();
  }
}
