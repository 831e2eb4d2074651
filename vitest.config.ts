import { defineConfig } from 'vitest/config';

/**
 * Test tiers (see DESIGN.md): unit (no network), integration (DynamoDB Local, signed webhooks,
 * the Lambda handler), e2e (headless Chromium against the local stack).
 */
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['tests/unit/**/*.test.ts'] } },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          globalSetup: ['tests/integration/support/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      { test: { name: 'e2e', include: ['tests/e2e/**/*.test.ts'], testTimeout: 60_000, hookTimeout: 90_000 } },
      { test: { name: 'cdk', include: ['tests/cdk/**/*.test.ts'], testTimeout: 120_000, hookTimeout: 180_000 } },
    ],
  },
});
