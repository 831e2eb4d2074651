import { XMLParser } from 'fast-xml-parser';
import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import { PUBLIC_URL, SERVICE_NUMBER, type Harness } from './harness.js';

/**
 * A phone call as Twilio drives it, for tests: start at the signed voice webhook, then follow the actions
 * of each response. Every response is parsed as XML into what the caller hears and what Twilio waits for.
 */

export interface Said {
  text: string;
  voice: string;
  language: string;
}

export interface CallView {
  says: Said[];
  gather: Record<string, string> | null;
  record: Record<string, string> | null;
  redirect: string | null;
  hangup: boolean;
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  textNodeName: 'text',
  isArray: (name) => name === 'Say',
  parseAttributeValue: false,
  parseTagValue: false,
});

type Node = Record<string, unknown>;
const asSaid = (node: unknown): Said => {
  const n = node as Node;
  return { text: String(n.text ?? ''), voice: String(n.voice ?? ''), language: String(n.language ?? '') };
};
const attrs = (node: unknown): Record<string, string> =>
  Object.fromEntries(Object.entries((node ?? {}) as Node).filter(([k, v]) => k !== 'Say' && typeof v === 'string')) as Record<string, string>;

/** A TwiML response as the caller meets it. */
export function view(body: string): CallView {
  const parsed = parser.parse(body) as { Response?: Node };
  const r = parsed.Response;
  if (!r) throw new Error(`not TwiML: ${body.slice(0, 200)}`);
  const gather = r.Gather as Node | undefined;
  const record = r.Record;
  const redirect = r.Redirect;
  return {
    says: [...((gather?.Say as unknown[]) ?? []), ...((r.Say as unknown[]) ?? [])].map(asSaid),
    gather: gather ? attrs(gather) : null,
    record: record !== undefined ? attrs(record) : null,
    redirect: redirect === undefined ? null : typeof redirect === 'string' ? redirect : String((redirect as Node).text),
    hangup: 'Hangup' in r,
  };
}

/** Everything said in one response, as one text. */
export const only = (said: Said[]): string => said.map((s) => s.text).join(' ');

export class PhoneCall {
  readonly sid = `CA${randomBytes(16).toString('hex')}`;
  last: CallView | null = null;
  lastUrl = '';
  /** The last response as TwiML text (what `view` leaves out, such as <Play>). */
  lastBody = '';

  /**
   * `from` is the person; `to` Stem's number. `outbound-api`: a call Stem placed, for which Twilio sends
   * From = Stem's number and To = the person called.
   */
  constructor(
    private readonly h: Harness,
    readonly from: string,
    readonly to: string = SERVICE_NUMBER,
    readonly direction: 'inbound' | 'outbound-api' = 'inbound',
  ) {}

  private params(extra: Record<string, string> = {}): Record<string, string> {
    const [caller, called] = this.direction === 'inbound' ? [this.from, this.to] : [this.to, this.from];
    return {
      AccountSid: `AC${'1'.repeat(32)}`,
      CallSid: this.sid,
      From: caller,
      To: called,
      Caller: caller,
      Called: called,
      CallStatus: 'in-progress',
      Direction: this.direction,
      ApiVersion: '2010-04-01',
      ...extra,
    };
  }

  private async go(url: string, extra: Record<string, string> = {}): Promise<CallView> {
    const { status, body } = await this.h.callWebhook(url, this.params(extra));
    expect(status, body.slice(0, 200)).toBe(200);
    this.lastUrl = url;
    this.lastBody = body;
    this.last = view(body);
    return this.last;
  }

  start(): Promise<CallView> {
    return this.go(`${PUBLIC_URL}/twilio/voice`, { CallStatus: 'ringing' });
  }

  press(digits: string): Promise<CallView> {
    const action = this.last?.gather?.action;
    if (!action) throw new Error('nothing is listening for keys');
    return this.go(action, { Digits: digits, FinishedOnKey: '' });
  }

  speak(words: string): Promise<CallView> {
    const action = this.last?.gather?.action;
    if (!action) throw new Error('nothing is listening');
    return this.go(action, { SpeechResult: words, Confidence: '0.91' });
  }

  /** The recording Twilio made of an answer, at its recording URL. */
  record(seconds: number): Promise<CallView> {
    const action = this.last?.record?.action;
    if (!action) throw new Error('nothing is recording');
    const recordingSid = `RE${randomBytes(16).toString('hex')}`;
    return this.go(action, {
      RecordingUrl: `https://api.twilio.com/2010-04-01/Accounts/AC${'1'.repeat(32)}/Recordings/${recordingSid}`,
      RecordingSid: recordingSid,
      RecordingDuration: String(seconds),
      Digits: '#',
    });
  }

  /**
   * The caller hangs up while recording: Twilio ends the recording and still requests the <Record>
   * action, with Digits=hangup (its documented value) and the call completed; what Stem answers is not played.
   */
  async hangUpWhileRecording(seconds: number): Promise<{ status: number; body: string; recordingUrl: string }> {
    const action = this.last?.record?.action;
    if (!action) throw new Error('nothing is recording');
    const recordingSid = `RE${randomBytes(16).toString('hex')}`;
    const recordingUrl = `https://api.twilio.com/2010-04-01/Accounts/AC${'1'.repeat(32)}/Recordings/${recordingSid}`;
    const params = this.params({
      RecordingUrl: recordingUrl,
      RecordingSid: recordingSid,
      RecordingDuration: String(seconds),
      Digits: 'hangup',
      CallStatus: 'completed',
    });
    const first = await this.h.callWebhook(action, params);
    // Twilio may retry the request (a timeout on its side): the same answer, applied once.
    const again = await this.h.callWebhook(action, params);
    expect(again.body).toBe(first.body);
    return { ...first, recordingUrl };
  }

  /** Nothing pressed or said: Twilio falls through to the <Redirect>. */
  silence(): Promise<CallView> {
    const redirect = this.last?.redirect;
    if (!redirect) throw new Error('no redirect to fall through to');
    return this.go(redirect);
  }

  /** Twilio retrying the same request (a timeout on its side). */
  async repeat(extra: Record<string, string>): Promise<string> {
    return (await this.h.callWebhook(this.lastUrl, this.params(extra))).body;
  }
}
