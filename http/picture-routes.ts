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

/** What a picture shows: a triad's three labels in one language; null for an unknown survey, question or language. */
async function cornersOf(deps: PictureDeps, ref: PictureRef): Promise<[string, string, string] | null> {
  const survey = await deps.surveys.getSurvey(ref.surveyId, ref.surveyVersion);
  const question = survey?.questions.find((q) => q.id === ref.questionId);
  return question?.kind === 'triad' ? triadCornersIn(question, ref.language) : null;
}

/** Throws only for real failures: undrawable labels are `unsupported`. */
async function renderPicture(deps: PictureDeps, corners: [string, string, string], language: string): Promise<Rendered> {
  try {
    return { png: await deps.render({ corners, language }) };
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

  // Kept by what is drawn, not by the survey version: a draft version is saved again as staff edit it (and
  // previewed in between), so its labels may change under the same address; a frozen one never does.
  const cached = async (ref: PictureRef): Promise<Rendered> => {
    const corners = await cornersOf(deps, ref);
    if (!corners) return null;
    const key = JSON.stringify([ref.language, corners]);
    const hit = cache.get(key);
    if (hit) {
      // Most recently used last: the oldest goes first when the cache is full.
      cache.delete(key);
      cache.set(key, hit);
      return hit;
    }
    const value = renderPicture(deps, corners, ref.language);
    if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value ?? key);
    cache.set(key, value);
    value.catch(() => cache.delete(key)); // never keep a failure
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
