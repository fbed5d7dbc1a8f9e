import childProcess from 'node:child_process';
import { syncBuiltinESMExports } from 'node:module';
import net from 'node:net';
import { afterEach, beforeEach } from 'vitest';

/*
 * Setup of the `fast` project (vitest.config.ts): a test there that starts a child process or a
 * server fails, naming the fix, instead of slowing the quick loop down unnoticed. The refusal is
 * thrown where the process or server is started and, because a caller may swallow it (execa turns
 * it into a start error), reported again when the test ends.
 */

const MOVE_IT = 'list the test file in SLOW_TESTS (tests/test-projects.ts)';
const refused: string[] = [];

function refuse(what: string): never {
  refused.push(what);
  throw new Error(`fast tests run in process: ${what} is not allowed here; ${MOVE_IT}`);
}

for (const name of ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork'] as const) {
  Object.defineProperty(childProcess, name, {
    configurable: true,
    writable: true,
    value: () => refuse(`child_process.${name}`),
  });
}
syncBuiltinESMExports();

net.Server.prototype.listen = function refuseListen(): never {
  return refuse('a listening server');
};

beforeEach(() => {
  refused.length = 0;
});

// Destructured: vitest reads a hook's first parameter to know which fixtures it needs, and refuses
// a plain name in files that use `test.extend`.
afterEach(({ task }) => {
  // A test that checks the refusal itself says so by expecting it.
  if (refused.length === 0 || task.meta.expectsRefusal) return;
  const what = [...new Set(refused)].join(', ');
  refused.length = 0;
  throw new Error(`this test started ${what}; fast tests run in process: ${MOVE_IT}`);
});

declare module 'vitest' {
  interface TaskMeta {
    /** Set by a test of this setup that expects its refusal. */
    expectsRefusal?: boolean;
  }
}
