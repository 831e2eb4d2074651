import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../local/dynamodb-local.js';

/**
 * `npm start` as a person runs it: no input, prints the URLs and the token, serves the simulator, keeps
 * data across restarts, and Ctrl-C (SIGINT) stops everything — the DynamoDB Local JVM included.
 */

const ROOT = join(import.meta.dirname, '../..');
const dataDir = mkdtempSync(join(tmpdir(), 'stem-start-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function javaProcessesFor(dir: string): string[] {
  try {
    return execFileSync('pgrep', ['-f', `${dir}/dynamodb`])
      .toString()
      .trim()
      .split('\n')
      .filter(Boolean);
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
}

async function start(port: number, extra: Record<string, string> = {}): Promise<{ child: ChildProcess; output: () => string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'local/start.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, PUBLIC_URL: '', TWILIO_AUTH_TOKEN: '', ...extra },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  // A fresh data folder is seeded first: two demo organisations' three-round lives replayed through the conversation
  // (local/demo-life.ts). Not a budget (those are benches): a bound generous enough for a busy machine.
  const deadline = Date.now() + 150_000;
  while (!out.includes('Ctrl-C stops everything')) {
    if (child.exitCode !== null) throw new Error(`npm start exited early:\n${out}`);
    if (Date.now() > deadline) throw new Error(`npm start did not come up:\n${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { child, output: () => out };
}

async function interrupt(child: ChildProcess): Promise<number | null> {
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  child.kill('SIGINT');
  return exited;
}

async function say(port: number, phone: string, text: string): Promise<string[]> {
  const res = await fetch(`http://127.0.0.1:${port}/simulator/api/send`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ channel: 'sms', phone, text }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { replies: string[] }).replies;
}

describe('npm start (local/start.ts)', () => {
  it('starts without input, serves the simulator, keeps data, and SIGINT stops the JVM too', { timeout: 300_000 }, async () => {
    const port = await freePort();
    const first = await start(port);
    const banner = first.output();
    expect(banner).toContain(`http://localhost:${port}/simulator`);
    expect(banner).toContain('+3225550100');
    expect(banner).toMatch(/Local auth token\s+[0-9a-f]{32}/);
    expect(javaProcessesFor(dataDir).length).toBeGreaterThan(0);

    const page = await fetch(`http://127.0.0.1:${port}/simulator`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('data-testid="message-input"');
    expect((await say(port, '+32470999001', 'JOIN DEMO'))[0]).toContain('العربية');
    expect((await say(port, '+32470999001', '3'))[0]).toContain('We do not ask your name');

    // The simulator signs what it is given, so it refuses other sites and anything but JSON.
    const crossSite = await fetch(`http://127.0.0.1:${port}/simulator/api/send`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://evil.example' },
      body: JSON.stringify({ channel: 'sms', phone: '+32470999001', text: 'STOP' }),
    });
    expect(crossSite.status).toBe(403);
    const formPost = await fetch(`http://127.0.0.1:${port}/simulator/api/send`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ channel: 'sms', phone: '+32470999001', text: 'STOP' }),
    });
    expect(formPost.status).toBe(415);

    expect(await interrupt(first.child)).toBe(0);
    expect(javaProcessesFor(dataDir)).toEqual([]);

    // Same data directory: the participant is remembered, at the question they were on.
    const second = await start(port);
    expect(second.output()).toContain(banner.match(/Local auth token\s+([0-9a-f]{32})/)?.[1] ?? 'missing token');
    expect((await say(port, '+32470999001', 'yes'))[0]).toContain('How is your energy');
    expect(await interrupt(second.child)).toBe(0);
    expect(javaProcessesFor(dataDir)).toEqual([]);

    // With a real Twilio token configured the simulator is not served at all.
    const third = await start(port, { TWILIO_AUTH_TOKEN: 'a-real-token-from-the-twilio-console' });
    expect(third.output()).toContain('Participant simulator   off');
    expect((await fetch(`http://127.0.0.1:${port}/simulator`)).status).toBe(404);
    expect(await interrupt(third.child)).toBe(0);
  });
});
