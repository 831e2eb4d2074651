import { keepBeside, noteChannelLimit, redactOwnWords } from '../own-words.js';
import type { EffectHandler } from './scene.js';

/**
 * Words that could not be an answer to the question asked: kept as a comment on it, redacted like an open
 * answer, under the respondent code (plan/own-words.ts). The question is asked again or passed over by the
 * effects that follow, which then tell the person their words are kept (instead of "not understood").
 */
export const handleComment: EffectHandler<'comment'> = (p, scene, effect) => {
  const words = redactOwnWords(scene, effect.text);
  keepBeside(p, scene, effect.questionId, words, 'comment');
  if (words !== '') p.keptWords = true;
  noteChannelLimit(p, scene.chain);
};
