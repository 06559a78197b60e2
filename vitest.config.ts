import { defineConfig } from 'vitest/config';

// Three projects, run in this order by scripts/test-all.mjs:
//  unit         pure code and in-process adapters (no server needed)            **/test/**/*.test.ts
//  integration  adapters against real servers started by the test command     **/test/**/*.int.test.ts
//  e2e          the whole platform, embedded and distributed                    test/e2e/**/*.e2e.test.ts
const exclude = ['**/node_modules/**', '**/dist/**', '.vigie/**'];
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['{packages,services,apps}/*/test/**/*.test.ts', 'apps/*/test/**/*.test.tsx'],
          exclude: [...exclude, '**/*.int.test.ts', '**/*.e2e.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['{packages,services,apps}/*/test/**/*.int.test.ts', 'test/integration/**/*.int.test.ts'],
          exclude,
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.e2e.test.ts'],
          exclude,
          testTimeout: 600_000,
          hookTimeout: 600_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
