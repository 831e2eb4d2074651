import { Hono } from 'hono';
import { UnsupportedTextError, type TriadPictureRenderer } from '../core/conversation/ports.js';
import { triadCornersIn } from '../core/conversation/render.js';
import type { PictureRef } from '../core/model.js';
import type { Directory, Logger, Protector } from '../core/ports.js';
import { pictureOfUrl, TRIAD_PICTURE_PATH } from './picture-urls.js';
import { problem } from './problem.js';

export interface PictureDeps {
  protector: Protector;
  surveys: Pick<Directory, 'getSurvey'>;
  logger: Logger;
  /** The renderer: adapters/images/triad-picture-on-demand.ts, loaded on the first picture (3 MB of wasm and fonts). */
  render: TriadPictureRenderer;
}

/** Pictures kept in memory per process: ~50-70 KB each; Twilio fetches each URL about once per message. */
const CACHE_SIZE = 32;
/** A frozen survey version's picture never changes: caches (Twilio's, WhatsApp's, any in between) may keep it. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

type Rendered = { png: Uint8Array } | { unsupported: true } | null;

/** Throws only for real failures: an unknown survey or question is null; undrawable labels are `unsupported`. */
async function renderPicture(deps: PictureDeps, ref: PictureRef): Promise<Rendered> {
  const survey = await deps.surveys.getSurvey(ref.surveyId, ref.surveyVersion);
  const question = survey?.questions.find((q) => q.id === ref.questionId);
  const corners = question?.kind === 'triad' ? triadCornersIn(question, ref.language) : null;
  if (!corners) return null;
  try {
    return { png: await deps.render({ corners, language: ref.language }) };
  } catch (error) {
    // A character no bundled font has (emoji, Chinese…): no picture, the numbered text list carries the question.
    if (error instanceof UnsupportedTextError) return { unsupported: true };
    throw error;
  }
}

/**
 * GET /media/triad/<survey>/<version>/<question>/<language>.png?sig=…: the triad picture sent over
 * WhatsApp, rendered on first request and kept. Public (Twilio fetches it without credentials) but
 * signed: a URL Stem did not write, or one for a question that is not a triad, is a 404 problem.
 */
export function pictureRoutes(deps: PictureDeps): Hono {
  const app = new Hono();
  const cache = new Map<string, Promise<Rendered>>();

  const cached = (ref: PictureRef): Promise<Rendered> => {
    const key = `${ref.surveyId}@${ref.surveyVersion}/${ref.questionId}/${ref.language}`;
    const hit = cache.get(key);
    if (hit) {
      // Most recently used last: the oldest goes first when the cache is full.
      cache.delete(key);
      cache.set(key, hit);
      return hit;
    }
    const value = renderPicture(deps, ref);
    if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value ?? key);
    cache.set(key, value);
    // Never keep a failure, nor a miss (the survey may be saved a moment later).
    value.then(
      (v) => v === null && cache.delete(key),
      () => cache.delete(key),
    );
    return value;
  };

  app.get(`${TRIAD_PICTURE_PATH}/:surveyId/:version/:questionId/:file`, async (c) => {
    const ref = pictureOfUrl(
      deps.protector,
      { surveyId: c.req.param('surveyId'), version: c.req.param('version'), questionId: c.req.param('questionId'), file: c.req.param('file') },
      c.req.query('sig'),
    );
    if (!ref) return problem(c, 404, 'Not found', 'no such picture', [{ field: 'sig', message: 'not a picture URL Stem wrote' }]);
    try {
      const rendered = await cached(ref);
      if (!rendered) return problem(c, 404, 'Not found', 'no triad question with that id in that survey version and language');
      if ('unsupported' in rendered) {
        deps.logger.warn('picture.unsupported-text', { language: ref.language });
        return problem(c, 404, 'Not found', 'the labels of this triad cannot be drawn in this language; the question is in the text');
      }
      return c.body(Buffer.from(rendered.png), 200, { 'Content-Type': 'image/png', 'Cache-Control': IMMUTABLE });
    } catch (error) {
      deps.logger.error('picture.failed', { error: error instanceof Error ? error.name : 'unknown' });
      return problem(c, 500, 'Internal error', 'the picture could not be made; try again');
    }
  });
  return app;
}
