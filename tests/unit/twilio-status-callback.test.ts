import { describe, expect, it } from 'vitest';
import { twilioRestClient } from '../../adapters/twilio/rest-client.js';
import { twilioDeliveryReport } from '../../adapters/twilio/delivery-report.js';
import { TwilioMessenger } from '../../adapters/twilio/twilio-messenger.js';
import { messageStatusUrl } from '../../http/message-status-url.js';

/** What Messages.create receives: each request's form, as Twilio's REST API would read it. */
function recorder() {
  const forms: URLSearchParams[] = [];
  const fetchImpl: typeof fetch = async (_url, init) => {
    forms.push(new URLSearchParams(String(init?.body)));
    return new Response(JSON.stringify({ sid: `SM${'0'.repeat(32)}` }), { status: 201 });
  };
  return { forms, client: twilioRestClient(`AC${'4'.repeat(32)}`, 'token', 'https://api.dublin.ie1.twilio.com', fetchImpl) };
}

describe('StatusCallback on outbound messages', () => {
  const senders = { sms: '+3225550100', whatsapp: 'whatsapp:+3225550100' };
  const callback = (ticket: string) => messageStatusUrl('https://stem.example.be/', ticket);

  it('a message with a ticket asks Twilio to report to /twilio/messages/status?t=<ticket>, the ticket URL-encoded', async () => {
    const { forms, client } = recorder();
    const messenger = new TwilioMessenger(client, senders, undefined, callback);
    expect(await messenger.send({ channel: 'sms', to: '+32470123456', text: 'Bonjour', statusTicket: 'v1.a+b/c=' })).toEqual({ ok: true });
    expect(forms[0]?.get('StatusCallback')).toBe('https://stem.example.be/twilio/messages/status?t=v1.a%2Bb%2Fc%3D');
    await messenger.send({
      channel: 'whatsapp',
      to: '+32470123456',
      template: { contentSid: 'HX1', variables: { '1': 'OCMW' } },
      preview: 'x',
      statusTicket: 't2',
    });
    expect(forms[1]?.get('StatusCallback')).toBe('https://stem.example.be/twilio/messages/status?t=t2');
  });

  it('without a ticket (a notice) or without a public URL, none is asked for', async () => {
    const { forms, client } = recorder();
    await new TwilioMessenger(client, senders, undefined, callback).send({ channel: 'sms', to: '+32470123456', text: 'x' });
    await new TwilioMessenger(client, senders).send({ channel: 'sms', to: '+32470123456', text: 'x', statusTicket: 't' });
    expect(forms.map((f) => f.has('StatusCallback'))).toEqual([false, false]);
  });

  it("a picture sent after a text too long for its caption reports nothing: the text's delivery is the invitation's", async () => {
    const { forms, client } = recorder();
    const messenger = new TwilioMessenger(client, senders, () => 'https://stem.example.be/pictures/p.png', callback);
    const picture = { kind: 'triad' as const, surveyId: 's', surveyVersion: 1, questionId: 'q', language: 'fr' };
    await messenger.send({ channel: 'whatsapp', to: '+32470123456', text: 'x'.repeat(1100), picture, statusTicket: 't' });
    expect(forms.map((f) => [f.has('Body'), f.has('MediaUrl'), f.get('StatusCallback')])).toEqual([
      [true, false, 'https://stem.example.be/twilio/messages/status?t=t'],
      [false, true, null],
    ]);
  });
});

describe("Twilio's MessageStatus and ErrorCode in words", () => {
  it('maps every documented status; an unknown or inbound one says nothing', () => {
    expect(['accepted', 'scheduled', 'queued', 'sending', 'sent', 'delivered', 'read'].map((s) => twilioDeliveryReport(s, undefined)?.state)).toEqual([
      'accepted',
      'accepted',
      'accepted',
      'accepted',
      'sent',
      'delivered',
      'read',
    ]);
    for (const s of ['undelivered', 'failed', 'canceled', 'partially_delivered']) expect(twilioDeliveryReport(s, '30003')?.state).toBe('not-delivered');
    for (const s of ['receiving', 'received', 'something_new', '']) expect(twilioDeliveryReport(s, undefined)).toBeNull();
    // A status with an ErrorCode that is not a failure keeps no reason; a malformed code is no code.
    expect(twilioDeliveryReport('delivered', '30003')).toEqual({ state: 'delivered', reason: null });
    expect(twilioDeliveryReport('failed', '<script>')).toEqual({ state: 'not-delivered', reason: 'not delivered (no reason given)' });
    expect(twilioDeliveryReport('undelivered', '63016')?.reason).toBe('not delivered: WhatsApp: outside the 24-hour window a template is needed (error 63016)');
  });
});
