import { describe, expect, it } from 'vitest';
import { twilioRestClient } from '../../adapters/twilio/rest-client.js';
import { TwilioDialer } from '../../adapters/twilio/twilio-dialer.js';

/** Twilio's REST API cannot be reached from here: fetch is replaced by one answering with recorded-shape bodies. */
function fakeTwilio(status: number, body: Record<string, unknown>) {
  const requests: Array<{ url: string; auth: string | null; form: URLSearchParams }> = [];
  const fetchImpl: typeof fetch = async (input, init) => {
    requests.push({ url: String(input), auth: new Headers(init?.headers).get('authorization'), form: new URLSearchParams(String(init?.body ?? '')) });
    return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  };
  return { requests, fetchImpl };
}

const ACCOUNT = `AC${'4'.repeat(32)}`;
const dialerWith = (fetchImpl: typeof fetch) =>
  new TwilioDialer(twilioRestClient(ACCOUNT, 'token', 'https://api.twilio.test', fetchImpl), { from: '+3225550100', publicUrl: 'https://stem.example.be/' });

describe('outbound calls through Twilio REST (mocked Calls.create)', () => {
  it('places the call to run the survey at the voice webhook, with machine detection and a sealed ticket on the status callback', async () => {
    const twilio = fakeTwilio(201, { sid: `CA${'5'.repeat(32)}`, status: 'queued', direction: 'outbound-api' });
    expect(await dialerWith(twilio.fetchImpl).call('+32470123456', 'sealed.ticket/+=')).toEqual({ ok: true });
    const [request] = twilio.requests;
    expect(request?.url).toBe(`https://api.twilio.test/2010-04-01/Accounts/${ACCOUNT}/Calls.json`);
    expect(request?.auth).toBe(`Basic ${Buffer.from(`${ACCOUNT}:token`).toString('base64')}`);
    expect(Object.fromEntries(request?.form ?? [])).toEqual({
      To: '+32470123456',
      From: '+3225550100',
      Url: 'https://stem.example.be/twilio/voice',
      Method: 'POST',
      StatusCallback: `https://stem.example.be/twilio/voice/status?t=${encodeURIComponent('sealed.ticket/+=')}`,
      StatusCallbackMethod: 'POST',
      StatusCallbackEvent: 'completed',
      MachineDetection: 'Enable',
      Timeout: '30',
    });
  });

  it('an invalid number is permanent and said in words; throttling and outages are temporary', async () => {
    const invalid = fakeTwilio(400, { code: 21211, message: "The 'To' number +3247 is not a valid phone number.", status: 400 });
    expect(await dialerWith(invalid.fetchImpl).call('+3247', 't')).toEqual({ ok: false, permanent: true, reason: 'the phone number is not valid' });
    const busy = fakeTwilio(429, { code: 20429, message: 'Too Many Requests', status: 429 });
    expect(await dialerWith(busy.fetchImpl).call('+32470123456', 't')).toMatchObject({ ok: false, permanent: false });
    const down: typeof fetch = async () => {
      throw new TypeError('fetch failed');
    };
    expect(await dialerWith(down).call('+32470123456', 't')).toEqual({ ok: false, permanent: false, reason: 'Twilio could not be reached' });
  });
});
