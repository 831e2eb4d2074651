import { Hono } from 'hono';
import type { Clock, Logger, Protector } from '../core/ports.js';
import { unusableRecording } from '../core/voice-notes/transcode-error.js';
import { VOICE_NOTE_TYPE, type VoiceNotes } from '../core/voice-notes/voice-note.js';
import { problem } from './problem.js';
import { VOICE_NOTE_PATH, voiceNoteOfUrl } from './voice-note-urls.js';

export interface VoiceNoteRouteDeps {
  protector: Protector;
  clock: Clock;
  logger: Logger;
  notes: VoiceNotes;
}

/** One `bytes=a-b`, `bytes=a-` or `bytes=-n` range (RFC 9110 §14.1.2); null: none, or one not understood (the whole file). */
export function byteRange(header: string | undefined, size: number): { start: number; end: number } | 'unsatisfiable' | null {
  const m = /^bytes=(\d{0,15})-(\d{0,15})$/.exec(header?.trim() ?? '');
  if (!m || (m[1] === '' && m[2] === '')) return null;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    return suffix === 0 ? 'unsatisfiable' : { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  return start >= size || end < start ? 'unsatisfiable' : { start, end };
}

/**
 * GET /media/voice/<organisation>/<survey>/<version>/<question>/<language>.ogg?exp=…&sig=…: a question's
 * WhatsApp voice note, made on the first request (synthesized, or a recording transcoded) and served from
 * the cache afterwards. Public, since Twilio fetches it without credentials, but signed and expiring: a URL
 * Stem did not write, or one past its time, is refused (403) before anything is made.
 */
export function voiceNoteRoutes(deps: VoiceNoteRouteDeps): Hono {
  const app = new Hono();
  app.get(`${VOICE_NOTE_PATH}/:organisationId/:surveyId/:version/:questionId/:file`, async (c) => {
    const checked = voiceNoteOfUrl(
      deps.protector,
      {
        organisationId: c.req.param('organisationId'),
        surveyId: c.req.param('surveyId'),
        version: c.req.param('version'),
        questionId: c.req.param('questionId'),
        file: c.req.param('file'),
      },
      { exp: c.req.query('exp'), sig: c.req.query('sig') },
      deps.clock.now(),
    );
    if (!checked.ok) {
      deps.logger.warn('voice-note.refused', { reason: checked.reason });
      return problem(c, 403, 'Forbidden', checked.reason === 'expired' ? 'this voice note link has expired' : 'not a voice note link Stem wrote', [
        { field: 'sig', message: checked.reason },
      ]);
    }
    try {
      const note = await deps.notes.get(checked.ref);
      if (!note) return problem(c, 404, 'Not found', 'no voice or recording says this question in this language');
      deps.logger.info('voice-note.served', { source: note.source, cached: note.cached, language: checked.ref.language });
      // Twilio checks that the content type matches the file (WhatsApp media guidance); private: the link is the permission.
      const headers = { 'Content-Type': VOICE_NOTE_TYPE, 'Cache-Control': 'private, max-age=3600', 'Accept-Ranges': 'bytes' };
      const range = byteRange(c.req.header('range'), note.bytes.byteLength);
      if (range === 'unsatisfiable') return c.body(null, 416, { ...headers, 'Content-Range': `bytes */${note.bytes.byteLength}` });
      if (range === null) return c.body(Buffer.from(note.bytes), 200, headers);
      // A browser's player asks for the end to learn an Ogg file's length (the simulator's <audio>).
      const part = note.bytes.subarray(range.start, range.end + 1);
      return c.body(Buffer.from(part), 206, { ...headers, 'Content-Range': `bytes ${range.start}-${range.end}/${note.bytes.byteLength}` });
    } catch (error) {
      // A recording that cannot be made a note is no server fault, and asking again will not help: Twilio
      // then reports the medium failed, and the participant gets the question's words (tap-delivery.ts).
      if (unusableRecording(error)) {
        deps.logger.warn('voice-note.unusable', { reason: error.reason, language: checked.ref.language });
        return problem(c, 404, 'Not found', 'the recording of this question cannot be made a voice note: record it again as WAV or MP3', [
          { field: 'recording', message: error.reason },
        ]);
      }
      deps.logger.error('voice-note.failed', { error: error instanceof Error ? error.name : 'unknown' });
      return problem(c, 500, 'Internal error', 'the voice note could not be made; try again');
    }
  });
  return app;
}
