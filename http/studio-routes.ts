import { Hono } from 'hono';
import { randomUUID } from 'node:crypto';
import { isValidTwilioSignature } from '../adapters/twilio/signature.js';
import { callTwiml } from '../adapters/twilio/voice-twiml.js';
import { promptText } from '../core/calls/prompt-text.js';
import { roundForPrompts, type PromptStore } from '../core/calls/prompts.js';
import {
  nextPrompt,
  studioChooseLanguage,
  studioKept,
  studioNotHeard,
  studioReview,
  studioStart,
  StudioState,
  studioWelcome,
  studioWrongCode,
  type StudioCodes,
  type StudioContext,
  type StudioTurn,
} from '../core/calls/studio.js';
import type { Catalog } from '../core/conversation/catalog.js';
import type { Clock, Logger, Protector } from '../core/ports.js';
import type { Texts } from '../core/texts.js';
import type { AudioStore, MediaSource } from '../core/voice/ports.js';
import * as z from '../kernel/zod.js';
import { savePrompt } from './api/prompts-routes.js';
import type { MessagingConfig } from './messaging-routes.js';
import { problem } from './problem.js';
import { webhookBodyLimit } from './webhook-body-limit.js';
import { promptUrl } from './call-webhook-routes.js';

export const STUDIO_PATH = '/twilio/voice/studio';
/** Wrong codes before the studio hangs up. */
const MAX_CODE_TRIES = 3;
const MAX_TAKE_BYTES = 2 * 1024 * 1024;

export interface StudioDeps {
  catalog: Catalog;
  protector: Protector;
  texts: Texts;
  clock: Clock;
  logger: Logger;
  prompts: PromptStore;
  studioCodes: StudioCodes;
  /** Our encrypted media store: takes and kept prompts. */
  audio: AudioStore;
  /** Twilio's copy of each take: fetched with credentials, then deleted there. */
  media: MediaSource;
}

const Params = z.object({
  CallSid: z.string().check(z.regex(/^CA[0-9a-fA-F]{32}$/, 'a Twilio call SID')),
  // After <Record>, `hangup` says the caller hung up during the take (Twilio's <Record> action parameters).
  Digits: z.optional(z.string().check(z.regex(/^([0-9*#]{0,32}|hangup)$/, 'keypad digits, or "hangup"'))),
  RecordingUrl: z.optional(z.string().check(z.regex(/^(https:\/\/|http:\/\/(127\.0\.0\.1|localhost)(:\d+)?\/)\S+$/, 'an https URL'))),
  RecordingDuration: z.optional(z.pipe(z.coerce.number(), z.int().check(z.minimum(0)))),
});
const Query = z.object({
  on: z._default(z.enum(['start', 'code', 'language', 'recorded', 'review', 'silence']), 'start'),
  s: z.optional(z.string()),
  tries: z._default(z.pipe(z.coerce.number(), z.int().check(z.minimum(0), z.maximum(20))), 0),
});

/**
 * POST /twilio/voice/studio: the phone studio where staff and interpreters record prompts (a staff-only
 * Twilio number points here; on the participants' number, `*` at the language menu leads here too).
 * Signed like every Twilio webhook; the state (project, language, prompt, take) is sealed in the URL.
 */
export function studioRoutes(deps: StudioDeps, config: MessagingConfig): Hono {
  const app = new Hono();
  const base = config.publicUrl.replace(/\/$/, '');
  const xml = { 'Content-Type': 'text/xml; charset=utf-8' };

  const render = (turn: StudioTurn, tries = 0): string => {
    const sealed = turn.state ? `&s=${encodeURIComponent(deps.protector.seal(JSON.stringify(turn.state)))}` : '';
    const next = `${base}${STUDIO_PATH}?on=${turn.next ?? 'start'}${sealed}&tries=${tries}`;
    return callTwiml(turn.say, turn.listen, { input: next, silence: `${base}${STUDIO_PATH}?on=silence${sealed}&tries=${tries}` }, (key) =>
      promptUrl(deps.protector, base, key),
    );
  };

  async function context(state: Pick<StudioState, 'projectId' | 'scope'>): Promise<StudioContext | null> {
    const project = await deps.catalog.project(state.projectId);
    const survey = await deps.catalog.survey(state.scope.surveyId, state.scope.surveyVersion);
    if (!project || !survey) return null;
    return {
      project,
      survey,
      scope: state.scope,
      prompts: deps.prompts,
      textToRead: (ref, language) => promptText(deps.texts, project, survey, ref, language),
    };
  }

  /** Whose survey version the recordings belong to (as the dashboard and API choose it). */
  async function scopeOf(projectId: string) {
    const project = await deps.catalog.project(projectId);
    const round = roundForPrompts(await deps.catalog.rounds(projectId), deps.clock.now().toISOString());
    return project && round ? { organisationId: project.organisationId, surveyId: round.surveyId, surveyVersion: round.surveyVersion } : null;
  }

  app.post(STUDIO_PATH, webhookBodyLimit, async (c) => {
    const params = Object.fromEntries(new URLSearchParams(await c.req.text()));
    const url = `${base}${STUDIO_PATH}${new URL(c.req.url).search}`;
    if (!isValidTwilioSignature(config.twilioAuthToken, c.req.header('x-twilio-signature'), url, params)) {
      deps.logger.warn('studio.bad-signature');
      return problem(c, 403, 'Forbidden', 'missing or invalid X-Twilio-Signature for the configured PUBLIC_URL', [
        { field: 'X-Twilio-Signature', message: 'does not match' },
      ]);
    }
    const p = Params.safeParse(params);
    const q = Query.safeParse(Object.fromEntries(new URL(c.req.url).searchParams));
    if (!p.success || !q.success)
      return problem(c, 400, 'Bad request', 'not a studio request', [{ field: p.success ? 'query' : 'CallSid', message: 'invalid' }]);
    const { on, tries } = q.data;
    const digits = (p.data.Digits ?? '').replace(/#$/, '');
    const reply = (turn: StudioTurn, nextTries = 0) => c.body(render(turn, nextTries), 200, xml);

    if (on === 'start') return reply(studioWelcome());
    if (on === 'code' || (on === 'silence' && !q.data.s)) {
      const redeemed = digits ? await deps.studioCodes.redeem(digits, deps.clock.now()) : null;
      if (!redeemed) {
        deps.logger.warn('studio.wrong-code', { tries: tries + 1 });
        if (tries + 1 >= MAX_CODE_TRIES) return reply({ ...studioWrongCode(), listen: { kind: 'end' }, next: null });
        return reply(studioWrongCode(), tries + 1);
      }
      const scope = await scopeOf(redeemed.projectId);
      const ctx = scope && (await context({ projectId: redeemed.projectId, scope }));
      if (!scope || !ctx) return reply({ ...studioWrongCode(), listen: { kind: 'end' }, next: null });
      deps.logger.info('studio.opened');
      return reply(await studioStart(ctx, { projectId: redeemed.projectId, scope }));
    }

    if (on === 'recorded' && p.data.Digits === 'hangup') {
      // Gone before hearing the take back: nobody can keep it, so Twilio's copy is deleted too.
      // Best effort: the caller is gone and Twilio ignores this answer; a copy left there is logged, not retried.
      if (p.data.RecordingUrl)
        await deps.media
          .remove(p.data.RecordingUrl)
          .catch((error: unknown) => deps.logger.warn('studio.take-not-removed', { error: error instanceof Error ? error.name : 'unknown' }));
      return reply({ say: [], listen: { kind: 'end' }, state: null, next: null });
    }
    const state = StudioState.safeParse(q.data.s ? JSON.parse(deps.protector.open(q.data.s)) : null);
    if (!state.success) return problem(c, 400, 'Bad request', 'the studio state is missing or damaged', [{ field: 's', message: 'invalid' }]);
    const ctx = await context(state.data);
    if (!ctx) return reply({ ...studioWrongCode(), listen: { kind: 'end' }, next: null });
    const s = state.data;

    switch (on) {
      case 'language':
        return reply(await studioChooseLanguage(ctx, s, digits));
      case 'recorded': {
        if (!p.data.RecordingUrl || (p.data.RecordingDuration ?? 1) === 0) return reply(await studioNotHeard(ctx, s));
        // Copy the take now (small, and the caller waits to hear it back), then delete it at Twilio.
        const fetched = await deps.media.fetch(p.data.RecordingUrl, MAX_TAKE_BYTES);
        if (!('bytes' in fetched)) return reply(await studioNotHeard(ctx, s));
        const draft = `take-${randomUUID()}`;
        await deps.audio.put(draft, fetched.bytes, fetched.contentType);
        await deps.media.remove(p.data.RecordingUrl);
        return reply(studioReview(ctx, s, { audioKey: draft, contentType: fetched.contentType }));
      }
      case 'review': {
        const take = s.draft ? await deps.audio.get(s.draft) : null;
        if (digits === '1' && take && s.language && s.current) {
          await savePrompt({ prompts: deps.prompts, clock: deps.clock, voice: { audio: deps.audio } }, ctx.scope, {
            language: s.language,
            promptId: s.current,
            bytes: take.bytes,
            contentType: take.contentType,
            source: 'phone',
          });
          if (s.draft) await deps.audio.remove(s.draft);
          return reply(await studioKept(ctx, s));
        }
        if (digits === '2' || !take) {
          if (s.draft) await deps.audio.remove(s.draft);
          return reply(await nextPrompt(ctx, { ...s, draft: null }, []));
        }
        return reply(studioReview(ctx, s, { audioKey: take ? (s.draft ?? '') : '', contentType: take.contentType }));
      }
      case 'silence':
        // Nothing pressed at a menu or the review: say it again; nothing recorded: the same prompt again.
        if (s.draft) {
          const take = await deps.audio.get(s.draft);
          if (take) return reply(studioReview(ctx, s, { audioKey: s.draft, contentType: take.contentType }));
        }
        return reply(s.language ? await studioNotHeard(ctx, s) : await studioStart(ctx, s));
      default:
        return reply(studioWelcome());
    }
  });

  return app;
}
