import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { twilioSignature } from '../../adapters/twilio/signature.js';
import type { LocalStack } from '../../local/stack.js';
import { launchChromium, newPage } from './support/chromium.js';
import { startSeededStack } from '../support/seeded-stack.js';

/**
 * The suggestion box in a real browser against the real local stack: staff open a project's box from the
 * project page; enrolled people write when no round is open (through the signed webhook, as Twilio posts);
 * the box page says nothing is readable before five messages came, then shows five — each under a code of
 * its own — with the CSV link; the coordinator reads it and cannot open or close it.
 */

const SERVICE_NUMBER = '+3225550100';
const silent = { info: () => {}, warn: () => {}, error: () => {} };
const PROJECT = 'box-e2e';
const PEOPLE = ['+32470800001', '+32470800002', '+32470800003'];

let stack: LocalStack | undefined;
let browser: Browser | undefined;
const opened: BrowserContext[] = [];

function running(): { stack: LocalStack; browser: Browser } {
  if (!stack || !browser) throw new Error('the stack or the browser did not start');
  return { stack, browser };
}

async function api(method: string, path: string, body: string, type = 'application/json'): Promise<number> {
  const { stack } = running();
  const res = await fetch(`${stack.url}${path}`, { method, headers: { authorization: `Bearer ${stack.tokens.staffDemo}`, 'content-type': type }, body });
  await res.arrayBuffer();
  return res.status;
}

async function text(phone: string, body: string): Promise<void> {
  const { stack } = running();
  const params = {
    MessageSid: `SM${randomBytes(16).toString('hex')}`,
    AccountSid: `AC${'1'.repeat(32)}`,
    From: phone,
    To: SERVICE_NUMBER,
    Body: body,
    NumMedia: '0',
  };
  const res = await fetch(`${stack.url}/twilio/messages`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': twilioSignature(stack.twilioAuthToken, `${stack.publicUrl}/twilio/messages`, params),
    },
    body: new URLSearchParams(params).toString(),
  });
  expect(res.status).toBe(200);
  await res.arrayBuffer();
}

async function signedIn(token: string): Promise<Page> {
  const { stack, browser } = running();
  const { context, page, errors } = await newPage(browser, { locale: 'en-GB' });
  opened.push(context);
  await page.goto(`${stack.url}/dashboard/sign-in`);
  await page.getByTestId('token').fill(token);
  await page.getByTestId('sign-in').click();
  await page.waitForURL(`${stack.url}/dashboard`);
  expect(errors).toEqual([]);
  return page;
}

beforeAll(async () => {
  stack = await startSeededStack({ serviceNumber: SERVICE_NUMBER, simulator: false, sweepEveryMs: 3_600_000, logger: silent });
  browser = await launchChromium();
  expect(await api('POST', '/api/projects', JSON.stringify({ projectId: PROJECT, name: 'Box E2E', languages: ['nl', 'en'], joinCode: 'BOXE2E' }))).toBe(201);
  // The organisation shares the rows with the network: the coordinator reads the box's messages.
  expect(await api('PUT', `/api/projects/${PROJECT}/sharing`, JSON.stringify({ level: 'rows' }))).toBe(200);
  const csv = ['phone,language,channel', ...PEOPLE.map((p) => `${p},nl,sms`)].join('\n');
  expect(await api('POST', `/api/projects/${PROJECT}/participants`, csv, 'text/csv')).toBe(200);
}, 60_000);

afterAll(async () => {
  try {
    for (const c of opened) await c.close();
    await browser?.close();
  } finally {
    await stack?.stop();
  }
}, 60_000);

describe('suggestion box (Chromium, local stack)', () => {
  it('is opened by staff from the project page, and shows nothing before five messages, then five', async () => {
    const { stack } = running();
    const page = await signedIn(stack.tokens.staffDemo);
    await page.goto(`${stack.url}/dashboard/projects/${PROJECT}`);
    await expect(page.getByTestId('box-fact').textContent()).resolves.toContain('Closed');
    await page.getByTestId('box-toggle').click();
    await page.waitForURL(/done=box-opened/);
    await expect(page.getByTestId('box-fact').textContent()).resolves.toContain('Open');
    stack.deps.catalog.forget(PROJECT); // the messaging side caches projects for 30 s

    await text(PEOPLE[0] ?? '', 'De wachtzaal is te koud in de winter.');
    await text(PEOPLE[1] ?? '', 'Ik wil graag een afspraak na mijn werk.');
    await page.getByTestId('box-link').click();
    await expect(page.getByTestId('box-none').isVisible()).resolves.toBe(true);
    await expect(page.locator('[data-testid="box-message"]').count()).resolves.toBe(0);

    await text(PEOPLE[2] ?? '', 'Bedankt voor de hulp met de huur.');
    await text(PEOPLE[0] ?? '', 'En de brieven zijn te moeilijk.');
    await text(PEOPLE[1] ?? '', 'Kan het loket ook op zaterdag open?');
    await page.reload();
    const rows = page.locator('[data-testid="box-message"]');
    await expect(rows.count()).resolves.toBe(5);
    const codes = await page.locator('[data-testid="box-message"] code').allTextContents();
    expect(new Set(codes).size).toBe(5);
    await expect(page.locator('[data-testid="box-text"]').allTextContents()).resolves.toContain('De wachtzaal is te koud in de winter.');
    await expect(page.getByTestId('box-csv').getAttribute('href')).resolves.toBe(`/api/projects/${PROJECT}/suggestions.csv`);
  });

  it('is read by the coordinator, who has no button to close it', async () => {
    const { stack } = running();
    const page = await signedIn(stack.tokens.coordinator);
    await page.goto(`${stack.url}/dashboard/projects/${PROJECT}`);
    await expect(page.getByTestId('box-toggle').count()).resolves.toBe(0);
    await page.getByTestId('box-link').click();
    await expect(page.locator('[data-testid="box-message"]').count()).resolves.toBe(5);
    const refused = await fetch(`${stack.url}/api/projects/${PROJECT}/suggestion-box`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${stack.tokens.coordinator}`, 'content-type': 'application/json' },
      body: JSON.stringify({ open: false }),
    });
    expect(refused.status).toBe(404);
  });
});
