import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/core/ports.ts';
import { createRedactor } from '../../src/exec/redact/create-redactor.ts';
import { createStepRunner, type StepRunnerOptions } from '../../src/exec/run-step.ts';
import { createStepHost } from '../../src/exec/step-host/step-host.ts';
import { liveMembers } from '../support/live-processes.ts';
import { commandStep } from './make-step.ts';

const botEnv = {
  PATH: process.env.PATH,
  HOME: process.env.HOME,
  LANG: 'C.UTF-8',
  SLACK_BOT_TOKEN: 'xoxb-1111-2222-abcdefghijkl',
  SLACK_SIGNING_SECRET: 'signing-secret-value-1234',
  DATABASE_URL: 'postgres://app:db-pass-9876@db:5432/app',
  API_BASE: 'http://localhost:8080',
  UNLISTED: 'should-not-pass',
};

/** The same guarantees wherever a local step runs: in the process that asks, or in the step host. */
const stepHost = createStepHost();
afterAll(() => stepHost.close());
const where = [
  { name: 'started by this process', executor: undefined },
  { name: 'started by the step host process', executor: stepHost.executor },
];

/** Peak resident memory of a process (VmHWM), in bytes. */
function peakRss(pid: number): number {
  const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Number(kb) * 1024;
}

describe.each(where)('run a step $name', ({ executor }) => {
  function runner(overrides: Partial<StepRunnerOptions> = {}) {
    return createStepRunner({
      ...(executor ? { executor } : {}),
      clock: systemClock,
      redactor: createRedactor({
        secrets: ['db-pass-9876', 'xoxb-1111-2222-abcdefghijkl', 'signing-secret-value-1234'],
      }),
      env: botEnv,
      envAllowlist: ['API_BASE', 'DATABASE_URL', 'SLACK_BOT_TOKEN'],
      extraEnv: { SANDBOX_STATE: '/tmp/sandbox-state' },
      killGraceMs: 300,
      ...overrides,
    });
  }

  it('runs bash with pipefail in the step cwd and passes on exit 0', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rb-exec-'));
    const result = await runner().run(commandStep({ command: 'pwd; false | true', cwd: dir }));
    expect(result.status).toBe('fail');
    expect(result.exitCode).toBe(1);
    expect(result.output).toContain(dir);
    const ok = await runner().run(commandStep({ command: 'pwd', cwd: dir }));
    expect(ok).toMatchObject({ status: 'pass', exitCode: 0, detail: { kind: 'ok' }, timedOut: false });
  });

  it('lets the context workdir replace the runbook cd', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rb-exec-'));
    const result = await runner().run(commandStep({ command: 'pwd', cwd: '/opt/atendechat' }), {
      workdir: dir,
    });
    expect(result.status).toBe('pass');
    expect(result.output.trim()).toBe(dir);
  });

  it('gives the step a scrubbed environment: no SLACK_*, no unlisted names', async () => {
    const result = await runner().run(commandStep({ command: 'env | sort' }));
    const names = result.output
      .trim()
      .split('\n')
      .map((line) => line.split('=')[0]);
    expect(names).toContain('PATH');
    expect(names).toContain('HOME');
    expect(names).toContain('LANG');
    expect(names).toContain('API_BASE');
    expect(names).toContain('DATABASE_URL');
    expect(names).toContain('SANDBOX_STATE');
    expect(names).not.toContain('UNLISTED');
    expect(names.filter((name) => name?.startsWith('SLACK_'))).toEqual([]);
    expect(result.output).not.toContain('db-pass-9876');
    expect(result.output).toContain('DATABASE_URL=[set, 39 chars]');
  });

  it('feeds stdin from the step, and an empty stdin otherwise', async () => {
    const withInput = await runner().run(commandStep({ command: 'cat', stdin: 'SELECT 1;' }));
    expect(withInput.output).toBe('SELECT 1;');
    const without = await runner().run(commandStep({ command: 'cat; echo done', timeoutMs: 2000 }));
    expect(without).toMatchObject({ status: 'pass', output: 'done\n' });
  });

  it('does not run a skipped step', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rb-exec-'));
    const marker = join(dir, 'ran');
    const result = await runner().run(
      commandStep({ command: `touch ${marker}`, skip: 'no prisma on this host' }),
    );
    expect(result).toMatchObject({
      status: 'skipped',
      detail: { kind: 'skipped', reason: 'no prisma on this host' },
    });
    expect(result.detail).toEqual({ kind: 'skipped', reason: 'no prisma on this host' });
    expect(() => execFileSync('test', ['-e', marker])).toThrow();
  });

  it('reports a missing cwd clearly and runs nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rb-exec-'));
    const marker = join(dir, 'ran');
    const result = await runner().run(
      commandStep({ command: `touch ${marker}`, cwd: '/opt/does-not-exist' }),
    );
    expect(result).toMatchObject({
      status: 'error',
      detail: { kind: 'bad_cwd', cwd: '/opt/does-not-exist' },
    });
    expect(() => execFileSync('test', ['-e', marker])).toThrow();
  });

  it('says which program is missing', async () => {
    const result = await runner().run(
      commandStep({ command: 'journalctl-missing-xyz -u docker --since "10 minutes ago"' }),
    );
    expect(result).toMatchObject({
      status: 'error',
      exitCode: 127,
      detail: { kind: 'not_found', program: 'journalctl-missing-xyz' },
    });
    const bin = mkdtempSync(join(tmpdir(), 'rb-bin-'));
    for (const program of ['bash', 'grep']) {
      symlinkSync(
        execFileSync('bash', ['-c', `command -v ${program}`], { encoding: 'utf8' }).trim(),
        join(bin, program),
      );
    }
    const inPipeline = await runner({ env: { ...botEnv, PATH: bin } }).run(
      commandStep({ command: 'journalctl -u docker --since "10 minutes ago" | grep -i error' }),
    );
    expect(inPipeline).toMatchObject({
      status: 'error',
      detail: { kind: 'not_found', program: 'journalctl' },
    });
    expect(inPipeline.detail).toEqual({ kind: 'not_found', program: 'journalctl' });
  });

  it('kills the whole process group at the timeout: no child survives', async () => {
    const result = await runner().run(
      commandStep({ command: 'echo "pgid:$$"; sleep 1000 & sleep 1000 & sleep 1000; wait', timeoutMs: 300 }),
    );
    expect(result).toMatchObject({
      status: 'timeout',
      timedOut: true,
      exitCode: null,
      detail: { kind: 'timeout', ms: 300 },
    });
    expect(result.durationMs).toBeLessThan(3000);
    const pgid = Number(/pgid:(\d+)/.exec(result.output)?.[1]);
    expect(pgid).toBeGreaterThan(1);
    expect(liveMembers(pgid)).toEqual([]);
  });

  it('kills children that ignore SIGTERM after the grace period', async () => {
    const result = await runner().run(
      commandStep({
        command: `echo "pgid:$$"; bash -c 'trap "" TERM; sleep 1000 & wait' & wait`,
        timeoutMs: 300,
      }),
    );
    expect(result.status).toBe('timeout');
    const pgid = Number(/pgid:(\d+)/.exec(result.output)?.[1]);
    expect(liveMembers(pgid)).toEqual([]);
  });

  it('returns promptly when the shell exits but a background child keeps the output open', async () => {
    const started = performance.now();
    const result = await runner().run(commandStep({ command: 'echo "pgid:$$"; sleep 5 & echo started' }));
    expect(performance.now() - started).toBeLessThan(2000);
    expect(result).toMatchObject({ status: 'pass', exitCode: 0 });
    expect(result.output).toContain('started');
    const pgid = Number(/pgid:(\d+)/.exec(result.output)?.[1]);
    process.kill(-pgid, 'SIGKILL');
  });

  it('keeps head and tail of a long output and counts the bytes dropped', async () => {
    const result = await runner({ maxOutputBytes: 2000 }).run(
      commandStep({ command: 'for i in $(seq 1 2000); do echo "line $i"; done' }),
    );
    expect(result.status).toBe('pass');
    expect(result.outputTruncated).toBe(true);
    expect(result.output.startsWith('line 1\nline 2\n')).toBe(true);
    expect(result.output.trimEnd().endsWith('line 2000')).toBe(true);
    expect(result.output).toMatch(/\[… [\d,]+ bytes omitted …\]/);
    const total = Array.from({ length: 2000 }, (_, i) => `line ${i + 1}\n`).join('').length;
    const keptLines =
      result.output
        .split('\n')
        .filter((line) => line.startsWith('line '))
        .join('\n').length + 1;
    expect(result.droppedBytes).toBe(total - keptLines);
    expect(result.output.length).toBeLessThan(2100);
  });

  it('keeps memory bounded on a 200 MB output and reports what it dropped', async () => {
    global.gc?.();
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 20);
    const result = await runner().run(
      commandStep({
        command: `awk 'BEGIN { for (i = 0; i < 7500000; i++) print "a fairly ordinary log line" }'`,
      }),
    );
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);
    expect(result.status).toBe('pass');
    expect(result.outputTruncated).toBe(true);
    expect(result.droppedBytes).toBeGreaterThan(202_000_000);
    expect(result.output.length).toBeLessThan(140 * 1024);
    console.info(
      `200 MB step: RSS growth ${Math.round((peak - before) / 1024 / 1024)} MB, ${result.durationMs} ms`,
    );
    expect(peak - before).toBeLessThan(100 * 1024 * 1024);
    const hostPid = executor ? stepHost.pid() : undefined;
    if (hostPid !== undefined) {
      console.info(`200 MB step: step host peak RSS ${Math.round(peakRss(hostPid) / 1024 / 1024)} MB`);
      expect(peakRss(hostPid)).toBeLessThan(150 * 1024 * 1024);
    }
  });

  it('redacts output before returning it, also in a truncated output', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rb-exec-'));
    writeFileSync(join(dir, 'app.log'), `connecting to postgres://app:db-pass-9876@db:5432/app\n`);
    const result = await runner({ maxOutputBytes: 4000 }).run(
      commandStep({
        command: 'cat app.log; seq 1 5000; echo "token xoxb-1111-2222-abcdefghijkl"; echo db-pass-9876',
        cwd: dir,
      }),
    );
    expect(result.outputTruncated).toBe(true);
    expect(result.output).toContain('postgres://app:[redacted]@db:5432/app');
    expect(result.output).not.toContain('db-pass-9876');
    expect(result.output).not.toContain('xoxb-1111');
  });
});
