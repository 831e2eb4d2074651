import type { Reply } from '../model.js';
import { promptId, type PromptScope, type PromptStore, type RecordedPrompt } from './prompts.js';
import { canSay } from './voices.js';

/** One part of what a call says: text for a voice, or a recording to play. */
export type Utterance = { kind: 'say'; text: string; lang: string | undefined } | { kind: 'play'; prompt: RecordedPrompt };

/**
 * Decide, part by part, how a turn is said: by the language's voice where Polly has one, else by the
 * recording made for that prompt. With neither, the text is said by the fallback voice rather than
 * nothing (a launch never gets there: such languages wait for their recordings).
 */
export async function utterances(replies: readonly Reply[], scope: PromptScope | null | undefined, store: PromptStore | undefined): Promise<Utterance[]> {
  const recordings = new Map<string, Promise<Map<string, RecordedPrompt>>>();
  const recordedIn = (language: string) => {
    let found = recordings.get(language);
    if (!found) {
      found = scope && store ? store.list(scope, language).then((list) => new Map(list.map((p) => [p.promptId, p]))) : Promise.resolve(new Map());
      recordings.set(language, found);
    }
    return found;
  };
  return Promise.all(
    replies.map(async (reply): Promise<Utterance> => {
      const lang = reply.lang;
      if (lang && !canSay(lang) && reply.prompt) {
        const recorded = (await recordedIn(lang)).get(promptId(reply.prompt));
        if (recorded) return { kind: 'play', prompt: recorded };
      }
      return { kind: 'say', text: reply.text, lang };
    }),
  );
}
