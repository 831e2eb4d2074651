import { XMLParser } from 'fast-xml-parser';
import * as z from '../../kernel/zod.js';

/**
 * TwiML → JSON for the call simulator: what a voice webhook's answer says and plays, in order, and what it
 * listens for next (keys, a number, a recording, or the end). Anything a voice webhook should not answer is
 * a TwimlError naming where, so the simulator shows it rather than guessing.
 */
// In document order: what is said and played, inside and outside a <Gather>, keeps its order.
const xml = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  htmlEntities: true,
});

export interface Said {
  text: string;
  language: string | null;
  voice: string | null;
  /** A recorded prompt (<Play>): its URL; the text is then empty. */
  play: string | null;
}

export interface Listen {
  kind: 'keys' | 'number' | 'record' | 'end';
  numDigits: number | null;
  /** Where keys, speech or a recording go (the <Gather>/<Record> action). */
  input: string | null;
  /** Where silence goes (the <Redirect>). */
  silence: string | null;
  /** The <Gather> speech-recognition language; null: keypad only. */
  speechLanguage: string | null;
  /** The keys that end the input (a <Gather> or a <Record>); Twilio's default for <Gather> is "#". */
  finishOnKey: string | null;
}

/** TwiML that is not what a voice webhook should answer: where, and what is wrong. */
export class TwimlError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** fast-xml-parser's ordered form: `{ Name: [children], ':@': { attributes } }` or `{ '#text': '…' }`. */
const XmlNode = z.record(z.string(), z.unknown());
const XmlChildren = z.array(z.unknown());
const XmlAttributes = z.optional(z.record(z.string(), z.string()));
const XmlText = z.object({ '#text': z.string() });

interface XmlElement {
  name: string;
  path: string;
  attrs: Record<string, string | undefined>;
  children: unknown[];
}

function elements(nodes: unknown[], parent: string): XmlElement[] {
  return nodes.flatMap((node, i): XmlElement[] => {
    if (XmlText.safeParse(node).success) throw new TwimlError(parent || 'Response', 'text outside an element');
    const parsed = XmlNode.safeParse(node);
    const names = parsed.success ? Object.keys(parsed.data).filter((k) => k !== ':@') : [];
    const name = names[0];
    if (!parsed.success || names.length !== 1 || name === undefined) throw new TwimlError(`${parent}[${i}]`, 'not an XML element');
    const path = parent ? `${parent}.${name}` : name;
    const children = XmlChildren.safeParse(parsed.data[name]);
    const attrs = XmlAttributes.safeParse(parsed.data[':@']);
    if (!children.success || !attrs.success) throw new TwimlError(path, 'not an XML element');
    return [{ name, path, attrs: attrs.data ?? {}, children: children.data }];
  });
}

function textOf(element: XmlElement): string {
  return element.children
    .map((child) => {
      const text = XmlText.safeParse(child);
      if (!text.success) throw new TwimlError(element.path, 'holds elements, not text');
      return text.data['#text'];
    })
    .join('');
}

/** <Say> and <Play> (and <Pause>, which says nothing) in order; anything else is refused. */
function spokenOf(element: XmlElement): Said | null {
  switch (element.name) {
    case 'Say':
      return { text: textOf(element), language: element.attrs.language ?? null, voice: element.attrs.voice ?? null, play: null };
    case 'Play': {
      const url = textOf(element).trim();
      if (!/^https?:\/\/\S+$/.test(url)) throw new TwimlError(element.path, 'a <Play> without an http(s) URL');
      return { text: '', language: null, voice: null, play: url };
    }
    case 'Pause':
      return null;
    default:
      throw new TwimlError(element.path, 'not something said');
  }
}

/** A TwiML voice response as what was said and what comes next; throws a TwimlError on any other shape. */
export function twimlCall(twiml: string): { says: Said[]; listen: Listen } {
  const top = XmlChildren.safeParse(xml.parse(twiml));
  const response = top.success ? elements(top.data, '').filter((e) => e.name !== '?xml') : [];
  const root = response[0];
  if (response.length !== 1 || root?.name !== 'Response') throw new TwimlError('Response', 'not a TwiML <Response>');
  const says: Said[] = [];
  let gather: XmlElement | null = null;
  let record: XmlElement | null = null;
  let silence: string | null = null;
  let hangup = false;
  const add = (said: Said | null) => {
    if (said && (said.play !== null || said.text.trim() !== '')) says.push(said);
  };
  for (const verb of elements(root.children, 'Response')) {
    switch (verb.name) {
      case 'Say':
      case 'Play':
      case 'Pause':
        add(spokenOf(verb));
        break;
      case 'Gather':
      case 'Record':
        if (gather || record) throw new TwimlError(verb.path, 'a second <Gather> or <Record>');
        if (verb.name === 'Record') {
          if (verb.children.length > 0) throw new TwimlError(verb.path, 'a <Record> holds nothing');
          record = verb;
          break;
        }
        gather = verb;
        for (const inner of elements(verb.children, verb.path)) {
          if (inner.name !== 'Say' && inner.name !== 'Play' && inner.name !== 'Pause')
            throw new TwimlError(inner.path, 'a <Gather> holds only <Say>, <Play> and <Pause>');
          add(spokenOf(inner));
        }
        break;
      case 'Redirect':
        // Twilio follows the first <Redirect> it reaches.
        silence ??= textOf(verb).trim();
        break;
      case 'Hangup':
        hangup = true;
        break;
      default:
        throw new TwimlError(verb.path, 'a TwiML verb this simulator does not know');
    }
  }
  const digits = (value: string | undefined): number | null => (value !== undefined && /^\d+$/.test(value) ? Number(value) : null);
  const none = { numDigits: null, input: null, silence: null, speechLanguage: null, finishOnKey: null };
  const g = gather as XmlElement | null;
  const r = record as XmlElement | null;
  if (hangup && !g && !r) return { says, listen: { kind: 'end', ...none } };
  if (g) {
    const finishOnKey = g.attrs.finishOnKey ?? '#';
    const speech = (g.attrs.input ?? 'dtmf').split(/\s+/).includes('speech');
    return {
      says,
      listen: {
        // A <Gather> that waits for "#" (or more digits than a menu has) collects a number.
        kind: g.attrs.finishOnKey !== undefined && g.attrs.finishOnKey !== '' ? 'number' : 'keys',
        numDigits: digits(g.attrs.numDigits),
        input: g.attrs.action ?? null,
        silence,
        speechLanguage: speech ? (g.attrs.language ?? 'en-US') : null,
        finishOnKey,
      },
    };
  }
  if (r)
    return {
      says,
      listen: {
        kind: 'record',
        numDigits: null,
        input: r.attrs.action ?? null,
        silence,
        speechLanguage: null,
        finishOnKey: r.attrs.finishOnKey ?? '1234567890*#',
      },
    };
  // Nothing listens and no hang-up: Twilio would follow the <Redirect> at once, or end the call.
  return { says, listen: { kind: 'end', ...none, silence } };
}
