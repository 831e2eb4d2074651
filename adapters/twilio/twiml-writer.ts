/**
 * TwiML as the `twilio` helper writes it (its MessagingResponse and VoiceResponse build on xmlbuilder), for
 * the verbs Stem uses, byte for byte the same XML (tests/unit/twiml-writer.test.ts compares them) — without
 * the helper's TwiML classes and xmlbuilder, about 80 KB of the webhook function's bundle. Attributes keep
 * their order, an array is joined by spaces, an undefined one is left out; an element without content
 * closes itself. A character XML cannot hold (a control character, half a surrogate pair) is dropped
 * rather than thrown on, so an odd message is answered, not retried by Twilio for ever.
 */

// XML 1.0 Char: no C0 controls but tab, line feed and carriage return; no lone surrogates, no U+FFFE/U+FFFF.
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const escapeText = (s: string) => s.replace(NOT_XML, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#xD;');
const escapeAttribute = (s: string) =>
  s
    .replace(NOT_XML, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/"/g, '&quot;')
    .replace(/\t/g, '&#x9;')
    .replace(/\n/g, '&#xA;')
    .replace(/\r/g, '&#xD;');

/** One TwiML element. Each verb takes its attributes (the helper's attribute types fit), then its text if it has one. */
export class TwimlElement {
  private readonly content: Array<TwimlElement | string> = [];

  constructor(
    private readonly name: string,
    private readonly attributes: object = {},
  ) {}

  private add(name: string, attributes: object | string = {}, text?: string): TwimlElement {
    const [attrs, body] = typeof attributes === 'string' ? [{}, attributes] : [attributes, text];
    const element = new TwimlElement(name, attrs);
    if (body) element.content.push(body);
    this.content.push(element);
    return element;
  }

  message = (attributes: object | string, text?: string) => this.add('Message', attributes, text);
  body = (text: string) => this.add('Body', text);
  media = (url: string) => this.add('Media', url);
  say = (attributes: object | string, text?: string) => this.add('Say', attributes, text);
  play = (attributes: object | string, url?: string) => this.add('Play', attributes, url);
  gather = (attributes: object = {}) => this.add('Gather', attributes);
  record = (attributes: object = {}) => this.add('Record', attributes);
  pause = (attributes: object = {}) => this.add('Pause', attributes);
  redirect = (attributes: object | string, url?: string) => this.add('Redirect', attributes, url);
  hangup = () => this.add('Hangup');
  reject = (attributes: object = {}) => this.add('Reject', attributes);

  xml(): string {
    let attrs = '';
    for (const [key, value] of Object.entries(this.attributes))
      if (value !== undefined) attrs += ` ${key}="${escapeAttribute(Array.isArray(value) ? value.join(' ') : String(value))}"`;
    if (this.content.length === 0) return `<${this.name}${attrs}/>`;
    return `<${this.name}${attrs}>${this.content.map((c) => (typeof c === 'string' ? escapeText(c) : c.xml())).join('')}</${this.name}>`;
  }
}

/** A TwiML document: `<Response>` with the XML declaration, as Twilio's helper writes it. */
export class TwimlResponse extends TwimlElement {
  constructor() {
    super('Response');
  }

  override toString(): string {
    return `<?xml version="1.0" encoding="UTF-8"?>${this.xml()}`;
  }
}

export { TwimlResponse as MessagingResponse, TwimlResponse as VoiceResponse };
