import type { Effect } from '../../../../flows/engine.js';
import type { Contact, Session } from '../../../model.js';
import type { LanguageChain } from '../../../texts.js';
import type { Planning } from '../context.js';
import type { Target } from '../targets.js';

/** Where the engine's effects land: the person, their survey and session, and the language to speak. */
export interface Scene {
  contact: Contact;
  target: Target;
  /** The session after the step (a handler may mark it completed or declined). */
  session: Session;
  chain: LanguageChain;
  /** The attachment that answered, when a voice note did. */
  voiceIndex: number | undefined;
}

/** Carries one kind of effect into the draft (mailroom's event handlers). */
export type EffectHandler<T extends Effect['type']> = (p: Planning, scene: Scene, effect: Extract<Effect, { type: T }>) => void;
