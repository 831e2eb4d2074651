import { Hono } from 'hono';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DynamoDbJoinAttempts } from '../../adapters/dynamodb/join-attempts.js';
import { documentClient } from '../../adapters/dynamodb/table.js';
import { twilioSignature } from '../../adapters/twilio/signature.js';
import { Catalog } from '../../core/conversation/catalog.js';
import { JoinLimiter, type JoinLimits } from '../../core/conversation/join-limit.js';
import { MESSAGES_PATH, messagingRoutes } from '../../http/messaging-routes.js';
import { twimlMessages } from '../../local/simulator/routes.js';
import { AUTH_TOKEN, newSid, PUBLIC_URL, SERVICE_NUMBER, startHarness, twilioParams, type Harness } from './support/harness.js';

/**
 * Enumerating join codes: a stranger texting `JOIN AAAA`, `JOIN AAAB`… learns from each reply whether
 * the code exists. The limiter (core/conversation/join-limit.ts, counters in DynamoDB Local) stops
 * looking codes up after 5 wrong ones from a number in an hour, and after a service-wide number of wrong
 * ones from all numbers together; the counters hold counts only. The last test goes through the messaging
 * webhook, with the limiter wired into the conversation as compose.ts wires it.
 */

let h: Harness;
let counts: DynamoDbJoinAttempts;
let lookups: string[];
const HOUR = 3600_000;
const WRONG = ['AAAA', 'AAAB', 'AAAC', 'AAAD', 'AAAE', 'AAAF', 'AAAG'];

beforeAll(async () => {
  h = await startHarness();
  counts = new DynamoDbJoinAttempts(documentClient(h.dynamoDb), h.tableName);
});
afterAll(async () => h?.stop());
beforeEach(() => {
  // Each test in hours of its own: no counter of another test is current.
  h.clock.current = new Date(h.clock.current.getTime() + 24 * HOUR);
  lookups = [];
});

const limiter = (limits?: JoinLimits) => {
  const join = new JoinLimiter(counts, h.deps.protector, h.logger, limits);
  return Object.assign(join, {
    projectIdOf: async (code: string, phone: string, now: Date, look: typeof find) => (await join.lookUp(code, phone, now, look)).projectId,
  });
};
const find = async (code: string): Promise<string | null> => {
  lookups.push(code);
  return h.deps.directory.findProjectIdByJoinCode(code);
};
const later = (ms: number) => {
  h.clock.current = new Date(h.clock.current.getTime() + ms);
};

describe('the join code limiter (counters in DynamoDB Local)', () => {
  it('after 5 wrong codes in an hour from one number, no code from it is looked up, not even the right one', async () => {
    const join = limiter();
    const attacker = '+32470750001';
    for (const code of WRONG.slice(0, 5)) expect(await join.projectIdOf(code, attacker, h.clock.now(), find)).toBeNull();
    expect(lookups).toEqual(WRONG.slice(0, 5));
    for (const code of [WRONG[5] ?? '', 'DEMO']) expect(await join.projectIdOf(code, attacker, h.clock.now(), find)).toBeNull();
    expect(lookups).toHaveLength(5);
    expect(h.logger.lines.filter((l) => l.includes('join.limited') && l.includes('"by":"sender"'))).toHaveLength(2);
    // Another number is not held back by this one.
    expect(await join.projectIdOf('DEMO', '+32470750002', h.clock.now(), find)).toBe('demo');
    // Still within the hour: still refused; two hours on: the number may try again.
    later(59 * 60_000);
    expect(await join.projectIdOf('DEMO', attacker, h.clock.now(), find)).toBeNull();
    later(2 * HOUR);
    expect(await join.projectIdOf('DEMO', attacker, h.clock.now(), find)).toBe('demo');
  });

  it('the hour slides: wrong codes just before the hour turns still count after it', async () => {
    const join = limiter();
    const attacker = '+32470750003';
    later(HOUR - (h.clock.now().getTime() % HOUR) - 60_000); // one minute before the hour
    for (const code of WRONG.slice(0, 5)) await join.projectIdOf(code, attacker, h.clock.now(), find);
    later(2 * 60_000); // a new window, one minute in
    expect(await join.projectIdOf('DEMO', attacker, h.clock.now(), find)).toBeNull();
    expect(lookups).toHaveLength(5);
  });

  it('right codes cost nothing: someone who joins again and again is never held back', async () => {
    const join = limiter();
    for (let i = 0; i < 12; i++) expect(await join.projectIdOf('DEMO', '+32470750004', h.clock.now(), find)).toBe('demo');
    expect(lookups).toHaveLength(12);
  });

  it('across many numbers, the service-wide count never holds back a right code: only unknown codes go quiet', async () => {
    const join = limiter({ perSender: 5, service: 12, windowSeconds: 3600 });
    const numbers = Array.from({ length: 6 }, (_, i) => `+3247076000${i}`);
    for (const phone of numbers)
      for (const code of WRONG.slice(0, 2)) expect(await join.lookUp(code, phone, h.clock.now(), find)).toEqual({ projectId: null, quiet: false });
    expect(lookups).toHaveLength(12);
    // A number never seen before, with the right code: looked up and found, at once.
    expect(await join.lookUp('DEMO', '+32470760099', h.clock.now(), find)).toEqual({ projectId: 'demo', quiet: false });
    // A wrong code now is looked up, counted, and answered with silence.
    expect(await join.lookUp('AAAZ', '+32470760098', h.clock.now(), find)).toEqual({ projectId: null, quiet: true });
    expect(h.logger.lines.at(-1)).toContain('"by":"service"');
    expect(lookups).toEqual([...numbers.flatMap(() => WRONG.slice(0, 2)), 'DEMO', 'AAAZ']);
    later(2 * HOUR);
    expect(await join.lookUp('AAAY', '+32470760098', h.clock.now(), find)).toEqual({ projectId: null, quiet: false });
  });

  it('the counters hold counts only: no number, code or contact key, and they expire', async () => {
    const join = limiter();
    const phone = '+32470750005';
    const before = JSON.stringify(await h.dump());
    for (const code of WRONG.slice(0, 3)) await join.projectIdOf(code, phone, h.clock.now(), find);
    // What these three wrong codes wrote: the sender's counter and the service's.
    const items = (await h.dump()).filter((i) => i.kind === 'join-attempts' && !before.includes(JSON.stringify(i)));
    expect(items).toHaveLength(2);
    const text = JSON.stringify(items);
    for (const secret of [phone, phone.slice(1), '0470 75 00 05', '470750005', h.deps.protector.contactKey(phone), ...WRONG.slice(0, 3)])
      expect(text).not.toContain(secret);
    const nowSeconds = h.clock.now().getTime() / 1000;
    for (const item of items) {
      expect(Object.keys(item).sort()).toEqual(['expiresAt', 'kind', 'misses', 'pk', 'sk']);
      expect(Number(item.expiresAt)).toBeGreaterThan(nowSeconds + 3600);
      expect(Number(item.expiresAt)).toBeLessThanOrEqual(nowSeconds + 2 * 3600);
    }
    expect(items.find((i) => String(i.pk).startsWith('JA#sender#'))?.misses).toBe(3);
  });
});

describe('join codes through the messaging webhook', () => {
  /** The conversation as compose.ts wires it (with a limiter), with a directory that counts join code look-ups. */
  function throughWebhook(limits?: JoinLimits): (phone: string, body: string) => Promise<string[]> {
    const directory = Object.assign(Object.create(h.deps.directory) as typeof h.deps.directory, { findProjectIdByJoinCode: find });
    const deps = Object.assign({}, h.deps, { catalog: new Catalog(directory, h.clock), joinLimit: limiter(limits) });
    const app = new Hono().route('/', messagingRoutes(deps, { publicUrl: PUBLIC_URL, twilioAuthToken: AUTH_TOKEN, serviceNumbers: new Set([SERVICE_NUMBER]) }));
    return async (phone, body) => {
      const params = twilioParams({ channel: 'sms', phone, text: body }, newSid());
      const response = await app.request(MESSAGES_PATH, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-twilio-signature': twilioSignature(AUTH_TOKEN, `${PUBLIC_URL}${MESSAGES_PATH}`, params),
        },
        body: new URLSearchParams(params).toString(),
      });
      expect(response.status).toBe(200);
      return twimlMessages(await response.text());
    };
  }

  it('greetings and "ok"s before the code are looked up but not counted: a newcomer who greets first still joins', async () => {
    // A service-wide limit of 3 wrong codes: greetings from many people must not reach it.
    const text = throughWebhook({ perSender: 2, service: 3, windowSeconds: 3600 });
    const greetings = ['Hallo', 'hallo!', 'Bonjour', 'Merhaba', '👍', 'Dank u wel', 'Salam'];
    for (const [i, greeting] of greetings.entries()) expect(await text(`+3247077010${i}`, greeting)).not.toEqual([]);
    const newcomer = '+32470770110';
    for (const greeting of greetings) await text(newcomer, greeting);
    expect(lookups.length).toBeGreaterThanOrEqual(greetings.length * 2 - 2); // looked up (a project may be called HALLO)…
    expect(await text(newcomer, 'JOIN DEMO')).toEqual(expect.arrayContaining([expect.stringContaining('🌐')])); // …and never held against anyone
    expect((await h.deps.store.loadParticipant(h.deps.protector.contactKey(newcomer))).contact).not.toBeNull();
    // A code-shaped guess still counts: two from one number, and that number is limited.
    const guesser = '+32470770120';
    await text(guesser, 'AAAA');
    await text(guesser, 'AAAB');
    const before = lookups.length;
    await text(guesser, 'DEMO');
    expect(lookups.length).toBe(before);
    expect((await h.deps.store.loadParticipant(h.deps.protector.contactKey(guesser))).contact).toBeNull();
  });

  it('60 numbers × 5 wrong codes (the service-wide count reached) lock nobody out: a newcomer with the right code joins at once', {
    timeout: 120_000,
  }, async () => {
    const text = throughWebhook(); // the limits compose.ts uses: 5 per number, 300 service-wide, an hour
    const numbers = Array.from({ length: 60 }, (_, i) => `+324707800${String(i).padStart(2, '0')}`);
    const guesses = (n: number) => Array.from({ length: 5 }, (_, j) => `Q${String(n).padStart(2, '0')}${'ABCDE'[j] ?? ''}`);
    // As fast as an attacker can send them: every number at once, five codes each.
    await Promise.all(
      numbers.map(async (phone, n) => {
        for (const code of guesses(n)) expect((await text(phone, `JOIN ${code}`)).join('\n')).toContain(code); // told "unknown": still under the service count
      }),
    );
    expect(lookups).toHaveLength(300);
    // The 301st wrong code, from a fresh number: looked up, counted, and not answered at all.
    expect(await text('+32470780100', 'JOIN QZZZZ')).toEqual([]);
    // A newcomer with the right code: joins at once, welcomed and asked their language.
    const newcomer = '+32470780200';
    const welcome = await text(newcomer, 'JOIN DEMO');
    expect(welcome.join('\n')).toContain('🌐');
    expect((await h.deps.store.loadParticipant(h.deps.protector.contactKey(newcomer))).contact?.projects).toEqual(['demo']);
    // A bare code works too (people send just "DEMO"), and a greeting is still answered and not counted.
    expect((await text('+32470780201', 'demo')).join('\n')).toContain('🌐');
    expect((await text('+32470780202', 'Hallo')).length).toBeGreaterThan(0);
    // One of the guessers is held: its right code is not even looked up, and it joins nothing.
    const held = numbers[7] ?? '';
    const before = lookups.length;
    expect(await text(held, 'JOIN DEMO')).toEqual([]);
    expect(lookups).toHaveLength(before);
    expect((await h.deps.store.loadParticipant(h.deps.protector.contactKey(held))).contact).toBeNull();
  });

  it('a number that sent 5 wrong codes gets the unknown-code reply for the right one too, and no code is looked up', async () => {
    expect(h.deps.joinLimit).toBeInstanceOf(JoinLimiter);
    const text = throughWebhook();
    const attacker = '+32470770001';
    const unknown = await text(attacker, `JOIN ${WRONG[0] ?? ''}`);
    for (const code of WRONG.slice(1, 5)) await text(attacker, `JOIN ${code}`);
    expect(lookups).toHaveLength(5);
    // The sixth, and the right code: the same reply as an unknown code (with that code), no look-up, no contact.
    expect(await text(attacker, `JOIN ${WRONG[5] ?? ''}`)).toEqual(unknown.map((r) => r.replaceAll(WRONG[0] ?? '', WRONG[5] ?? '')));
    expect(await text(attacker, 'JOIN DEMO')).toEqual(unknown.map((r) => r.replaceAll(WRONG[0] ?? '', 'DEMO')));
    expect(await text(attacker, 'DEMO')).not.toEqual([]);
    expect(lookups).toHaveLength(5);
    expect((await h.deps.store.loadParticipant(h.deps.protector.contactKey(attacker))).contact).toBeNull();
    // Anyone else joins as before.
    expect((await text('+32470770002', 'JOIN DEMO')).join('\n')).toContain('🌐');
  });
});
