// @ts-check
/**
 * The linter (`npm run lint`, part of `npm test`): typescript-eslint's recommended rules for every
 * TypeScript file, and for core/ and flows/ the purity the engine and the use cases rely on — no clock, no
 * randomness, no timers, no I/O: time and ids come in through ports (DESIGN.md, STYLE.md).
 */
import tseslint from 'typescript-eslint';

const CLOCK_AND_CHANCE = [
  { object: 'Date', property: 'now', message: 'Time comes from the Clock port.' },
  { object: 'Math', property: 'random', message: 'Randomness comes from a port (ids, jitter).' },
  { object: 'performance', property: 'now', message: 'Time comes from the Clock port.' },
  { object: 'crypto', property: 'getRandomValues', message: 'Randomness comes from a port.' },
  { object: 'crypto', property: 'randomUUID', message: 'Ids come from a port.' },
  { object: 'process', property: 'hrtime', message: 'Time comes from the Clock port.' },
];

export default tseslint.config(
  { ignores: ['node_modules/**', 'cdk.out/**', '.data/**', '.whisper/**', 'test-artifacts/**', '**/*.js', '**/*.mjs'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      // A leading underscore says "deliberately unused" (a destructured field left out, a parameter a signature needs).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  {
    files: ['kernel/**/*.ts', 'core/**/*.ts', 'flows/**/*.ts'],
    rules: {
      'no-restricted-properties': ['error', ...CLOCK_AND_CHANCE],
      'no-restricted-globals': [
        'error',
        ...['setTimeout', 'setInterval', 'setImmediate', 'clearTimeout', 'clearInterval', 'queueMicrotask', 'performance', 'fetch', 'process'].map((name) => ({
          name,
          message: `${name}: core and flows do no I/O and read no clock; use a port.`,
        })),
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'new Date() reads the clock: use the Clock port.' },
        { selector: "CallExpression[callee.name='Date']", message: 'Date() reads the clock: use the Clock port.' },
      ],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(node:)?(fs|fs/promises|net|http|https|child_process|timers|timers/promises|perf_hooks|worker_threads|dgram|dns)$',
              message: 'core and flows do no I/O: use a port.',
            },
            { regex: '^zod(/.*)?$', message: "zod comes in through kernel/zod.ts (the tree-shakeable build): import * as z from '…/kernel/zod.js'." },
          ],
        },
      ],
    },
  },
  {
    // The one place zod itself is imported.
    files: ['kernel/zod.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    // zod's classic build adds ~450 KB to a Lambda bundle: everything outside kernel/ uses kernel/zod.ts.
    files: ['adapters/**/*.ts', 'http/**/*.ts', 'web/**/*.ts', 'functions/**/*.ts', 'local/**/*.ts', 'cdk/**/*.ts', 'locales/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '^zod(/.*)?$', message: "zod comes in through kernel/zod.ts: import * as z from '…/kernel/zod.js'." }] },
      ],
    },
  },
);
