import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/core/ports.ts';
import { openStore } from '../../src/store/sqlite-store.ts';
import { tempDataDir } from '../support/temp-data-dir.ts';

const worker = fileURLToPath(new URL('./race-worker.ts', import.meta.url));

interface Won {
  approved: string[];
  running: string[];
  escalations: number[];
  keys: number[];
  locks: number[];
  incidents: number[];
}

interface Worker {
  ready: Promise<void>;
  go(): void;
  result: Promise<Won>;
}

function startWorker(file: string, idsFile: string, index: number): Worker {
  const child = spawn(process.execPath, ['--import', 'tsx', worker, file, idsFile, String(index)], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    markReady = resolve;
  });
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    if (out.startsWith('ready\n')) markReady();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    err += chunk.toString();
  });
  const result = new Promise<Won>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`worker exited ${code}: ${err}`));
      resolve(JSON.parse(out.slice('ready\n'.length)) as Won);
    });
  });
  return { ready, go: () => child.stdin.end('go\n'), result };
}

function countBy<T>(values: T[]): Map<T, number> {
  const counts = new Map<T, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return counts;
}

describe('exactly once across processes sharing one database file', () => {
  const data = tempDataDir();
  afterEach(() => data.remove());

  it('gives every transition, claim, lock and incident exactly one winner among 4 processes', async () => {
    const items = 60;
    const store = openStore({ file: data.file, clock: systemClock });
    const incidentId = store.openIncident({ runbook: 'api-down', channel: 'C1', openedBy: 'U1' }).incident.id;
    const approvals = Array.from({ length: items }, () =>
      store.createApproval({
        incidentId,
        runbook: 'api-down',
        sectionId: 'passo-2-restart-do-servico',
        service: 'api',
        requestedBy: 'U1',
        expiresAt: Date.now() + 3_600_000,
        channel: 'C1',
      }),
    ).map((approval) => approval.id);
    const escalations = store
      .scheduleEscalations(
        incidentId,
        Array.from({ length: items }, (_, ruleIndex) => ({
          ruleIndex,
          roles: ['DevOps Lead'],
          trigger: 'timer' as const,
          dueAt: Date.now(),
        })),
      )
      .map((escalation) => escalation.id);
    store.close();

    const idsFile = join(data.dir, 'ids.json');
    writeFileSync(idsFile, JSON.stringify({ approvals, escalations, attempts: 3 }));
    const workers = [0, 1, 2, 3].map((index) => startWorker(data.file, idsFile, index));
    await Promise.all(workers.map((w) => w.ready));
    for (const w of workers) w.go();
    const results = await Promise.all(workers.map((w) => w.result));

    const all = (pick: (won: Won) => (string | number)[]) => results.flatMap(pick);
    for (const pick of [
      (w: Won) => w.approved,
      (w: Won) => w.running,
      (w: Won) => w.escalations,
      (w: Won) => w.keys,
      (w: Won) => w.locks,
      (w: Won) => w.incidents,
    ]) {
      const counts = countBy(all(pick));
      expect(counts.size).toBe(items);
      expect([...counts.values()].every((n) => n === 1)).toBe(true);
    }

    const check = openStore({ file: data.file, clock: systemClock });
    try {
      expect(approvals.every((id) => check.getApproval(id)?.state === 'running')).toBe(true);
      expect(check.countChangeRuns('api', 0)).toBe(items);
      expect(check.listIncidents({ status: 'open', limit: 1_000 })).toHaveLength(items + 1);
    } finally {
      check.close();
    }
  });
});
