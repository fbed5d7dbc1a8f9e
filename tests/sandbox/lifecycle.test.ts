import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type Sandbox, SCENARIOS, startSandbox } from '../../sandbox/host.ts';
import { processesMentioning } from './no-orphans.ts';
import { runLine } from './run-line.ts';
import { L } from './runbook-expectations.ts';

const started: Sandbox[] = [];
async function start(...args: Parameters<typeof startSandbox>): Promise<Sandbox> {
  const sandbox = await startSandbox(...args);
  started.push(sandbox);
  return sandbox;
}
afterEach(async () => {
  await Promise.all(started.splice(0).map((s) => s.stop()));
});

describe('sandbox lifecycle', () => {
  it('lists the seven scenarios with descriptions', () => {
    expect(SCENARIOS.map((s) => s.name)).toEqual([
      'healthy',
      'api-exited',
      'redis-down',
      'db-down',
      'jwt-missing',
      'disk-full',
      'restart-fixes-it',
    ]);
    for (const s of SCENARIOS) expect(s.description.length).toBeGreaterThan(10);
  });

  it('writes a workdir with compose.prod.yml, a 0600 .env.production of fake secrets and the state', async () => {
    const sandbox = await start({ scenario: 'healthy' });
    expect(fs.existsSync(path.join(sandbox.dir, 'compose.prod.yml'))).toBe(true);
    const env = fs.readFileSync(path.join(sandbox.dir, '.env.production'), 'utf8');
    expect(fs.statSync(path.join(sandbox.dir, '.env.production')).mode & 0o777).toBe(0o600);
    expect(env).toMatch(/^DATABASE_URL=postgresql:\/\/atende:[A-Za-z0-9]{24}@db:5432\/atendechat$/m);
    expect(env).toMatch(/^REDIS_URL=redis:\/\/:[A-Za-z0-9]{24}@redis:6379$/m);
    expect(env).toMatch(/^JWT_SECRET=[0-9a-f]{64}$/m);
    for (const secret of sandbox.secrets) expect(env).toContain(secret);
    expect(sandbox.secrets).toHaveLength(5);
    expect(sandbox.env.PATH.startsWith(`${sandbox.binDir}:`)).toBe(true);
    expect(sandbox.env.SANDBOX_STATE).toBe(sandbox.statePath);
    const health = await fetch(`${sandbox.apiUrl}/api/v1/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok' });
  });

  it('stop() kills the api and leaves no process; a temp dir is removed', async () => {
    const sandbox = await startSandbox({ scenario: 'healthy' });
    const pid = await sandbox.apiPid();
    expect(pid).not.toBeNull();
    expect(processesMentioning(sandbox.statePath)).toEqual([pid]);
    await sandbox.stop();
    expect(processesMentioning(sandbox.statePath)).toEqual([]);
    expect(fs.existsSync(sandbox.dir)).toBe(false);
  });

  it('stop() also ends an api started by the docker stand-in (after a restart)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sandbox-test-'));
    const sandbox = await startSandbox({ scenario: 'healthy', dir });
    await runLine(sandbox, 'docker compose -f compose.prod.yml restart api');
    expect(processesMentioning(sandbox.statePath)).toHaveLength(1);
    await sandbox.stop();
    expect(processesMentioning(sandbox.statePath)).toEqual([]);
    expect(fs.existsSync(dir)).toBe(true); // a dir the caller gave is kept
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('two sandboxes side by side do not collide', async () => {
    const [a, b] = await Promise.all([start({ scenario: 'healthy' }), start({ scenario: 'redis-down' })]);
    expect(a.apiUrl).not.toBe(b.apiUrl);
    const [ha, hb] = await Promise.all([runLine(a, L.health), runLine(b, L.health)]);
    expect([ha.code, hb.code]).toEqual([0, 22]);
    const pidA = await a.apiPid();
    await runLine(b, 'docker compose -f compose.prod.yml restart api');
    expect(await a.apiPid()).toBe(pidA);
    expect(await a.restartCount()).toBe(0);
    expect(await b.restartCount()).toBe(1);
  });

  it('setScenario switches live, starting or crashing the api as needed', async () => {
    const sandbox = await start({ scenario: 'healthy', healthStartPeriodMs: 0 });
    const pid = await sandbox.apiPid();
    await sandbox.setScenario('redis-down');
    expect(await sandbox.apiPid()).toBe(pid);
    expect((await runLine(sandbox, L.health)).code).toBe(22);
    expect((await runLine(sandbox, L.psApi)).stdout).toContain('(unhealthy)');

    await sandbox.setScenario('api-exited');
    expect(await sandbox.apiPid()).toBeNull();
    expect((await runLine(sandbox, L.health)).code).toBe(7);

    await sandbox.setScenario('jwt-missing');
    expect(await sandbox.apiPid()).not.toBeNull();
    expect((await runLine(sandbox, L.authHealth)).code).toBe(22);
    expect((await runLine(sandbox, L.envFile)).stdout).not.toContain('JWT_SECRET');
    expect(await sandbox.scenario()).toBe('jwt-missing');
    expect(processesMentioning(sandbox.statePath)).toHaveLength(1);
  });

  it('finds the state from the cwd without SANDBOX_STATE, and from SANDBOX_STATE in any cwd', async () => {
    const sandbox = await start({ scenario: 'disk-full' });
    const byCwd = await runLine(null, `PATH=${sandbox.binDir}:$PATH; ${L.psApi} && df -h`, {
      cwd: sandbox.dir,
    });
    expect(byCwd.code).toBe(0);
    expect(byCwd.stdout).toContain('atendechat-api-1');
    expect(byCwd.stdout).toContain('100% /');
    const byEnv = await runLine(sandbox, `${L.psApi} && ${L.health}`, { cwd: os.tmpdir() });
    expect(byEnv.stdout).toContain('atendechat-api-1');
    expect(byEnv.code).toBe(22);
    const byDirEnv = await runLine(sandbox, 'df -h', { cwd: '/', env: { SANDBOX_STATE: sandbox.dir } });
    expect(byDirEnv.stdout).toContain('100% /');
  });

  it('rejects an unknown scenario with the list', async () => {
    await expect(startSandbox({ scenario: 'nope' as 'healthy' })).rejects.toThrow(/healthy, api-exited/);
  });
});
