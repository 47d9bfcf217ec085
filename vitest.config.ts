import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['protocol/**/*.test.ts', 'server/**/*.test.ts', 'client/**/*.test.{ts,tsx}', 'tests/**/*.test.ts'],
    // Integration tests start real servers on loopback; keep the pool small on 2 cores.
    pool: 'forks',
    globalSetup: ['tests/helpers/global-setup.ts'],
    // Every server a test starts is one process unless the test asks for WORKERS itself.
    env: { WORKERS: '1' },
    maxWorkers: 2,
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
