/**
 * Child process for exactly-once tests: opens the shared store file and races the other workers
 * on the same transitions and claims. Prints what it won as one JSON line.
 * argv: <db file or postgres:// URL> <ids JSON file> <worker index>. Prints `ready`, waits for a line on stdin, then races.
 * Each worker walks the items from a different offset, so the workers collide all along the way.
 */
import { readFileSync } from 'node:fs';
import { systemClock } from '../../src/core/ports.ts';
import { openPostgresStore } from '../../src/store/postgres/postgres-store.ts';
import { openStore } from '../../src/store/sqlite-store.ts';

interface RaceIds {
  approvals: string[];
  escalations: number[];
  attempts: number;
}

const [file, idsFile, workerIndex = '0'] = process.argv.slice(2);
if (!file || !idsFile) throw new Error('usage: race-worker <db> <ids.json> <index>');
const ids = JSON.parse(readFileSync(idsFile, 'utf8')) as RaceIds;
const store = /^postgres(ql)?:\/\//.test(file)
  ? openPostgresStore({ url: file, clock: systemClock })
  : openStore({ file, clock: systemClock });
const me = `worker-${process.pid}`;
const won = {
  approved: [] as string[],
  running: [] as string[],
  escalations: [] as number[],
  keys: [] as number[],
  locks: [] as number[],
  incidents: [] as number[],
};

// Start together so the attempts overlap: the parent says go once every worker is ready.
process.stdout.write('ready\n');
await new Promise<void>((resolve) => process.stdin.once('data', () => resolve()));
process.stdin.pause();

const count = ids.approvals.length;
const offset = Math.floor((Number(workerIndex) * count) / 4);
const order = Array.from({ length: count }, (_, i) => (i + offset) % count);

for (let attempt = 0; attempt < ids.attempts; attempt++) {
  for (const index of order) {
    const id = ids.approvals[index]!;
    const escalation = ids.escalations[index]!;
    if (store.transitionApproval(id, ['pending'], 'approved', { decidedBy: me })) won.approved.push(id);
    if (store.transitionApproval(id, ['approved'], 'running')) won.running.push(id);
    if (store.claimOnce(`click:${index}`)) won.keys.push(index);
    if (store.acquireLock(`restart:${index}`, me, 60_000)) won.locks.push(index);
    if (store.openIncident({ runbook: 'race', channel: `C${index}`, openedBy: me }).created) {
      won.incidents.push(index);
    }
    if (store.claimEscalation(escalation, Date.now())) won.escalations.push(escalation);
  }
}
store.close();
process.stdout.write(`${JSON.stringify(won)}\n`);
