import { Hono } from 'hono';
import { audioForPerson, HumanQueueError, submitTranscript, waitingForPeople } from '../../../core/voice/human-queue.js';
import type { VoiceDeps } from '../../../core/voice/process-voice.js';
import * as z from '../../../core/zod.js';
import { ApiProblem, jsonBody, type ApiEnv } from './context.js';

const TranscriptInput = z.object({
  transcript: z.string().check(z.trim(), z.minLength(1), z.maxLength(5000)),
  translation: z.optional(z.string().check(z.trim(), z.maxLength(5000))),
});

function asProblem(error: unknown): never {
  if (error instanceof HumanQueueError) throw new ApiProblem(error.status, error.status === 404 ? 'Not found' : 'Conflict', error.message);
  throw error;
}

/** The human transcription queue: staff of the organisation listen, type, submit. */
export function voiceRoutes(deps: VoiceDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();

  app.get('/api/voice/queue', async (c) => {
    const waiting = await waitingForPeople(deps, c.get('principal'));
    return c.json({
      jobs: waiting.map(({ job: j, takenByColleague }) => ({
        jobId: j.jobId,
        projectId: j.answer?.projectId ?? null,
        roundId: j.answer?.roundId ?? null,
        questionId: j.answer?.questionId ?? null,
        language: j.language,
        day: j.createdAt.slice(0, 10),
        reason: j.failure,
        takenByColleague,
      })),
    });
  });

  app.get('/api/voice/:jobId/audio', async (c) => {
    const audio = await audioForPerson(deps, c.get('principal'), c.req.param('jobId')).catch(asProblem);
    return c.body(Buffer.from(audio.bytes), 200, { 'Content-Type': audio.contentType, 'Cache-Control': 'no-store', 'Content-Disposition': 'inline' });
  });

  app.post('/api/voice/:jobId/transcript', async (c) => {
    const input = await jsonBody(c, TranscriptInput);
    await submitTranscript(deps, c.get('principal'), c.req.param('jobId'), input).catch(asProblem);
    return c.json({ ok: true });
  });

  return app;
}
