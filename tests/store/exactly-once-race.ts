import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { Store } from '../../src/store/store.ts';

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

function startWorker(location: string, idsFile: string, index: number): Worker {
  const child = spawn(process.execPath, ['--import', 'tsx', worker, location, idsFile, String(index)], {
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

/**
 * Four worker processes (race-worker.ts) race on the same transitions, claims, locks and incidents
 * in one database: `location` is a SQLite file or a postgres:// URL, `open` opens it here.
 * Every item must have exactly one winner.
 */
export async function raceFourProcesses(location: string, idsFile: string, open: () => Store): Promise<void> {
  const items = 60;
  const store = open();
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

  writeFileSync(idsFile, JSON.stringify({ approvals, escalations, attempts: 3 }));
  const workers = [0, 1, 2, 3].map((index) => startWorker(location, idsFile, index));
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

  const check = open();
  try {
    expect(approvals.every((id) => check.getApproval(id)?.state === 'running')).toBe(true);
    expect(check.countChangeRuns('api', 0)).toBe(items);
    expect(check.listIncidents({ status: 'open', limit: 1_000 })).toHaveLength(items + 1);
  } finally {
    check.close();
  }
}
