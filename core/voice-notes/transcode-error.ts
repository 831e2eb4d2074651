/**
 * Why a recording could not be made Ogg/Opus. The reason is stable (tests, logs); the message names the
 * format problem for staff, never anything the audio says.
 * - `empty`: no bytes, or a file that holds no samples;
 * - `too-large` / `too-long`: past the transcoder's limits (bytes in, seconds of audio);
 * - `not-audio`: neither WAV nor MP3;
 * - `unsupported`: a WAV encoding or sample rate not read here;
 * - `damaged`: a WAV or MP3 that is cut short or malformed;
 * - `failed`: the encoder or the tool behind it failed (ffmpeg's exit, libopus's error code).
 */
export type TranscodeFailure = 'empty' | 'too-large' | 'too-long' | 'not-audio' | 'unsupported' | 'damaged' | 'failed';

export class TranscodeError extends Error {
  readonly code = 'AUDIO_TRANSCODE';

  constructor(
    message: string,
    readonly reason: TranscodeFailure = 'failed',
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'TranscodeError';
  }
}

/** The recording itself can never be a voice note as it is (not the engine failing): staff must record it again. */
export const unusableRecording = (error: unknown): error is TranscodeError => error instanceof TranscodeError && error.reason !== 'failed';
