import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { systemClock } from '../../src/core/ports.ts';
import { createOutputCapture } from '../../src/exec/process/capture-output.ts';
import { type ExecuteOptions, executeCommand } from '../../src/exec/process/execute-command.ts';
import { createRedactor } from '../../src/exec/redact/create-redactor.ts';
import { createStepRunner } from '../../src/exec/run-step.ts';
import { englishVerdict } from '../../src/render/common/describe-verdict.ts';
import { commandStep } from './make-step.ts';

/*
 * The local executor starts its shell with node:child_process directly (start-shell.ts): what a
 * wrapper library used to do for it (stdin fed and ended, EPIPE swallowed, both pipes read, start
 * errors reported instead of thrown) is checked here against real processes.
 */

const PATH = process.env.PATH ?? '/usr/bin:/bin';

async function run(fields: Partial<ExecuteOptions> & { command: string }) {
  const capture = createOutputCapture({ headBytes: 64 * 1024, tailBytes: 64 * 1024 });
  const outcome = await executeCommand({
    cwd: undefined,
    env: { PATH },
    stdin: undefined,
    timeoutMs: 20_000,
    clock: systemClock,
    capture,
    killGraceMs: 500,
    drainMs: 250,
    ...fields,
  });
  return { outcome, output: capture.finish(createRedactor({ secrets: [] })).output };
}

describe('the local executor', () => {
  it('captures stdout and stderr both, each in its order', async () => {
    const { outcome, output } = await run({
      command: 'echo out-1; echo err-1 >&2; echo out-2; echo err-2 >&2; exit 4',
    });
    expect(outcome).toEqual({ exitCode: 4, signal: null, timedOut: false, spawnError: null });
    const lines = output.trim().split('\n');
    expect([...lines].sort()).toEqual(['err-1', 'err-2', 'out-1', 'out-2']);
    expect(lines.filter((line) => line.startsWith('out'))).toEqual(['out-1', 'out-2']);
    expect(lines.filter((line) => line.startsWith('err'))).toEqual(['err-1', 'err-2']);
  });

  it('feeds the whole stdin, larger than a pipe holds, and ends it', async () => {
    const { outcome, output } = await run({ command: 'wc -c', stdin: 'x'.repeat(300_000) });
    expect(outcome.exitCode).toBe(0);
    expect(output.trim()).toBe('300000');
  });

  it('a command that never reads its stdin still runs to its own exit code (EPIPE is not a failure)', async () => {
    const ignoring = await run({ command: 'echo ran; exit 3', stdin: 'y'.repeat(1 << 20) });
    expect(ignoring.outcome).toEqual({ exitCode: 3, signal: null, timedOut: false, spawnError: null });
    expect(ignoring.output).toBe('ran\n');
    const partly = await run({ command: 'head -c 5', stdin: 'z'.repeat(1 << 20) });
    expect(partly.outcome).toMatchObject({ exitCode: 0, spawnError: null });
    expect(partly.output).toBe('zzzzz');
  });

  it('passes the environment as given, nothing of the bot added', async () => {
    const { output } = await run({ command: 'env | sort', env: { PATH, ONLY_THIS: 'yes' } });
    const names = output
      .trim()
      .split('\n')
      .map((line) => line.split('=')[0]);
    // bash itself sets PWD, SHLVL and _ when it starts.
    expect(names.filter((name) => !['PWD', 'SHLVL', '_'].includes(name ?? ''))).toEqual([
      'ONLY_THIS',
      'PATH',
    ]);
  });

  it('says the working directory is missing, or is a file, instead of "spawn bash ENOENT" alone', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rb-start-'));
    const missing = await run({ command: 'echo never', cwd: path.join(dir, 'gone') });
    expect(missing.outcome).toMatchObject({ exitCode: null, timedOut: false });
    expect(missing.outcome.spawnError).toBe(
      `working directory ${path.join(dir, 'gone')} does not exist (spawn bash ENOENT)`,
    );
    expect(missing.output).toBe('');
    const file = path.join(dir, 'a-file');
    writeFileSync(file, 'not a directory\n');
    const notDir = await run({ command: 'echo never', cwd: file });
    expect(notDir.outcome.spawnError).toMatch(
      new RegExp(`^working directory ${file} is not a directory \\(`),
    );
    expect(notDir.output).toBe('');
  });

  it('says bash is not on the PATH the step was given', async () => {
    const { outcome } = await run({ command: 'echo never', env: { PATH: '/no-such-dir-for-this-test' } });
    expect(outcome).toMatchObject({ exitCode: null, signal: null, timedOut: false });
    expect(outcome.spawnError).toBe("bash not found on the step's PATH (spawn bash ENOENT)");
  });

  it('refuses a command with a NUL byte with a message that does not repeat the command', async () => {
    const { outcome } = await run({ command: 'echo a-secret-value\0rest' });
    expect(outcome.exitCode).toBeNull();
    expect(outcome.spawnError).toContain('NUL byte');
    expect(outcome.spawnError).not.toContain('a-secret-value');
  });

  it('turns a start failure into an error verdict a person can act on', async () => {
    const runner = createStepRunner({
      clock: systemClock,
      redactor: createRedactor({ secrets: [] }),
      env: { PATH: '/no-such-dir-for-this-test', HOME: '/tmp' },
    });
    const result = await runner.run(commandStep({ command: 'uptime' }));
    expect(result).toMatchObject({ status: 'error', exitCode: null, detail: { kind: 'spawn_error' } });
    expect(englishVerdict(result.detail)).toBe(
      "could not start: bash not found on the step's PATH (spawn bash ENOENT)",
    );
  });
});
