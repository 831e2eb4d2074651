import { keepBeside, noteChannelLimit, redactOwnWords } from '../own-words.js';
import type { EffectHandler } from './scene.js';

/**
 * Words that could not be an answer to the question asked: kept as a comment on it, redacted like an open
 * answer, under the respondent code (plan/own-words.ts). The question is asked again or passed over by the
 * effects that follow; nothing here changes what the person hears, unless the message reached the channel's limit.
 */
export const handleComment: EffectHandler<'comment'> = (p, scene, effect) => {
  keepBeside(p, scene, effect.questionId, redactOwnWords(scene, effect.text), 'comment');
  noteChannelLimit(p, scene.chain);
};
