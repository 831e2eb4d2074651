/**
 * What a completed survey costs in parts, per language and channel: SMS parts as carriers count them
 * (core/sms-segments.ts), WhatsApp messages (billed per message, whatever their length). Each is held
 * against a budget set from the floor, what a survey cannot take less: the invitation, one message per
 * question and the thanks, each of one part.
 */
import { smsSegments } from '../../core/sms-segments.js';
import { underBudget, type Figure } from '../report.js';
import type { Conversation } from './surveys.js';

const SECTION = 'cost';
/** SMS: on average at most 2 parts a message (one for Latin script in GSM-7, more where the script forces UCS-2). */
const SMS_PARTS_PER_FLOOR_MESSAGE = 2;
/** WhatsApp: the floor and one message more (room for the consent's promise, a reply of its own, if it is ever sent apart: TwiML joins them). */
const WHATSAPP_MESSAGES_OVER_FLOOR = 1;

/** Messages a completed survey cannot do without: the invitation, each question, the thanks. */
export const floorMessages = (questions: number): number => questions + 2;

export interface LanguageParts {
  language: string;
  messages: number;
  parts: number;
  /** Outbound messages that went as UCS-2, and the characters that made them so. */
  ucs2: number;
  outside: string[];
  /** The longest message in parts. */
  longest: number;
}

export function partsOf(c: Conversation): LanguageParts {
  const counted = c.outbound.map((m) => smsSegments(m.text));
  return {
    language: c.language,
    messages: c.outbound.length,
    parts: counted.reduce((n, s) => n + s.segments, 0),
    ucs2: counted.filter((s) => s.encoding === 'UCS-2').length,
    outside: [...new Set(counted.flatMap((s) => s.outside))],
    longest: Math.max(0, ...counted.map((s) => s.segments)),
  };
}

/** One figure per language: SMS parts, or WhatsApp messages, per completed survey. */
export function segmentFigures(channel: 'sms' | 'whatsapp', conversations: readonly Conversation[], questions: number): Figure[] {
  const floor = floorMessages(questions);
  return conversations.map((c) => {
    const p = partsOf(c);
    if (channel === 'whatsapp')
      return underBudget({
        section: SECTION,
        name: `WhatsApp messages per completed survey (${c.language})`,
        value: p.messages,
        unit: '',
        budget: floor + WHATSAPP_MESSAGES_OVER_FLOOR,
        note: `outbound, invitation template included; floor ${floor} (invitation, ${questions} questions, thanks)`,
      });
    return underBudget({
      section: SECTION,
      name: `SMS parts per completed survey (${c.language})`,
      value: p.parts,
      unit: '',
      budget: floor * SMS_PARTS_PER_FLOOR_MESSAGE,
      note: `${p.messages} messages, longest ${p.longest} parts; ${p.ucs2 ? `${p.ucs2} as UCS-2 (${p.outside.slice(0, 8).join('')})` : 'all GSM-7'}; floor ${floor} (invitation, ${questions} questions, thanks, one part each)`,
    });
  });
}
