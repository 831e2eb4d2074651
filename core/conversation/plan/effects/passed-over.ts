import type { EffectHandler } from './scene.js';

/** A question not understood twice is passed over: said so before the next one (and that words sent are kept). */
export const handlePassedOver: EffectHandler<'passed-over'> = (p, { chain }) => {
  if (p.keptWords && !p.spoken) p.tell('invalid.keptAsComment', chain);
  p.tell('invalid.passedOver', chain);
};
