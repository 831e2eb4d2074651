import { defineConfig } from 'vitest/config';

/**
 * DynamoDB Local's JVMs here live seconds to minutes (each e2e stack's, the integration tier's, `npm start`'s
 * in tests/integration/local-start.test.ts): the C2 compiler's threads cost them more CPU than it wins
 * back. Compiled by C1 only, their CPU roughly halves, at start and over the demo seeding's writes alike
 * (measured on the 2-core machine: ~3.5 s to ~2 s to start, ~10 s to ~5 s to seed). Spawned JVMs inherit
 * it from here; a JDK_JAVA_OPTIONS set outside is kept.
 */
const C1_ONLY = '-XX:TieredStopAtLevel=1';
if (!process.env.JDK_JAVA_OPTIONS?.includes(C1_ONLY)) process.env.JDK_JAVA_OPTIONS = [process.env.JDK_JAVA_OPTIONS, C1_ONLY].filter(Boolean).join(' ');

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
          globalSetup: ['tests/integration/support/global-setup.ts', 'tests/support/seeded-stack-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          globalSetup: ['tests/support/seeded-stack-setup.ts'],
          // The files run one after another in a worker that keeps its imported modules (the local stack's
          // whole graph, playwright, axe): ~2 s less per file. Nothing is shared between files but those
          // modules, whose module-level state is caches of fixed things (bundles, fonts, templates); each
          // file still starts its own stack and browser, and no e2e file stubs globals, env or timers (a
          // vi.mock here would reach the files after it: a file that needs one belongs in another tier).
          isolate: false,
          testTimeout: 60_000,
          hookTimeout: 90_000,
        },
      },
      { test: { name: 'cdk', include: ['tests/cdk/**/*.test.ts'], testTimeout: 120_000, hookTimeout: 180_000 } },
    ],
  },
});
