import { createHash } from 'node:crypto';
import type { TapChoices } from '../../core/model.js';

/**
 * A message to tap as a Twilio Content API template (POST https://content.twilio.com/v1/Content with
 * `friendly_name`, `language`, `types`): up to three answers as `twilio/quick-reply` buttons, up to ten as
 * a `twilio/list-picker` list. WhatsApp's limits as Twilio documents them
 * (https://www.twilio.com/docs/content/twilio-quick-reply, …/twiliolist-picker): body 1,024 characters;
 * in session without approval 3 buttons, titled in 20 characters; 10 list items of 24, each with an
 * optional description of 72, an id of 200, and the list's button of 20 (WhatsApp's list message). Titles
 * must differ within a message.
 *
 * The body is written into the template, not passed as a variable: Twilio's pages disagree on how long a
 * variable may be (255 or 1,600 characters), and a literal body has no rule on line breaks to break.
 * So a template is one exact message (the question with what precedes it, in one language, for one
 * survey version): its content hash names it, and it is made once (tap-messenger.ts).
 */

export const LIMITS = { body: 1024, buttons: 3, buttonTitle: 20, items: 10, itemTitle: 24, itemDescription: 72, listButton: 20, id: 200 } as const;

interface QuickReply {
  'twilio/quick-reply': { body: string; actions: Array<{ type: 'QUICK_REPLY'; title: string; id: string }> };
}
interface ListPicker {
  'twilio/list-picker': { body: string; button: string; items: Array<{ item: string; id: string; description?: string }> };
}

/** The Content API's create request, as its JSON body. */
export interface ContentRequest {
  friendly_name: string;
  language: string;
  types: QuickReply | ListPicker;
}

let segmenter: Intl.Segmenter | undefined;

/**
 * `text` on one line within `max` UTF-16 units (never fewer than the characters WhatsApp counts), cut
 * between grapheme clusters — never inside an emoji sequence, a flag, or between a letter and its marks —
 * with "…" where it was cut.
 */
export function fitText(text: string, max: number): { text: string; cut: boolean } {
  const line = text.replace(/\s+/g, ' ').trim();
  if (line.length <= max) return { text: line, cut: false };
  segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  let kept = '';
  for (const { segment } of segmenter.segment(line)) {
    if (kept.length + segment.length > max - 1) break;
    kept += segment;
  }
  return { text: `${kept.trimEnd()}…`, cut: true };
}

/** Titles fitted to `max`; when two come out alike (cut at the same place), every one numbered as the text numbers it. */
function titles(choices: TapChoices, max: number): Array<{ text: string; cut: boolean }> {
  const plain = choices.options.map((o) => fitText(o.title, max));
  const distinct = new Set(plain.map((t) => t.text.toLocaleLowerCase())).size === plain.length;
  return distinct ? plain : choices.options.map((o, i) => fitText(`${i + 1}. ${o.title}`, max));
}

/** The template for `body` with these choices (ids are unique: core/conversation/taps.ts), or null when they cannot be one (too many, an empty title, an id too long). */
export function contentRequest(body: string, choices: TapChoices): ContentRequest | null {
  const n = choices.options.length;
  if (n === 0 || n > LIMITS.items || body.trim() === '' || body.length > LIMITS.body) return null;
  if (choices.options.some((o) => o.id.length > LIMITS.id)) return null;
  let types: QuickReply | ListPicker;
  if (n <= LIMITS.buttons) {
    const fitted = titles(choices, LIMITS.buttonTitle);
    if (fitted.some((t) => t.text === '')) return null;
    types = { 'twilio/quick-reply': { body, actions: choices.options.map((o, i) => ({ type: 'QUICK_REPLY', title: fitted[i]?.text ?? '', id: o.id })) } };
  } else {
    const fitted = titles(choices, LIMITS.itemTitle);
    const button = fitText(choices.listButton, LIMITS.listButton).text;
    if (fitted.some((t) => t.text === '') || button === '') return null;
    const items = choices.options.map((o, i) => {
      const title = fitted[i] ?? { text: '', cut: false };
      // A title cut short is given whole (as far as it goes) as the item's description, under it.
      return title.cut ? { item: title.text, id: o.id, description: fitText(o.title, LIMITS.itemDescription).text } : { item: title.text, id: o.id };
    });
    types = { 'twilio/list-picker': { body, button, items } };
  }
  const language = choices.language;
  return { friendly_name: `stem_${contentHash(language, types).slice(0, 40)}`, language, types };
}

/** What a template is named by: a SHA-256 of its language and content (the friendly name is derived from it). */
export function contentHash(language: string, types: ContentRequest['types']): string {
  return createHash('sha256').update(JSON.stringify({ language, types })).digest('hex');
}

/** The hash of a request made by contentRequest. */
export const requestHash = (request: ContentRequest): string => contentHash(request.language, request.types);
