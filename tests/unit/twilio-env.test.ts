import { describe, expect, it } from 'vitest';
import { twilioMediaHosts } from '../../adapters/twilio/media-hosts.js';
import { readTwilioApiBase } from '../../functions/commons/twilio-env.js';

/**
 * TWILIO_REGION / TWILIO_EDGE: the REST host Twilio documents for a processing region reached through an
 * edge (https://www.twilio.com/docs/global-infrastructure/understanding-edge-locations), and media on
 * that host accepted by the media allowlist.
 */
describe('Twilio region and edge', () => {
  it('neither: api.twilio.com (US1)', () => {
    expect(readTwilioApiBase({})).toBe('https://api.twilio.com');
  });

  it('ie1 through dublin: api.dublin.ie1.twilio.com, whose media and recordings the allowlist accepts', () => {
    const base = readTwilioApiBase({ TWILIO_REGION: 'ie1', TWILIO_EDGE: 'dublin' });
    expect(base).toBe('https://api.dublin.ie1.twilio.com');
    const hosts = twilioMediaHosts();
    expect(hosts.allows(`${base}/2010-04-01/Accounts/AC${'1'.repeat(32)}/Recordings/RE${'2'.repeat(32)}`)).toBe(true);
    expect(hosts.allows(`${base}/2010-04-01/Accounts/AC${'1'.repeat(32)}/Messages/MM${'3'.repeat(32)}/Media/ME${'4'.repeat(32)}`)).toBe(true);
    expect(hosts.allows('https://api.sao-paulo.br1.twilio.com/2010-04-01/x')).toBe(true);
    // The legacy region-only host stopped working on 2026-04-28; look-alikes get no credentials.
    expect(hosts.allows('https://api.ie1.twilio.com/2010-04-01/x')).toBe(false);
    expect(hosts.allows('https://api.dublin.ie1.twilio.com.evil.example/x')).toBe(false);
    expect(hosts.allows('http://api.dublin.ie1.twilio.com/x')).toBe(false);
  });

  it('one without the other, or a malformed id, stops the function at start with the variable named', () => {
    expect(() => readTwilioApiBase({ TWILIO_REGION: 'ie1' })).toThrow(/TWILIO_EDGE/);
    expect(() => readTwilioApiBase({ TWILIO_EDGE: 'dublin' })).toThrow(/TWILIO_EDGE/);
    expect(() => readTwilioApiBase({ TWILIO_REGION: 'ireland', TWILIO_EDGE: 'dublin' })).toThrow(/TWILIO_REGION/);
    expect(() => readTwilioApiBase({ TWILIO_REGION: 'ie1', TWILIO_EDGE: 'dublin.evil.example/' })).toThrow(/TWILIO_EDGE/);
  });

  it('TWILIO_API_BASE (a local stand-in, in tests) wins over both', () => {
    expect(readTwilioApiBase({ TWILIO_API_BASE: 'http://127.0.0.1:4010/', TWILIO_REGION: 'ie1', TWILIO_EDGE: 'dublin' })).toBe('http://127.0.0.1:4010');
  });
});
