// `runbook-bot run api-down restart` (issue 5 item 9): typed confirmation or --yes, the OS user in
// the timeline, and the per-service lock and circuit breaker shared with the bot (same DATA_DIR).
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
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

// Issue 12 item 8: the terminal goes through the same change use case as Slack (request with the
// fingerprint of what was confirmed, approval, executeApproved), with a data dir of its own.
describe('runbook-bot run of a change section: the same use case as Slack', () => {
  let box: Sandbox;
  let dir: ReturnType<typeof tempDataDir>;
  let runbooks: string;
  let data: string;
  let marker: string;

  beforeAll(async () => {
    box = await startSandbox({ scenario: 'restart-fixes-it', healthStartPeriodMs: 0 });
    dir = tempDataDir('runbook-bot-cli-same-use-case-');
    runbooks = path.join(dir.dir, 'runbooks');
    data = path.join(dir.dir, 'data');
    marker = path.join(dir.dir, 'edited-ran');
    mkdirSync(runbooks, { recursive: true });
    copyFileSync(path.join(repoRoot, 'runbooks/api-down.md'), path.join(runbooks, 'api-down.md'));
    copyFileSync(path.join(repoRoot, 'runbooks/api-down.yml'), path.join(runbooks, 'api-down.yml'));
  });
  afterAll(async () => {
    await box?.stop();
    dir?.remove();
  });

  const runRestart = (extra: string[], stdin?: PassThrough & { isTTY?: boolean }) =>
    runInProcess(['run', 'api-down', 'restart', '--workdir', box.dir, '--runbooks', runbooks, ...extra], {
      env: cliEnv({ ...box.env, DATA_DIR: data, TZ: 'UTC' }),
      ...(stdin ? { stdin } : {}),
    });
  const inData = <T>(work: (store: Store) => T): T => {
    const store = openStore({ file: path.join(data, storeFileName), clock: systemClock });
    try {
      return work(store);
    } finally {
      store.close();
    }
  };

  /** A terminal whose operator types `answer` — after `meanwhile` happened (read when the prompt waits). */
  function typedAfter(meanwhile: () => void, answer: string): PassThrough & { isTTY?: boolean } {
    let asked = false;
    const stdin = new Readable({
      read() {
        if (asked) return;
        asked = true;
        meanwhile();
        this.push(answer);
        this.push(null);
      },
    }) as unknown as PassThrough & { isTTY?: boolean };
    stdin.isTTY = true;
    return stdin;
  }

  it('the runbook edited between the confirmation and the run: nothing runs, no approval is recorded', async () => {
    const file = path.join(runbooks, 'api-down.md');
    const original = readFileSync(file, 'utf8');
    const run = await runRestart(
      [],
      typedAfter(
        () => writeFileSync(file, original.replace(RESTART_CMD, `${RESTART_CMD} && echo ran >> ${marker}`)),
        'api-down\n',
      ),
    );
    writeFileSync(file, original);
    expect(run.stderr).toMatch(
      /Fingerprint [0-9a-f]{8}: if the runbook changes before it runs, nothing runs\./,
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('"PASSO 2: Restart do Serviço" changed since you confirmed it');
    expect(run.stderr).toContain('nothing was run.');
    expect(existsSync(marker)).toBe(false);
    expect(await box.restartCount()).toBe(0);
    expect(inData((store) => store.countChangeRuns('api-down', 0))).toBe(0);
    const kinds = inData((store) =>
      store
        .listIncidents({ limit: 10 })
        .flatMap((incident) => store.listTimeline(incident.id).map((e) => e.kind)),
    );
    expect(kinds).not.toContain('approval_requested');
    expect(kinds).not.toContain('change_run');
  });

  it('confirmed and unchanged: request, approval and run leave the entries a Slack approval leaves', async () => {
    const run = await runRestart(
      [],
      typedAfter(() => {}, 'api-down\n'),
    );
    expect(run.code).toBe(0);
    expect(await box.restartCount()).toBe(1);
    const shown = /Fingerprint ([0-9a-f]{8})/.exec(run.stderr)?.[1];

    const { entries, approval, lockFree } = inData((store) => {
      const incident = store
        .listIncidents({ limit: 10 })
        .find((candidate) => candidate.runbook === 'api-down');
      const list = store.listTimeline(incident?.id ?? -1);
      const requested = list.find((entry) => entry.kind === 'approval_requested');
      const found = store.getApproval(String(requested?.data.approvalId));
      // The per-service lock of the core (change:<service>) was held and is free again.
      const free = store.acquireLock(changeLockName('api-down'), 'test', 1000);
      return { entries: list, approval: found, lockFree: free };
    });
    expect(approval).toMatchObject({
      state: 'succeeded',
      requestedBy: ACTOR,
      decidedBy: ACTOR,
      channel: 'cli',
      reason: 'confirmed in terminal',
    });
    expect(approval?.fingerprint?.slice(0, 8)).toBe(shown);
    expect(lockFree).toBe(true);
    const ofApproval = entries.filter(
      (entry) => entry.data.approvalId === approval?.id || entry.kind === 'section_run',
    );
    expect(ofApproval.map((entry) => entry.kind)).toEqual([
      'approval_requested',
      'approval_decided',
      'section_run',
      'section_run',
      'change_run',
    ]);
    expect(ofApproval[0]?.data).toMatchObject({
      fingerprint: approval?.fingerprint,
      via: 'cli',
      breakGlass: false,
    });
    // decide-approval's own wording ("Approved by U222"), with how it was confirmed.
    expect(ofApproval[1]).toMatchObject({
      actor: ACTOR,
      summary: `Approved by ${ACTOR} (confirmed in terminal)`,
      data: expect.objectContaining({ decision: 'approved', fingerprint: approval?.fingerprint }),
    });
    expect(ofApproval[4]?.data).toMatchObject({ state: 'succeeded', healthy: true });
  });
});
