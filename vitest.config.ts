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
    // .ci/run sets 1: real browsers, WebKitGTK under Xvfb and server processes share 2 cores there,
    // and a timing miss should not hide behind one red run; every retry is listed in its recap.
    retry: Number(process.env.TEST_RETRY ?? 0),
  },
});
