import { defineConfig } from 'vitest/config';
import { SLOW_TESTS } from './tests/test-projects.ts';

const ALL_TESTS = ['tests/**/*.test.ts'];

/**
 * Two disjoint projects, so `vitest run` (in `npm test`) runs every file exactly once:
 * `fast` (unit and in-process: `npm run test:fast`) and `slow` (child processes, servers, browser).
 */
export default defineConfig({
  test: {
    setupFiles: ['tests/support/no-network.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: {
          name: 'fast',
          include: ALL_TESTS,
          exclude: [...SLOW_TESTS],
          // Added to the shared setup: fails a fast test that starts a process or a server.
          setupFiles: ['tests/support/in-process-only.ts'],
          // In-process tests share one module graph per worker thread: most of a fresh file's time
          // was importing it again (133 s -> 22 s). Safe only while no test depends on another's
          // order or state; check with `npm run test:fast -- --sequence.shuffle`.
          pool: 'threads',
          isolate: false,
        },
      },
      {
        extends: true,
        // Real processes and servers: on a busy 2-core machine a cold start of the binary under
        // tsx can take most of 30 s, so these get more room (a hang still fails).
        test: { name: 'slow', include: [...SLOW_TESTS], testTimeout: 60_000, hookTimeout: 60_000 },
      },
    ],
  },
});
