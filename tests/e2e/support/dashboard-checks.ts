import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

/** What the dashboard e2e tests check on every page: axe, sideways scrolling at phone width, and signing in. */

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** The phone width the issue names (no sideways scroll, axe clean). */
export const PHONE = { width: 375, height: 800 };

/** The serious and critical axe violations (WCAG 2.1 A/AA) of the page, or of the element `within` selects, one line each. */
export async function axeBlocking(page: Page, within?: string): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async (selector) => {
    const axe = (
      window as unknown as {
        axe: {
          run(d: Document | Element, o: unknown): Promise<{ violations: Array<{ id: string; impact: string | null; nodes: Array<{ target: unknown[] }> }> }>;
        };
      }
    ).axe;
    const r = await axe.run(selector ? (document.querySelector(selector) ?? document) : document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, at: v.nodes.slice(0, 3).map((n) => n.target.map(String).join(' ')) }));
  }, within);
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}) at ${v.at.join(' | ')}`);
}

/** Does the page scroll sideways? */
export const sideways = (page: Page): Promise<boolean> => page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);

/** Sign in to the dashboard at `url` with a token, as a person would. */
export async function signIn(page: Page, url: string, token: string): Promise<void> {
  await page.goto(`${url}/dashboard/sign-in`);
  await page.getByTestId('token').fill(token);
  await page.getByTestId('sign-in').click();
  await page.waitForURL((u) => u.pathname !== '/dashboard/sign-in');
}
