import { copyFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/sqlite-store.ts';
import type { Store } from '../../src/store/store.ts';
import { FakeClock } from '../support/fake-clock.ts';
import { tempDataDir } from '../support/temp-data-dir.ts';

/**
 * What is in the database file itself (not its write-ahead log): a copy of the file alone, opened
 * on its own, shows only what a checkpoint has written back.
 */
function timelineRowsInMainFile(file: string, scratch: string): number {
  const copy = path.join(scratch, 'main-file-only.sqlite');
  copyFileSync(file, copy);
  const db = new Database(copy, { readonly: true });
  try {
    const created = db
      .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'timeline'")
      .get();
    if (!created) return 0;
    return (db.prepare('SELECT count(*) AS n FROM timeline').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

async function eventually(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return check();
}

describe('SQLite checkpoints of a long-running process', () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => {
    for (const cleanup of cleanups.splice(0)) cleanup();
  });

  const open = (checkpointInBackground: boolean): { store: Store; file: string; dir: string } => {
    const data = tempDataDir('rb-checkpoint-');
    const store = openStore({ file: data.file, clock: new FakeClock(), checkpointInBackground });
    cleanups.push(() => {
      store.close();
      data.remove();
    });
    return { store, file: data.file, dir: data.dir };
  };

  const writeTimeline = (store: Store, entries: number): void => {
    const { incident } = store.openIncident({ runbook: 'api-down', channel: 'C1', openedBy: 'U1' });
    for (let i = 0; i < entries; i++)
      store.appendTimeline({ incidentId: incident.id, actor: 'U1', kind: 'note', summary: `entry ${i}` });
  };

  it('writes committed rows back to the database file from its own thread, while the store stays open', async () => {
    const { store, file, dir } = open(true);
    writeTimeline(store, 50);
    const written = await eventually(() => timelineRowsInMainFile(file, dir) === 50, 15_000);
    expect(written).toBe(true);
    // The store keeps working alongside the thread.
    writeTimeline(store, 5);
    expect(await eventually(() => timelineRowsInMainFile(file, dir) === 55, 15_000)).toBe(true);
  }, 40_000);

  it('without it (a short CLI run), a few rows stay in the log until SQLite checkpoints on its own', async () => {
    const { store, file, dir } = open(false);
    writeTimeline(store, 50);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(timelineRowsInMainFile(file, dir)).toBe(0);
  }, 20_000);

  it('loses nothing written just before close: a new process reads every row', () => {
    const { store, file } = open(true);
    writeTimeline(store, 20);
    store.close();
    const reopened = openStore({ file, clock: new FakeClock() });
    try {
      const incident = reopened.getOpenIncident('api-down', 'C1');
      expect(incident && reopened.listTimeline(incident.id)).toHaveLength(20);
    } finally {
      reopened.close();
    }
  });
});
