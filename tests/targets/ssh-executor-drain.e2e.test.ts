// The SSH executor reads both of ssh's pipes to their end: the remote launcher's session-id line
// arrives on stderr, and when it is read only after ssh exited and its stdout ended, the step still
// ran there (it was taken for "unreachable" when stderr was dropped at stdout's end). A stand-in
// ssh client makes that order certain: it answers, closes stdout, exits, and a child of it writes
// the session-id line a moment later.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/core/ports.ts';
import { createOutputCapture } from '../../src/exec/process/capture-output.ts';
import { createRedactor } from '../../src/exec/redact/create-redactor.ts';
import type { SshConnection } from '../../src/exec/targets/ssh-connection.ts';
import { createSshExecutor } from '../../src/exec/targets/ssh-executor.ts';

const LATE_SSH = `#!/bin/bash
IFS= read -r -d '' script
re="'([0-9a-f]{24})'"
[[ $script =~ $re ]] || exit 255
nonce=\${BASH_REMATCH[1]}
echo "step output"
exec 1>&-
( sleep 0.3; printf 'RBPID:%s:%s\\n' "$nonce" 4242 >&2 ) &
exit 0
`;

let dir = '';

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'rb-late-ssh-'));
  writeFileSync(join(dir, 'ssh'), LATE_SSH);
  chmodSync(join(dir, 'ssh'), 0o755);
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const connection = (): SshConnection => ({
  target: { name: 'api-1', destination: 'ops@10.0.0.11' },
  program: join(dir, 'ssh'),
  open: async () => ({ ok: true }),
  entryArgs: () => ['--', 'ops@10.0.0.11', 'entry'],
  runScript: async () => ({ code: 0, stdout: Buffer.alloc(0), stderr: '' }),
  close: async () => undefined,
  session: async () => () => undefined,
});

describe('SSH executor output', { timeout: 30_000 }, () => {
  it('a session-id line read after ssh exited still makes the step one that ran', async () => {
    const capture = createOutputCapture({ headBytes: 10_000, tailBytes: 10_000 });
    const outcome = await createSshExecutor(connection())({
      command: 'echo hi',
      cwd: undefined,
      env: {},
      stdin: undefined,
      timeoutMs: 20_000,
      clock: systemClock,
      capture,
      killGraceMs: 1000,
      drainMs: 5000,
    });
    expect(outcome.spawnError).toBeNull();
    expect(outcome.exitCode).toBe(0);
    expect(capture.finish(createRedactor({ secrets: [] })).output).toBe('step output\n');
  });
});
