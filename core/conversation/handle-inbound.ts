import type { Reply } from '../model.js';
import type { VoiceQueue } from '../voice/ports.js';
import * as z from '../../kernel/zod.js';
import type { Clock, ConversationStore, Logger, Pause } from '../ports.js';
import { Listen } from '../calls/listen.js';
import { SPOKEN_TEXT_KEYS, type PromptScope } from '../calls/prompts.js';
import type { Inbound } from './inbound.js';
import { ViewLoader, type ViewDeps } from './load-view.js';
import type { RespondentEraser } from './erase.js';
import { plan } from './plan/plan.js';
import { MEDIA_HOST_REFUSED } from './plan/voice-jobs.js';
import { SpeechRef } from '../voice-notes/speech.js';

export type { CallTurnInput, Inbound } from './inbound.js';

/** What one inbound message or call turn answers: what to say, and (in a call) what to wait for next. */
export interface Turn {
  replies: Reply[];
  listen: Listen | null;
  /** In a call: whose recorded prompts stand in where no voice speaks the language. */
  scope?: PromptScope | null | undefined;
}

/** The catalog, protector, texts, prompts, join limiter and media policy the view is loaded from (load-view.ts), and: */
export interface ConversationDeps extends ViewDeps {
  store: ConversationStore;
  clock: Clock;
  logger: Logger;
  /** Where voice jobs go after their commit; without one they wait for the sweep. */
  voiceQueue?: VoiceQueue;
  /** Carries out a confirmed DELETE: see erase.ts. */
  eraser: RespondentEraser;
  /** Between attempts after a commit conflict; without one, the next attempt follows at once. */
  pause?: Pause;
}

/** The sealed reply in the ledger: a turn; older entries hold just the reply texts. */
const SealedTurn = z.union([
  z.array(z.string()),
  z.object({
    replies: z.array(
      z.object({
        text: z.string(),
        lang: z.optional(z.string()),
        prompt: z.optional(
          z.union([z.object({ kind: z.literal('text'), key: z.enum(SPOKEN_TEXT_KEYS) }), z.object({ kind: z.literal('question'), questionId: z.string() })]),
        ),
        // A retried WhatsApp message gets its triad picture again. Choices to tap are not read back: a
        // duplicate is answered by TwiML text, never by REST again (tap-delivery.ts).
        picture: z.optional(z.object({ kind: z.literal('triad'), surveyId: z.string(), surveyVersion: z.int(), questionId: z.string(), language: z.string() })),
        // …and its question's voice note.
        speech: z.optional(SpeechRef),
        afterSpeech: z.optional(z.string()),
      }),
    ),
    listen: z.nullable(Listen),
    scope: z.optional(z.nullable(z.object({ organisationId: z.string(), surveyId: z.string(), surveyVersion: z.int() }))),
  }),
]);

/**
 * The ledger entry (the sealed message, then the sealed reply for duplicates) expires a day after the
 * message. Twilio retries a webhook only within one request's budget: at most 5 retries (`rc`), all
 * within the total time `tt` of at most 15 s (https://www.twilio.com/docs/usage/webhooks/webhooks-connection-overrides),
 * so a day covers every retry Twilio makes with room to spare.
 */
const LEDGER_TTL_SECONDS = 24 * 60 * 60;
/**
 * An applied provider id stays refused for 30 days, as its keyed hash alone (no message, no reply). A
 * signed request carries no time, so anyone holding a copy could replay it — a STOP, an answer — long
 * after Twilio's own retries; such a replay within 30 days is answered with nothing and applies nothing.
 * The bound: a copy replayed later than that would be applied again.
 */
export const APPLIED_TTL_SECONDS = 30 * 24 * 60 * 60;
const MAX_ATTEMPTS = 20;

export class ConcurrencyError extends Error {
  readonly code = 'CONCURRENT_UPDATES';
  constructor() {
    super(`gave up after ${MAX_ATTEMPTS} conflicting attempts`);
    this.name = 'ConcurrencyError';
  }
}

/**
 * Record, load, plan, commit, reply. The message is recorded (sealed) before anything else, and
 * acknowledged only after its effects are committed; a duplicate gets the reply of the first. Its view
 * (load-view.ts) is loaded, the pure planner (plan/plan.ts) decides, the draft is committed, then voice
 * jobs are handed on. A lost race (another message of the same person committed first) re-reads the
 * participant and plans again on the newer state, so concurrent messages apply one after the other; what
 * the view loaded besides (configuration, keys, the join limiter's verdict) is kept, never done twice.
 */
export async function handleInbound(deps: ConversationDeps, inbound: Inbound): Promise<Reply[]> {
  return (await handleTurn(deps, inbound)).replies;
}

/** handleInbound, with what a call waits for next. */
export async function handleTurn(deps: ConversationDeps, inbound: Inbound): Promise<Turn> {
  const now = deps.clock.now();
  const ledgerKey = deps.protector.ledgerKey(inbound.providerId);
  const contactKey = deps.protector.contactKey(inbound.from);
  const claim = await deps.store.claimInbound({
    ledgerKey,
    sealedMessage: deps.protector.seal(JSON.stringify(inbound)),
    receivedAt: now.toISOString(),
    expiresAt: Math.floor(now.getTime() / 1000) + LEDGER_TTL_SECONDS,
  });
  const opened = (sealed: string | null): Turn => {
    if (sealed === null) return { replies: [], listen: null }; // applied long ago: a replay gets nothing
    const turn = SealedTurn.parse(JSON.parse(deps.protector.open(sealed)));
    return Array.isArray(turn) ? { replies: turn.map((text) => ({ text })), listen: null } : turn;
  };
  if (claim.status === 'done') {
    deps.logger.info('inbound.duplicate', { channel: inbound.channel });
    return opened(claim.sealedReplies);
  }

  const loader = new ViewLoader(deps, inbound, contactKey, now);
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const view = await loader.load(await deps.store.loadParticipant(contactKey));
    const draft = plan(view, inbound, now);
    const turn: Turn = inbound.call ? { replies: draft.replies, listen: draft.listen, scope: draft.scope } : { replies: draft.replies, listen: null };
    if (draft.erasure) {
      // Erased before the reply that says so is committed. A failure here leaves the message unapplied
      // (5xx, retried), and the retry erases what is left: every step can be done twice.
      const erased = await deps.eraser.erase(draft.erasure);
      deps.logger.info('erase.done', { channel: inbound.channel, ...erased });
    }
    const result = await deps.store.commit(
      draft.toCommit(ledgerKey, deps.protector.seal(JSON.stringify(turn)), Math.floor(now.getTime() / 1000) + APPLIED_TTL_SECONDS),
    );
    if (result.status === 'committed') {
      deps.logger.info('inbound.applied', { channel: inbound.channel, attempt, answers: draft.answers.length, replies: draft.replies.length });
      const refused = draft.voiceJobs.filter((j) => j.failure === MEDIA_HOST_REFUSED).length;
      if (refused > 0) deps.logger.warn('media.host-refused', { channel: inbound.channel, refused });
      // Commit first, then hand on: a queue failure leaves the job queued for the sweep, never lost.
      if (draft.voiceJobs.length > 0 && deps.voiceQueue) {
        await deps.voiceQueue
          .enqueue(draft.voiceJobs.map((j) => j.jobId))
          .catch((error: unknown) => deps.logger.warn('voice.enqueue-failed', { error: error instanceof Error ? error.name : 'unknown' }));
      }
      return turn;
    }
    if (result.status === 'already-done') {
      deps.logger.info('inbound.duplicate', { channel: inbound.channel, replay: result.sealedReplies === null });
      return opened(result.sealedReplies);
    }
    deps.logger.info('inbound.conflict', { attempt, cause: result.cause });
    // Another message of this person won the race; a short, growing pause keeps a burst from spinning.
    await deps.pause?.(2 * attempt);
  }
  throw new ConcurrencyError();
}
