import type { AudioDuration } from '../../core/voice/ports.js';
import { ApiProblem, type ApiContext } from './context.js';

/** The formats phone calls can play (Twilio <Play>). */
const PLAYABLE = ['audio/mpeg', 'audio/mp3', 'audio/wav', 'audio/x-wav', 'audio/wave'];

/** An uploaded recording for calls (a prompt, a "you said, we did" message): MP3 or WAV, checked, within limits. */
export async function readPlayableAudio(
  c: ApiContext,
  audioDuration: AudioDuration,
  limits: { maxBytes: number; maxSeconds: number; what: string },
): Promise<{ bytes: Uint8Array; contentType: string; seconds: number }> {
  const type = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (!PLAYABLE.includes(type))
    throw new ApiProblem(415, 'Unsupported media type', 'MP3 or WAV: the audio formats phone calls can play', [
      { field: 'content-type', message: `got "${type || 'none'}"` },
    ]);
  const bytes = new Uint8Array(await c.req.arrayBuffer());
  if (bytes.length === 0) throw new ApiProblem(400, 'Bad request', 'no audio', [{ field: '(body)', message: 'empty' }]);
  if (bytes.length > limits.maxBytes)
    throw new ApiProblem(413, 'Too large', `at most ${Math.round(limits.maxBytes / 1024 / 1024)} MB`, [{ field: '(body)', message: 'too large' }]);
  const seconds = audioDuration(bytes, type);
  if (seconds === null) throw new ApiProblem(415, 'Unsupported media type', 'not a readable MP3 or WAV file', [{ field: '(body)', message: 'not MP3 or WAV' }]);
  if (seconds > limits.maxSeconds)
    throw new ApiProblem(400, 'Bad request', `${limits.what} is at most ${limits.maxSeconds} seconds`, [
      { field: '(body)', message: `${Math.round(seconds)} seconds` },
    ]);
  return { bytes, contentType: type === 'audio/mp3' ? 'audio/mpeg' : type, seconds: Math.round(seconds * 10) / 10 };
}
