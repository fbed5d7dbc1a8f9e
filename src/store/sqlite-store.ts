import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { Clock } from '../core/ports.ts';
import { migrate } from './migrations.ts';
import { approvalOps } from './sqlite-approvals.ts';
import { startCheckpointer } from './sqlite-checkpointer.ts';
import { coordinationOps } from './sqlite-coordination.ts';
import { escalationOps } from './sqlite-escalations.ts';
import { incidentOps } from './sqlite-incidents.ts';
import { outboxOps } from './sqlite-outbox.ts';
import { scheduleOps } from './sqlite-schedules.ts';
import type { Store } from './store.ts';

export const storeFileName = 'runbook-bot.sqlite';

export interface OpenStoreOptions {
  /** Database file, normally `DATA_DIR/runbook-bot.sqlite`; its directory is created. */
  file: string;
  clock: Clock;
  /** How long a write waits for another process holding the lock. Default 5 s. */
  busyTimeoutMs?: number;
  /**
   * A long-running process (serve): WAL checkpoints run on a thread of their own instead of inside
   * whichever write fills the log (sqlite-checkpointer.ts). Short CLI runs leave it to SQLite.
   */
  checkpointInBackground?: boolean;
}

/**
 * Opens (and migrates) the SQLite store. Several processes may open the same file: WAL lets
 * readers and a writer work together, busy_timeout makes writers queue instead of failing.
 */
export function openStore({
  file,
  clock,
  busyTimeoutMs = 5_000,
  checkpointInBackground = false,
}: OpenStoreOptions): Store {
  mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file, { timeout: busyTimeoutMs });
  try {
    db.pragma(`busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`);
    db.pragma('journal_mode = WAL');
    // NORMAL with WAL: consistent after any crash; a power cut may roll back only the last commits.
    // That cannot run a change twice: execution starts only on the pending->approved->running
    // transition, and a click on an already approved card is refused. FULL cost ~1.1 ms per write,
    // which delayed every queued slash-command ack (docs/BENCHMARKS.md).
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    migrate(db);
  } catch (error) {
    db.close();
    throw error;
  }
  const checkpointer = checkpointInBackground ? startCheckpointer(db, { file, busyTimeoutMs }) : null;
  const incidents = incidentOps(db, clock);
  const outbox = outboxOps(db, clock);
  return {
    ...incidents,
    ...approvalOps(db, clock),
    ...coordinationOps(db, clock),
    ...escalationOps(db, { appendTimeline: incidents.appendTimeline, enqueueMessage: outbox.enqueueMessage }),
    ...outbox,
    ...scheduleOps(db),
    close: () => {
      checkpointer?.stop();
      if (db.open) db.close();
    },
  };
}
