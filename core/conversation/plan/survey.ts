import { currentAskable, resumeFlow, startFlow } from '../../../flows/engine.js';
import type { Contact, RoundProgress, Session } from '../../model.js';
import type { Planning } from './context.js';
import { boxFor, intoBox } from './box.js';
import { applyEffects } from './effects/index.js';
import { askProject, languageMenu } from './menus.js';
import { joinBurst } from './own-words.js';
import { staleTap } from './taps.js';
import { candidates, type Target } from './targets.js';

/** Pick the survey this message belongs to, or say why there is none (asking for a language or a project first). */
export function resolveTarget(p: Planning, contact: Contact): Target | undefined {
  if (!contact.language) {
    contact.awaiting = 'language';
    languageMenu(p, contact);
    return undefined;
  }
  const found = candidates(p, contact);
  const active = found.find((c) => c.project.projectId === contact.activeProjectId);
  if (active) return active;
  const only = found.length === 1 ? found[0] : undefined;
  if (only) {
    contact.activeProjectId = only.project.projectId;
    return only;
  }
  if (found.length > 1) {
    askProject(p, contact, found);
    return undefined;
  }
  explainNoSurvey(p, contact);
  return undefined;
}

function explainNoSurvey(p: Planning, contact: Contact): void {
  const sessions = p.draft.allSessions();
  const openRounds = contact.projects.map((projectId) => p.view.projects.get(projectId)?.round);
  const finishedOpen = sessions.some(
    (s) => (s.status === 'completed' || s.status === 'declined') && openRounds.some((r) => r?.roundId === s.roundId && r.projectId === s.projectId),
  );
  // A survey left unfinished in a round that closed (expired by the scheduler, or not yet): "closed".
  const unfinished = sessions.some((s) => s.status === 'active' || s.status === 'expired');
  const key = finishedOpen ? 'round.alreadyCompleted' : unfinished ? 'round.closed' : 'round.none';
  // Where a suggestion box is kept the door stays open: say so instead of (or after) "no survey open".
  const box = p.spoken ? null : boxFor(p, contact);
  if (key !== 'round.none' || !box) p.tell(key, p.chain());
  if (box) p.tell('box.open', p.chain(box));
}

/** Ask whatever is next, without reading the message as an answer (after a join, menu or START). */
export function promptCurrent(p: Planning, contact: Contact): void {
  const t = resolveTarget(p, contact);
  if (!t) return;
  const session = p.draft.session(t.project.projectId, t.round.roundId);
  const askable = session && currentAskable(t.survey, session.flow);
  if (session && askable) {
    p.track(contact, session, null);
    p.ask(askable, false, p.chain(t.project), t.survey.definition, t.project);
    return;
  }
  start(p, contact, t);
}

/**
 * Read the message as the answer to the current question (a voice note when `voiceIndex` is given), unless
 * it is more of the open answer just given: a burst (plan/own-words.ts says when).
 */
export function answer(p: Planning, contact: Contact, opts: { voiceIndex?: number; silent?: boolean } = {}): void {
  if (opts.voiceIndex === undefined && !opts.silent && joinBurst(p, contact)) return;
  // No survey waits for them: a project that keeps a suggestion box takes the message (plan/box.ts).
  const box = p.spoken || opts.silent ? null : boxFor(p, contact);
  if (box) return void intoBox(p, contact, box, opts.voiceIndex);
  const before = contact.activeProjectId;
  const t = resolveTarget(p, contact);
  if (!t) return;
  const session = p.draft.session(t.project.projectId, t.round.roundId);
  if (!session) {
    start(p, contact, t);
    return;
  }
  if (before !== null && before !== t.project.projectId) {
    // Moved on to another survey by itself (the previous one ended): this message was not meant for
    // the question waiting there, so ask it rather than read the message as its answer.
    promptCurrent(p, contact);
    return;
  }
  p.track(contact, session, null);
  if (staleTap(p, t, session)) return; // a tap on an earlier question's buttons (taps.ts)
  const { text, buttonPayload } = p.inbound;
  const step = resumeFlow(t.survey, session.flow, {
    text,
    buttonPayload: buttonPayload ?? undefined,
    voiceNote: opts.voiceIndex !== undefined,
    silent: opts.silent,
  });
  const next: Session = { ...session, flow: step.state };
  p.draft.putSession(next);
  applyEffects(p, { contact, target: t, session: next, chain: p.chain(t.project), voiceIndex: opts.voiceIndex }, step.effects);
}

function start(p: Planning, contact: Contact, t: Target): void {
  const step = startFlow(t.survey);
  const session: Session = {
    contactKey: contact.contactKey,
    projectId: t.project.projectId,
    roundId: t.round.roundId,
    surveyId: t.survey.definition.id,
    surveyVersion: t.survey.definition.version,
    status: 'active',
    flow: step.state,
    version: 0,
  };
  p.draft.putSession(session);
  p.track(contact, session, 'started');
  applyEffects(p, { contact, target: t, session, chain: p.chain(t.project), voiceIndex: undefined }, step.effects);
}

/** STOP: every open round this person is in counts them as opted out. */
export function markOpenRounds(p: Planning, contact: Contact, progress: RoundProgress): void {
  for (const projectId of contact.projects) {
    const round = p.view.projects.get(projectId)?.round;
    if (round)
      p.draft.track({ projectId, roundId: round.roundId, contactKey: contact.contactKey, progress, language: contact.language, channel: p.inbound.channel });
  }
}
