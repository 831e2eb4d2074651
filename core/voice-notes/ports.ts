/**
 * The ports of WhatsApp voice notes. Both return Ogg/Opus, the one format WhatsApp plays as a voice note
 * (Meta: "Voice messages require .ogg files encoded with the OPUS codec"; Twilio accepts audio/ogg).
 */

/** A voice as the calls use it (core/calls/voices.ts): the Polly voice id as Twilio names it, and its language. */
export interface Voice {
  voice: string;
  language: string;
}

/**
 * Text to speech: Amazon Polly's SynthesizeSpeech in the cloud (OutputFormat `ogg_opus`, the calls'
 * voices), espeak-ng locally and in tests. Throws on failure (the route answers 5xx, Twilio may fetch again).
 */
export interface SpeechSynthesizer {
  /** The engine and its settings, e.g. "espeak-ng/1" or "polly/ogg_opus": part of the cache key, so another engine makes new notes. */
  readonly id: string;
  synthesize(text: string, voice: Voice): Promise<Uint8Array>;
}

/**
 * A recording (MP3 or WAV, as staff upload prompts for the calls) made into Ogg/Opus once: ffmpeg locally,
 * libopus as WebAssembly in Lambda. `id` names the engine and its settings (part of the cache key).
 */
export interface AudioTranscoder {
  readonly id: string;
  toOggOpus(audio: { bytes: Uint8Array; contentType: string }): Promise<Uint8Array>;
}
