import type { Dialer, SendResult } from '../../core/rounds/ports.js';
import { TwilioRestError } from './rest-error.js';

/** Calls.create parameters Stem uses (Twilio's names). */
export interface TwilioCreateCall {
  To: string;
  From: string;
  Url: string;
  Method: 'POST';
  StatusCallback: string;
  StatusCallbackMethod: 'POST';
  StatusCallbackEvent: 'completed';
  /** Tell a person from voicemail before the survey starts: a machine gets a hang-up. */
  MachineDetection: 'Enable';
  /** Ring this long before "no-answer". */
  Timeout: string;
}

export interface TwilioCallsApi {
  calls: { create(params: TwilioCreateCall): Promise<{ sid: string }> };
}

export interface TwilioCallSettings {
  /** The number calls come from: the project's or the service number, so a call back reaches Stem. */
  from: string;
  /** The public base URL Twilio reaches Stem at (the voice webhook and its status callback live under it). */
  publicUrl: string;
}

const PERMANENT: Record<number, string> = {
  13223: 'the phone number is not valid for calls',
  13224: 'the phone number is not valid for calls',
  13227: 'calling this country is not enabled on the Twilio account',
  21215: 'calling this country is not enabled on the Twilio account',
  21211: 'the phone number is not valid',
};

/** Outbound calls through Twilio's REST API. The number goes to Twilio and nowhere else. */
export class TwilioDialer implements Dialer {
  constructor(
    private readonly client: TwilioCallsApi,
    private readonly settings: TwilioCallSettings,
  ) {}

  async call(to: string, ticket: string, purpose: 'survey' | 'message' = 'survey'): Promise<SendResult> {
    const base = this.settings.publicUrl.replace(/\/$/, '');
    try {
      await this.client.calls.create({
        To: to,
        From: this.settings.from,
        // A message call reads the message its (sealed) ticket names; a survey call runs the survey.
        Url: purpose === 'message' ? `${base}/twilio/voice/message?t=${encodeURIComponent(ticket)}` : `${base}/twilio/voice`,
        Method: 'POST',
        StatusCallback: `${base}/twilio/voice/status?t=${encodeURIComponent(ticket)}`,
        StatusCallbackMethod: 'POST',
        StatusCallbackEvent: 'completed',
        MachineDetection: 'Enable',
        Timeout: '30',
      });
      return { ok: true };
    } catch (error) {
      if (!(error instanceof TwilioRestError)) return { ok: false, permanent: false, reason: 'Twilio could not be reached' };
      const known = error.code === null ? undefined : PERMANENT[error.code];
      if (known) return { ok: false, permanent: true, reason: known };
      // 429 and 5xx pass; other 4xx are our request's fault and will not pass on a retry.
      const transient = error.status === 429 || error.status >= 500;
      return { ok: false, permanent: !transient, reason: `Twilio answered ${error.status}${error.code === null ? '' : ` (error ${error.code})`}` };
    }
  }
}
