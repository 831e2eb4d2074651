import { afterAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../local/stack.js';
import { startSeededStack } from '../support/seeded-stack.js';

/**
 * `GET /dev/outbox?to=` shows what the local "Twilio" sent to a number — after a "you said, we did",
 * which numbers asked to hear back. With a real Twilio token set (a tunnel, a real number) it answers
 * only a staff token; in the simulator's own setting (a token made here, loopback only) it stays open,
 * as the simulator page and the README's demo use it.
 */

const silent = { info: () => {}, warn: () => {}, error: () => {} };
const NEIGHBOUR = '+32470990001';
const stacks: LocalStack[] = [];
afterAll(async () => {
  await Promise.all(stacks.map((s) => s.stop()));
});

async function stackWith(twilioAuthToken: string | undefined): Promise<LocalStack> {
  const stack = await startSeededStack({
    serviceNumber: '+3225550100',
    simulator: twilioAuthToken === undefined,
    sweepEveryMs: 3_600_000,
    logger: silent,
    twilioAuthToken,
  });
  stacks.push(stack);
  // What "you said, we did" leaves in the outbox of someone who asked to hear back.
  await stack.outbox?.send({ channel: 'sms', to: NEIGHBOUR, text: 'We heard you: the waiting room gets more chairs.' });
  return stack;
}

const outbox = (stack: LocalStack, token?: string) =>
  fetch(`${stack.url}/dev/outbox?to=${encodeURIComponent(NEIGHBOUR)}`, { headers: token === undefined ? {} : { authorization: `Bearer ${token}` } });

describe('/dev/outbox', () => {
  it('with a real Twilio token set: refused without a staff token (also to coordinators and interpreters), shown with one', { timeout: 60_000 }, async () => {
    const stack = await stackWith('a-real-looking-twilio-token-0123456789');
    for (const token of [undefined, '', 'stem_not-a-token', stack.tokens.coordinator, stack.tokens.interpreterDemo]) {
      const refused = await outbox(stack, token);
      expect(refused.status).toBe(401);
      const body = await refused.text();
      expect(body).not.toContain(NEIGHBOUR);
      expect(body).not.toContain('chairs');
    }
    const shown = await outbox(stack, stack.tokens.staffDemo);
    expect(shown.status).toBe(200);
    expect(((await shown.json()) as { messages: Array<{ text: string }> }).messages.map((m) => m.text)).toEqual([
      'We heard you: the waiting room gets more chairs.',
    ]);
  });

  it('in the simulator setting (no real token, loopback only) it stays open, for the simulator page and the demo', { timeout: 60_000 }, async () => {
    const stack = await stackWith(undefined);
    const open = await outbox(stack);
    expect(open.status).toBe(200);
    expect(((await open.json()) as { to: string; messages: unknown[] }).messages).toHaveLength(1);
    // The simulator page, which reads it, is served.
    expect((await fetch(`${stack.url}/simulator`)).status).toBe(200);
  });
});
