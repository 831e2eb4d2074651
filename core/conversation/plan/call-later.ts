import { CALL_BACK_KEY, CALL_BACK_SLOTS, callBackSlots, chosenSlot } from '../../calls/call-back.js';
import type { Contact } from '../../model.js';
import { quietHoursOf } from '../../quiet-hours.js';
import { spokenText } from '../spoken.js';
import type { Planning } from './context.js';
import { expectation } from './listen.js';
import { promptCurrent } from './survey.js';
import { currentQuestion, target, type Target } from './targets.js';

// "Call me later" in a call: 9 at a question offers a few times by keypad (core/calls/call-back.ts); the
// time chosen puts the invitation back in the queue, by phone, not before then (the sweep calls then).

/** How long the offered times stand: the caller presses a key within the call. */
const OFFER_MS = 10 * 60_000;

/** Where 9 can mean "call me later": a call at a question that waits for one key of fewer than nine. */
function laterPossible(p: Planning): Target | undefined {
  const contact = p.draft.contact;
  if (!p.spoken || p.ended || !contact || contact.optedOut || contact.erasing || contact.callBack || contact.awaiting || !contact.activeProjectId)
    return undefined;
  const t = target(p, contact.activeProjectId);
  if (!t || !currentQuestion(p, contact)) return undefined;
  const listen = expectation(p);
  return listen.kind === 'keys' && !listen.menu && listen.options < Number(CALL_BACK_KEY) ? t : undefined;
}

const slotsFor = (p: Planning, t: Target) => callBackSlots(quietHoursOf(t.project), p.now, t.round.closesAt);

/** At the start of a call, before the question: "Not a good time? Press 9…", where a time can be offered. */
export function offerCallBack(p: Planning): void {
  const t = laterPossible(p);
  if (!t || slotsFor(p, t).every((slot) => slot === null)) return;
  p.draft.addBeforeLast(spokenText('callBack.hint', p.chain(t.project), p.texts), (r) => r.prompt?.kind === 'question');
}

/** 9 pressed at a question: the times that can be offered, by key (or, with none, on with the question). True when handled. */
export function pressedCallBack(p: Planning, contact: Contact | null): boolean {
  if (!contact || p.inbound.call?.event !== 'input' || p.inbound.text.trim() !== CALL_BACK_KEY) return false;
  const t = laterPossible(p);
  if (!t) return false;
  const slots = slotsFor(p, t);
  if (slots.every((slot) => slot === null)) {
    p.tell('callBack.none', p.chain(t.project));
    promptCurrent(p, contact);
    return true;
  }
  contact.callBack = { projectId: t.project.projectId, roundId: t.round.roundId, slots, until: new Date(p.now.getTime() + OFFER_MS).toISOString() };
  callBackMenu(p, contact);
  return true;
}

/** "When shall we call you back? For this evening at 18:00, press 1…": the times offered, each its own sentence. */
export function callBackMenu(p: Planning, contact: Contact): void {
  const offer = contact.callBack;
  if (!offer) return;
  const chain = p.chain(p.project(offer.projectId));
  p.tell('callBack.choose', chain);
  CALL_BACK_SLOTS.forEach((slot, i) => {
    if (offer.slots[i]) p.tell(slot.text, chain);
  });
}

/**
 * The key pressed after the times were offered: one of them (thanked, called back then, the call ends),
 * or any other (on with the survey, where it was). A silence keeps the offer (the menu is said again);
 * any other message, or one after the offer lapsed, ends it and is read as it would be.
 */
export function answerCallBack(p: Planning, contact: Contact | null): boolean {
  const offer = contact?.callBack;
  if (!contact || !offer || p.inbound.call?.event === 'silence') return false;
  contact.callBack = null;
  if (!p.spoken || p.inbound.call?.event !== 'input' || offer.until <= p.now.toISOString()) return false;
  const at = chosenSlot(offer.slots, p.inbound.text);
  if (!at) {
    promptCurrent(p, contact);
    return true;
  }
  p.draft.track({
    projectId: offer.projectId,
    roundId: offer.roundId,
    contactKey: contact.contactKey,
    progress: null,
    language: contact.language,
    channel: 'voice',
    lastActivityAt: p.now.toISOString(),
    callBackAt: at,
  });
  const chain = p.chain(p.project(offer.projectId));
  p.tell('callBack.confirmed', chain);
  p.tell('call.goodbye', chain);
  p.ended = true;
  return true;
}
