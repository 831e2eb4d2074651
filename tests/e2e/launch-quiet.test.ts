import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import serviceFeedback from '../../flows/templates/service-feedback.json' with { type: 'json' };
import type { LocalStack } from '../../local/stack.js';
import { localeMeta } from '../../locales/index.js';
import { launchChromium, newPage, shutDown } from './support/chromium.js';
import { startSeededStack } from '../support/seeded-stack.js';

/**
 * Issue 20, items 5 and 6, in a real browser against the local stack: a launch of a survey that lacks
 * project languages shows which and what those participants would get, and launches only when staff
 * confirm; a preview in a missing language says so; the round says why a Ukrainian phone participant was
 * not called; staff set quiet hours on the project page (Friday midday added, a bad time refused).
 * Screenshots go to /tmp/launch-quiet-*.png.
 */

const SERVICE_NUMBER = '+3225550100';
const silent = { info: () => {}, warn: () => {}, error: () => {} };
const PROJECT = 'talen-e2e';

let stack: LocalStack | undefined;
let browser: Browser | undefined;
let staff: { context: BrowserContext; page: Page; errors: string[] } | undefined;

function running(): { stack: LocalStack; browser: Browser; page: Page } {
  if (!stack || !browser || !staff) throw new Error('the stack, the browser or the page did not start');
  return { stack, browser, page: staff.page };
}

async function api(method: string, path: string, body: unknown, type = 'application/json'): Promise<number> {
  const s = running().stack;
  const response = await fetch(`${s.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${s.tokens.staffDemo}`, 'content-type': type },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return response.status;
}

beforeAll(async () => {
  stack = await startSeededStack({ serviceNumber: SERVICE_NUMBER, simulator: false, sweepEveryMs: 3_600_000, logger: silent });
  browser = await launchChromium();
  staff = await newPage(browser);
  // A project in Dutch, Tigrinya and Ukrainian, contacting at any hour (so the test runs at night too), and
  // the organisation's own survey in Dutch, French and English only.
  expect(
    await api('POST', '/api/projects', {
      projectId: PROJECT,
      name: 'Talen E2E',
      languages: ['nl', 'ti', 'uk'],
      fallbackLanguages: ['nl'],
      joinCode: 'TALENE2E',
      quietHours: { timeZone: 'Europe/Brussels', blocks: [] },
    }),
  ).toBe(201);
  expect(await api('POST', '/api/surveys', serviceFeedback)).toBe(201);
  expect(await api('POST', `/api/projects/${PROJECT}/participants`, 'phone,language,channel\n0470 55 66 01,uk,voice\n0470 55 66 02,nl,sms\n', 'text/csv')).toBe(
    200,
  );
  const { page } = running();
  await page.goto(`${stack.url}/dashboard`);
  await page.getByTestId('token').fill(stack.tokens.staffDemo);
  await page.getByTestId('sign-in').click();
  await page.waitForURL(`${stack.url}/dashboard`);
}, 90_000);

afterAll(async () => {
  await staff?.context.close();
  await shutDown({ browser, stack });
}, 60_000);

describe('launch checks languages; quiet hours on the project page (Chromium, local stack)', () => {
  it('a launch of a survey without Tigrinya and Ukrainian warns, names what they get, and goes ahead only when confirmed', async () => {
    const { stack, page } = running();
    await page.goto(`${stack.url}/dashboard/projects/${PROJECT}`);
    await page.locator('#f-label').fill('start');
    await page.locator('#f-survey').selectOption('service_feedback@1');
    await page.getByTestId('launch-round-submit').click();
    const warning = page.getByTestId('launch-missing-languages');
    await warning.waitFor();
    const items = await warning.locator('li').evaluateAll((lis) => lis.map((li) => [li.getAttribute('data-language'), li.textContent?.trim()]));
    expect(items).toEqual([
      ['ti', `${localeMeta.ti.name}: they get Nederlands`],
      ['uk', `${localeMeta.uk.name}: they get Nederlands`],
    ]);
    expect(await page.getByTestId('round').count()).toBe(0); // nothing launched yet
    // The form kept what was typed.
    expect(await page.locator('#f-label').inputValue()).toBe('start');
    await warning.screenshot({ path: '/tmp/launch-quiet-missing-languages.png' });

    await page.getByTestId('launch-confirm-languages').click();
    await page.waitForURL(/done=launched/);
    expect(await page.getByTestId('round').count()).toBe(1);
    expect(staff?.errors).toEqual([]);
  });

  it('the round says why the Ukrainian phone participant was not called (a category, its count hidden below 5)', async () => {
    const { stack, page } = running();
    await stack.queue.drained();
    await page.reload();
    const waiting = page.getByTestId('waiting');
    await waiting.waitFor();
    expect((await waiting.textContent())?.replace(/\s+/g, ' ').trim()).toBe('waiting for the phone prompts in uk to be recorded — hidden: fewer than 5 people');
    await page.getByTestId('round').first().screenshot({ path: '/tmp/launch-quiet-waiting.png' });
  });

  it('a preview in Tigrinya says the survey has none, and shows what Tigrinya speakers get', async () => {
    const { stack, page } = running();
    await page.goto(`${stack.url}/dashboard/surveys/service_feedback/versions/1?language=nl`);
    expect(await page.getByTestId('preview-missing').count()).toBe(0);
    await page.locator('[data-testid="preview-tab"][data-language="ti"]').click();
    await page.waitForURL(/language=ti/);
    expect(await page.getByTestId('preview-missing').textContent()).toContain(`no texts in ${localeMeta.ti.name}`);
    // Without a project, a participant's chain is theirs then English: the survey has English.
    expect(await page.getByTestId('preview').getAttribute('lang')).toBe('en');
    expect(await page.getByTestId('preview-bubble').first().textContent()).toContain('Will you take part?');
    await page.screenshot({ path: '/tmp/launch-quiet-preview-ti.png', fullPage: true });
  });

  it('quiet hours: staff add Friday midday to the nights; a time that is none is refused, naming it', async () => {
    const { stack, page } = running();
    await page.goto(`${stack.url}/dashboard/projects/${PROJECT}`);
    expect(await page.getByTestId('quiet-state').textContent()).toContain('any hour');
    const blocks = page.getByTestId('quiet-block');
    // The first spare row: every night, 21:00 to 09:00.
    for (const day of ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']) await blocks.nth(0).locator(`input[value="${day}"]`).check();
    await page.locator('#f-from-0').fill('21:00');
    await page.locator('#f-to-0').fill('09:00');
    await blocks.nth(1).locator('input[value="fri"]').check();
    await page.locator('#f-from-1').fill('12:00');
    await page.locator('#f-to-1').fill('25:00');
    await page.getByTestId('quiet-hours-submit').click();
    const summary = page.getByTestId('error-summary');
    await summary.waitFor();
    expect(await summary.textContent()).toContain('quietHours.blocks[1].to');
    expect(await page.locator('#f-to-1').inputValue()).toBe('25:00'); // kept as typed
    await page.locator('#f-to-1').fill('14:00');
    await page.getByTestId('quiet-hours-submit').click();
    await page.waitForURL(/done=quiet/);
    expect(await page.getByTestId('notice').textContent()).toBe('The quiet hours were saved.');
    expect((await stack.deps.directory.getProject(PROJECT))?.quietHours).toEqual({
      timeZone: 'Europe/Brussels',
      blocks: [
        { days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], from: '21:00', to: '09:00' },
        { days: ['fri'], from: '12:00', to: '14:00' },
      ],
    });
    await page.locator('section[aria-labelledby="quiet-hours"]').screenshot({ path: '/tmp/launch-quiet-form.png' });
    expect(staff?.errors).toEqual([]);
  });
});
