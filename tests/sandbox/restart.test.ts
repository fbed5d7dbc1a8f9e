import { afterEach, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../sandbox/host.ts';
import { processesMentioning } from './no-orphans.ts';
import { runLine } from './run-line.ts';
import { L } from './runbook-expectations.ts';

const RESTART = 'docker compose -f compose.prod.yml restart api';
const PS_ALL_API = 'docker compose -f compose.prod.yml ps -a api';

let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.stop();
  sandbox = undefined;
});

describe('docker compose restart api', () => {
  it('replaces the api process and, in restart-fixes-it, makes it healthy', async () => {
    sandbox = await startSandbox({ scenario: 'restart-fixes-it', healthStartPeriodMs: 0 });
    const before = await sandbox.apiPid();
    expect(before).not.toBeNull();
    expect((await runLine(sandbox, L.health)).code).toBe(22);

    const restart = await runLine(sandbox, RESTART);
    expect(restart.code).toBe(0);
    expect(restart.stderr).toContain('[+] Restarting 1/1');
    expect(restart.stderr).toContain(' ✔ Container atendechat-api-1  Started');
    expect(restart.durationMs).toBeGreaterThanOrEqual(1000);

    const after = await sandbox.apiPid();
    expect(after).not.toBeNull();
    expect(after).not.toBe(before);
    expect(processesMentioning(sandbox.statePath)).toEqual([after]);
    expect(await sandbox.restartCount()).toBe(1);
    expect((await runLine(sandbox, L.health)).code).toBe(0);
    const ps = await runLine(sandbox, L.psApi);
    expect(ps.stdout).toMatch(/Up (Less than a second|\d+ seconds?) \(healthy\)/);
    expect((await runLine(sandbox, L.stats)).stdout).toContain('182.4MiB / 2GiB');
    expect((await runLine(sandbox, L.logs50)).stdout).toContain('Received SIGTERM, shutting down');
  });

  it('says (health: starting) right after a restart, within the start period', async () => {
    sandbox = await startSandbox({ scenario: 'healthy', healthStartPeriodMs: 60_000 });
    await runLine(sandbox, RESTART);
    expect((await runLine(sandbox, L.psApi)).stdout).toMatch(
      /Up (Less than a second|\d+ seconds?) \(health: starting\)/,
    );
    expect((await runLine(sandbox, L.health)).code).toBe(0);
  });

  it('does not fix redis-down', async () => {
    sandbox = await startSandbox({ scenario: 'redis-down', healthStartPeriodMs: 0 });
    await runLine(sandbox, RESTART);
    expect(await sandbox.restartCount()).toBe(1);
    expect((await runLine(sandbox, L.health)).code).toBe(22);
    expect((await runLine(sandbox, L.psApi)).stdout).toContain('(unhealthy)');
  });

  it('api-exited: starts the api, which crashes again at boot (Exited (1))', async () => {
    sandbox = await startSandbox({ scenario: 'api-exited', healthStartPeriodMs: 0 });
    expect((await runLine(sandbox, PS_ALL_API)).stdout).toContain('Exited (1) 2 minutes ago');
    const crashesBefore = (await runLine(sandbox, L.logsAll)).stdout.split('Error during bootstrap').length;

    const restart = await runLine(sandbox, RESTART);
    expect(restart.code).toBe(0);
    expect(restart.stderr).toContain('Started');
    expect(await sandbox.apiPid()).toBeNull();
    expect(await sandbox.restartCount()).toBe(1);
    expect((await runLine(sandbox, PS_ALL_API)).stdout).toMatch(
      /Exited \(1\) (Less than a second|\d+ seconds?) ago/,
    );
    expect((await runLine(sandbox, L.psApi)).stdout).not.toContain('atendechat-api-1');
    expect((await runLine(sandbox, L.health)).code).toBe(7);
    const crashesAfter = (await runLine(sandbox, L.logsAll)).stdout.split('Error during bootstrap').length;
    expect(crashesAfter).toBe(crashesBefore + 1);
    expect(processesMentioning(sandbox.statePath)).toEqual([]);
  });

  it('two restarts at once are serialised: both succeed, one api process is left', async () => {
    sandbox = await startSandbox({ scenario: 'healthy', healthStartPeriodMs: 0 });
    const results = await Promise.all([runLine(sandbox, RESTART), runLine(sandbox, RESTART)]);
    expect(results.map((r) => r.code)).toEqual([0, 0]);
    expect(await sandbox.restartCount()).toBe(2);
    const pid = await sandbox.apiPid();
    expect(processesMentioning(sandbox.statePath)).toEqual([pid]);
    expect((await runLine(sandbox, L.health)).code).toBe(0);
  });
});
