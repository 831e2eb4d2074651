import type { Effect } from '../../../../flows/engine.js';
import type { Planning } from '../context.js';
import { handleAsk } from './ask.js';
import { handleComment } from './comment.js';
import { handleComplete } from './complete.js';
import { handleDecline } from './decline.js';
import { handlePassedOver } from './passed-over.js';
import { handleRecordAnswer } from './record-answer.js';
import type { Scene } from './scene.js';

/** Carry out the engine's effects into the draft, in order, each by its own handler (mailroom's way). */
export function applyEffects(p: Planning, scene: Scene, effects: readonly Effect[]): void {
  for (const effect of effects) {
    switch (effect.type) {
      case 'ask':
        handleAsk(p, scene, effect);
        break;
      case 'record-answer':
        handleRecordAnswer(p, scene, effect);
        break;
      case 'comment':
        handleComment(p, scene, effect);
        break;
      case 'passed-over':
        handlePassedOver(p, scene, effect);
        break;
      case 'complete':
        handleComplete(p, scene, effect);
        break;
      case 'decline':
        handleDecline(p, scene, effect);
        break;
      case 'expire':
        break; // only the scheduler expires a session (rounds/sweep.ts); a message never does
    }
  }
}
