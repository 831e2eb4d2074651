import type { EffectHandler } from './scene.js';

/** A question not understood twice is passed over: said so before the next one. */
export const handlePassedOver: EffectHandler<'passed-over'> = (p, { chain }) => p.tell('invalid.passedOver', chain);
