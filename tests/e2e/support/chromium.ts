import { rmSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/** Debian's Chromium, headless, with the flags this machine's closed network needs. */
export function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
      ...extraArgs,
    ],
  });
}

/** A fresh context (own cookies) whose page collects script and CSP errors; the tests assert there are none. */
export async function newPage(
  browser: Browser,
  opts: { viewport?: { width: number; height: number }; locale?: string; microphoneFor?: string } = {},
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: opts.viewport ?? { width: 1280, height: 900 }, locale: opts.locale ?? 'en-GB' });
  if (opts.microphoneFor) await context.grantPermissions(['microphone'], { origin: opts.microphoneFor });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(m.text());
  });
  return { context, page, errors };
}

/** The end of an e2e file: the browser closed, then the local stack stopped (its JVM too) and the work folder gone, whatever failed first. */
export async function shutDown(parts: {
  browser?: Browser | undefined;
  stack?: { stop(): Promise<void> } | undefined;
  work?: string | undefined;
}): Promise<void> {
  try {
    await parts.browser?.close();
  } finally {
    await parts.stack?.stop();
    if (parts.work) rmSync(parts.work, { recursive: true, force: true });
  }
}
