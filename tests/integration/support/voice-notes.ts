import { serve, type ServerType } from '@hono/node-server';
import { LocalMediaHost } from '../../../adapters/local/local-media-host.js';
import { TwilioMediaSource } from '../../../adapters/twilio/twilio-media.js';
import { processVoice, type VoiceDeps } from '../../../core/voice/process-voice.js';
import { AUTH_TOKEN, newSid, TEST_MEDIA_HOSTS, type Harness } from './harness.js';
import { silentWav } from './wav.js';

/**
 * Voice notes for tests that need a voice answer waiting in the human transcription queue: the local
 * "Twilio media" host served over real HTTP, the voice pipeline fetching from it with the account's
 * Basic auth, and a short WAV as the note.
 */

export interface VoiceNotes {
  /** The voice pipeline of the harness, fetching notes from the local media host. */
  voice: VoiceDeps;
  /**
   * Send `bytes` as a WhatsApp voice note from `phone` (who must be at an open question) and take it to
   * the human queue; the voice job's id.
   */
  toHumanQueue(phone: string, bytes?: Uint8Array): Promise<string>;
  /** Put a file on the local media host, as Twilio holds a note it has not been asked to delete; its URL. */
  add(bytes: Uint8Array, contentType: string): string;
  /** Does the media host still hold the file at `url`? */
  holds(url: string): boolean;
  stop(): Promise<void>;
}

export async function startVoiceNotes(h: Harness): Promise<VoiceNotes> {
  const host = new LocalMediaHost(AUTH_TOKEN);
  const server = await new Promise<{ server: ServerType; origin: string }>((ready) => {
    const s: ServerType = serve({ fetch: host.routes().fetch, port: 0, hostname: '127.0.0.1' }, (info) =>
      ready({ server: s, origin: `http://127.0.0.1:${info.port}` }),
    );
  });
  const voice: VoiceDeps = { ...h.voice, media: new TwilioMediaSource(host.accountSid, AUTH_TOKEN, TEST_MEDIA_HOSTS) };

  async function toHumanQueue(phone: string, bytes: Uint8Array = silentWav()): Promise<string> {
    const sid = newSid();
    const url = host.add(server.origin, bytes, 'audio/wav');
    const sent = await h.send({
      channel: 'whatsapp',
      phone,
      text: '',
      messageSid: sid,
      extra: { NumMedia: '1', MediaUrl0: url, MediaContentType0: 'audio/wav' },
    });
    if (sent.status !== 200) throw new Error(`the voice note was answered ${sent.status}`);
    const jobId = h.deps.protector.ledgerKey(`${sid}#media0`);
    await processVoice(voice, jobId);
    const job = await h.deps.voiceJobs.get(jobId);
    if (job?.status !== 'needs-human')
      throw new Error(`the voice note is ${job?.status ?? 'missing'}, not waiting for a person (was the participant at an open question?)`);
    return jobId;
  }

  return {
    voice,
    toHumanQueue,
    add: (bytes, contentType) => host.add(server.origin, bytes, contentType),
    holds: (url) => host.has(url),
    stop: () => new Promise<void>((done) => server.server.close(() => done())),
  };
}
