/**
 * The inbound messages of the hot-path bench: whole demo check-ins, as people send them in the four
 * languages of the demo project, over SMS and WhatsApp, with words and digits (Arabic-Indic too), free
 * text, a reprompt now and then, and both answers to the hear-back question.
 */
import type { Inbound } from '../core/conversation/handle-inbound.js';

interface Speaker {
  /** Position in the language menu (1. Nederlands 2. Français 3. English 4. العربية). */
  menu: string;
  consent: string;
  scale: (n: number) => string;
  /** Not on the 1–5 scale: reprompted. */
  invalid: string;
  /** True, not true, don't know. */
  statements: [string, string, string];
  why: string;
  unclear: string;
  change: string;
  yes: string;
  no: string;
}

const arabicDigits = (n: number) => String(n).replace(/\d/g, (d) => String.fromCharCode(0x0660 + Number(d)));

const SPEAKERS: Speaker[] = [
  {
    menu: '1',
    consent: 'ja',
    scale: String,
    invalid: 'misschien',
    statements: ['1', '2', 'weet niet'],
    why: 'Ze luisteren naar mij',
    unclear: 'De brieven zijn moeilijk',
    change: 'Meer tijd aan het loket, aub',
    yes: '1',
    no: '2',
  },
  {
    menu: '2',
    consent: '1',
    scale: String,
    invalid: '9',
    statements: ['1', '2', '3'],
    why: "On m'écoute, merci",
    unclear: 'Les lettres, surtout les « urgentes »',
    change: 'Plus de temps pour parler',
    yes: '1',
    no: '2',
  },
  {
    menu: '3',
    consent: 'yes',
    scale: String,
    invalid: '9',
    statements: ['1', '2', '3'],
    why: 'They listen to me',
    unclear: 'The letters, "urgent" ones too',
    change: 'More time, and help with forms',
    yes: '1',
    no: '2',
  },
  {
    menu: arabicDigits(4),
    consent: 'نعم',
    scale: arabicDigits,
    invalid: arabicDigits(9),
    statements: ['صحيح', arabicDigits(2), arabicDigits(3)],
    why: 'الموظفون لطفاء معي',
    unclear: 'لا أفهم الرسائل من المركز',
    change: 'أحتاج إلى دروس اللغة',
    yes: 'نعم',
    no: arabicDigits(2),
  },
];

export interface Conversation {
  phone: string;
  channel: 'sms' | 'whatsapp';
  texts: string[];
  /** Answers it leaves in the round (a completion marker too): checked after the run. */
  answers: number;
}

/** The i-th participant's whole check-in. */
export function conversation(i: number, phonePrefix: string): Conversation {
  const s = SPEAKERS[i % SPEAKERS.length];
  if (!s) throw new Error('no speakers');
  const respected = i % 3;
  const understood = (i + 1) % 3;
  const texts = [
    'JOIN DEMO',
    s.menu,
    s.consent,
    ...(i % 6 === 5 ? [s.invalid] : []),
    s.scale(1 + (i % 5)),
    s.statements[respected] ?? '1',
    s.why,
    s.statements[understood] ?? '1',
    // The second probe is asked only when it was not true or not known.
    ...(understood > 0 ? [s.unclear] : []),
    s.change,
    i % 4 === 0 ? s.yes : s.no,
  ];
  return { phone: `${phonePrefix}${String(i).padStart(5, '0')}`, channel: i % 3 === 0 ? 'whatsapp' : 'sms', texts, answers: understood > 0 ? 8 : 7 };
}

let sid = 0;
export function inbound(c: Conversation, text: string): Inbound {
  // Twilio's MessageSid, for SMS and WhatsApp alike.
  return { channel: c.channel, from: c.phone, text, buttonPayload: null, media: [], providerId: `SM${(++sid).toString(16).padStart(32, '0')}` };
}
