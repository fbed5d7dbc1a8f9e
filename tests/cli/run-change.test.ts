// `runbook-bot run api-down restart` (issue 5 item 9): typed confirmation or --yes, the OS user in
// the timeline, and the per-service lock and circuit breaker shared with the bot (same DATA_DIR).
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { type Sandbox, startSandbox } from '../../sandbox/host.ts';
import { changeLockName } from '../../src/core/approvals/change-lock.ts';
import { systemClock } from '../../src/core/ports.ts';
import { openStore, storeFileName } from '../../src/store/sqlite-store.ts';
import type { Store } from '../../src/store/store.ts';
import { tempDataDir } from '../support/temp-data-dir.ts';
import { cliEnv, repoRoot, runInProcess } from './run-cli-harness.ts';

const ACTOR = `cli:${userInfo().username}`;
const RESTART_CMD = 'docker compose -f compose.prod.yml restart api';

let sandbox: Sandbox;
let temp: ReturnType<typeof tempDataDir>;
let runbooksDir: string;
let dataDir: string;

beforeAll(async () => {
  sandbox = await startSandbox({ scenario: 'restart-fixes-it', healthStartPeriodMs: 0 });
  temp = tempDataDir('runbook-bot-cli-change-');
  runbooksDir = path.join(temp.dir, 'runbooks');
  dataDir = path.join(temp.dir, 'data');
  mkdirSync(runbooksDir, { recursive: true });
  copyFileSync(path.join(repoRoot, 'runbooks/api-down.md'), path.join(runbooksDir, 'api-down.md'));
  const binding = parse(readFileSync(path.join(repoRoot, 'runbooks/api-down.yml'), 'utf8')) as {
    approvers: Record<string, unknown>;
  };
  writeFileSync(
    path.join(runbooksDir, 'api-down.yml'),
    stringify({ ...binding, approvers: { ...binding.approvers, maxPerHour: 1 } }),
  );
});
afterAll(async () => {
  await sandbox?.stop();
  temp?.remove();
});

function withStore<T>(work: (store: Store) => T): T {
  const store = openStore({ file: path.join(dataDir, storeFileName), clock: systemClock });
  try {
    return work(store);
  } finally {
    store.close();
  }
}

const restart = (extra: string[] = [], stdin?: PassThrough & { isTTY?: boolean }) =>
  runInProcess(
    ['run', 'api-down', 'restart', '--workdir', sandbox.dir, '--runbooks', runbooksDir, ...extra],
    {
      env: cliEnv({ ...sandbox.env, DATA_DIR: dataDir, TZ: 'UTC' }),
      ...(stdin ? { stdin } : {}),
    },
  );

function terminal(answer: string): PassThrough & { isTTY?: boolean } {
  const stdin = new PassThrough() as PassThrough & { isTTY?: boolean };
  stdin.isTTY = true;
  stdin.end(answer);
  return stdin;
}

describe('runbook-bot run api-down restart (sandbox restart-fixes-it, maxPerHour 1)', () => {
  it('refused while a Slack request for the service is pending (the shared lock): nothing runs', async () => {
    // What `/apidown restart` in Slack leaves behind: an open incident and a pending approval holding the lock.
    const pendingId = withStore((store) => {
      const { incident } = store.openIncident({ runbook: 'api-down', channel: 'C0123', openedBy: 'U111' });
      const pending = store.createApproval({
        incidentId: incident.id,
        runbook: 'api-down',
        sectionId: 'passo-2-restart-do-servico',
        service: 'api-down',
        requestedBy: 'U111',
        expiresAt: Date.now() + 10 * 60_000,
        channel: 'C0123',
        breakGlass: false,
        reason: null,
      });
      expect(store.acquireLock(changeLockName('api-down'), pending.id, 10 * 60_000)).toBe(true);
      return pending.id;
    });

    const run = await restart(['--yes']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      'a change of api-down is already waiting for approval (requested by U111); nothing was run.',
    );
    expect(await sandbox.restartCount()).toBe(0);

    // Denied in Slack: the lock is free again.
    withStore((store) => {
      store.transitionApproval(pendingId, ['pending'], 'denied', { decidedBy: 'U222', reason: null });
      store.releaseLock(changeLockName('api-down'), pendingId);
    });
  });

  it('a wrong typed answer cancels; nothing runs and nothing is recorded', async () => {
    const before = withStore((store) => store.countChangeRuns('api-down', 0));
    const run = await restart([], terminal('yes\n'));
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`This section changes the host:\n  ${RESTART_CMD}\n`);
    expect(run.stderr).toContain('Cancelled: nothing that changes the host was run.');
    expect(await sandbox.restartCount()).toBe(0);
    expect(withStore((store) => store.countChangeRuns('api-down', 0))).toBe(before);
  });

  it('--yes: restarts once, healthy again, verification runs, the timeline has the OS user', async () => {
    const run = await restart(['--yes']);
    expect(run.stderr).toContain(`Running "PASSO 2: Restart do Serviço" as ${ACTOR}`);
    expect(run.code).toBe(0);
    expect(await sandbox.restartCount()).toBe(1);
    expect(run.stdout).toContain(RESTART_CMD);
    expect(run.stdout).toMatch(/VERIFICAÇÃO PÓS-RESOLUÇÃO/);
    expect(run.stdout).toContain('✅ Healthy again (incident #1, recorded as');

    // The open Slack incident (channel C0123) got the change: same timeline, status monitoring.
    const { incident, entries } = withStore((store) => {
      const found = store.getIncident(1);
      return { incident: found, entries: store.listTimeline(1) };
    });
    expect(incident).toMatchObject({ channel: 'C0123', status: 'monitoring' });
    expect(entries).toContainEqual(
      expect.objectContaining({
        kind: 'approval_decided',
        actor: ACTOR,
        summary: expect.stringContaining('confirmed in terminal'),
      }),
    );
    expect(entries).toContainEqual(
      expect.objectContaining({
        kind: 'change_run',
        actor: ACTOR,
        data: expect.objectContaining({ healthy: true }),
      }),
    );
    expect(entries.filter((entry) => entry.kind === 'section_run' && entry.actor === ACTOR)).toHaveLength(2);

    // And the incident record shows it.
    const shown = await runInProcess(['incidents', 'show', '1'], {
      env: cliEnv({ DATA_DIR: dataDir, TZ: 'UTC' }),
    });
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain(`${userInfo().username} (CLI)`);
  });

  it('a second restart within the hour: circuit breaker open, exit 1, nothing runs', async () => {
    const run = await restart(['--yes']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      'circuit breaker open: api-down was changed 1 time in the last hour (limit 1, binding approvers.maxPerHour); nothing was run.',
    );
    expect(await sandbox.restartCount()).toBe(1);
    expect(withStore((store) => store.countChangeRuns('api-down', 0))).toBe(1);
  });
});
