import * as z from '../../kernel/zod.js';

/**
 * What a phone call waits for after Stem has spoken: the channel adapter turns it into <Gather>,
 * <Record> or <Hangup>. Derived from the conversation's state after each turn, so flows never know
 * about calls.
 */
export const Listen = z.discriminatedUnion('kind', [
  /** One key from 1..options (a menu, a choice, a scale); `*` skips when `skippable`. A menu (language, project) is said again on silence, a question is not. */
  z.object({ kind: z.literal('keys'), options: z.int(), skippable: z.boolean(), language: z.nullable(z.string()), menu: z.optional(z.boolean()) }),
  /** A number typed on the keypad and ended with `#`. */
  z.object({ kind: z.literal('number'), maxDigits: z.int(), skippable: z.boolean(), language: z.nullable(z.string()) }),
  /** Speech recorded for an open question, ended with `#` or silence. */
  z.object({ kind: z.literal('record'), skippable: z.boolean(), language: z.nullable(z.string()) }),
  /** Nothing more: the call ends. */
  z.object({ kind: z.literal('end') }),
]);
export type Listen = z.infer<typeof Listen>;

export const END_CALL: Listen = { kind: 'end' };
