import { expect } from 'vitest';
import type { Page } from 'playwright-core';

/**
 * On a project page: quiet hours set to none through the dashboard's own form (every day unticked, saved).
 * Tests that send invitations run at any hour of the day; without this, a run after 21:00 in Brussels
 * would (rightly) send nothing until 09:00 (core/quiet-hours.ts).
 */
export async function contactAtAnyHour(page: Page): Promise<void> {
  const form = page.getByTestId('quiet-hours-form');
  const ticked = form.locator('input[type="checkbox"]:checked');
  while ((await ticked.count()) > 0) await ticked.first().uncheck();
  await page.getByTestId('quiet-hours-submit').click();
  await page.waitForURL(/done=quiet/);
  expect(await page.getByTestId('quiet-state').textContent()).toContain('any hour');
}
