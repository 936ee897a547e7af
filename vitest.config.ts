import { defineConfig } from 'vitest/config'

// One runner for the whole repo; each package is a project (see README "Tests").
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'domain',
          root: 'packages/domain',
          include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'],
        },
      },
      {
        test: {
          name: 'server',
          root: 'apps/server',
          include: ['src/**/*.test.ts'],
          // Needs PostgreSQL: runs in the scale project.
          exclude: ['src/storage/PostgresStore.test.ts'],
          testTimeout: 20_000,
          hookTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'web',
          root: 'apps/web',
          include: ['src/**/*.test.ts'],
        },
      },
      {
        test: {
          name: 'e2e',
          root: 'tests',
          include: ['e2e/**/*.test.ts', 'faults/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
      {
        // Needs PostgreSQL and Redis running (scripts/test.sh checks and starts them):
        // the storage contract on PostgreSQL and the multi-instance tests.
        test: {
          name: 'scale',
          root: '.',
          include: ['apps/server/src/storage/PostgresStore.test.ts', 'tests/scale/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
    ],
    coverage: {
      provider: 'v8',
      include: ['packages/domain/src/**/*.ts'],
      exclude: ['**/*.test.ts'],
      reporter: ['text-summary', 'json-summary'],
      thresholds: { 'packages/domain/src/**': { branches: 95 } },
    },
  },
})
