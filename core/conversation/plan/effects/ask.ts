import type { EffectHandler } from './scene.js';

/** The engine asks a question (again, after an answer it could not read). */
export const handleAsk: EffectHandler<'ask'> = (p, { target, chain }, effect) => {
  const askable = target.survey.askables.get(effect.questionId);
  if (askable) p.ask(askable, effect.again, chain, target.survey.definition, target.project);
};
