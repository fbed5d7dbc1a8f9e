import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../sandbox/host.ts';
import { runLine } from './run-line.ts';

const C = 'docker compose -f compose.prod.yml';
let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ scenario: 'healthy', healthStartPeriodMs: 0 });
});
afterAll(async () => {
  await sandbox.stop();
});

describe('the docker stand-in', () => {
  it('prints compose ps with the real columns, all four services with -a', async () => {
    const { stdout, code } = await runLine(sandbox, `${C} ps -a`);
    expect(code).toBe(0);
    const [header, ...rows] = stdout.trimEnd().split('\n');
    expect(header?.split(/\s{2,}/).map((c) => c.trim())).toEqual([
      'NAME',
      'IMAGE',
      'COMMAND',
      'SERVICE',
      'CREATED',
      'STATUS',
      'PORTS',
    ]);
    expect(rows.map((r) => r.split(/\s+/)[0])).toEqual([
      'atendechat-api-1',
      'atendechat-caddy-1',
      'atendechat-db-1',
      'atendechat-redis-1',
    ]);
  });

  it('prefixes every log line with the service, padded like compose', async () => {
    const one = await runLine(sandbox, `${C} logs --tail=5 api`);
    expect(one.stdout.trimEnd().split('\n')).toHaveLength(5);
    for (const line of one.stdout.trimEnd().split('\n')) expect(line.startsWith('api-1  | ')).toBe(true);
    const all = await runLine(sandbox, `${C} logs --tail=2`);
    expect(all.stdout).toContain('api-1    | ');
    expect(all.stdout).toContain('redis-1  | ');
  });

  it('passes stdin to prisma db execute', async () => {
    const result = await runLine(sandbox, `${C} exec -T api pnpm prisma db execute --stdin`, {
      stdin: 'SELECT 1;',
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Script executed successfully.');
  });

  it('answers unknown things with realistic errors', async () => {
    const oci = await runLine(sandbox, `${C} exec api htop`);
    expect(oci.code).toBe(126);
    expect(oci.stderr).toContain(
      'OCI runtime exec failed: exec failed: unable to start container process: exec: "htop": executable file not found in $PATH: unknown',
    );
    const service = await runLine(sandbox, `${C} ps worker`);
    expect([service.code, service.stderr.trim()]).toEqual([1, 'no such service: worker']);
    const other = await runLine(sandbox, 'docker run alpine');
    expect(other.code).toBe(1);
    expect(other.stderr).toContain('not supported by the sandbox');
    const noFile = await runLine(sandbox, 'docker compose -f nope.yml ps');
    expect(noFile.code).toBe(1);
    expect(noFile.stderr).toContain('no such file or directory');
    const stats = await runLine(sandbox, 'docker stats ghost --no-stream');
    expect([stats.code, stats.stderr.trim()]).toEqual([
      1,
      'Error response from daemon: No such container: ghost',
    ]);
  });

  it('without a sandbox state it behaves like docker without an engine', async () => {
    const result = await runLine(
      null,
      `PATH=${sandbox.binDir}:$PATH; docker compose -f compose.prod.yml ps`,
      {
        cwd: os.tmpdir(),
        env: { SANDBOX_STATE: undefined },
      },
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Cannot connect to the Docker daemon');
  });

  it('compose stats lists the running containers', async () => {
    const { stdout, code } = await runLine(sandbox, `${C} stats --no-stream`);
    expect(code).toBe(0);
    expect(stdout.split('\n')[0]).toMatch(
      /^CONTAINER ID\s+NAME\s+CPU %\s+MEM USAGE \/ LIMIT\s+MEM %\s+NET I\/O\s+BLOCK I\/O\s+PIDS$/,
    );
    expect(stdout.trimEnd().split('\n')).toHaveLength(5);
  });

  it('answers fast: no step waits, only restart takes a second', async () => {
    const lines = [
      `${C} ps api`,
      `${C} logs --tail=50 api`,
      'curl -sf http://localhost:8080/api/v1/health',
      'df -h',
      'netstat -tlnp',
    ];
    for (const line of lines) {
      const { durationMs, code } = await runLine(sandbox, line);
      expect(code).toBe(0);
      expect(durationMs, line).toBeLessThan(2000); // ~100-250 ms measured; loose for loaded CI machines
    }
  });
});
