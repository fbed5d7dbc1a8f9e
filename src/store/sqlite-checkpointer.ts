import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';

/**
 * A WAL checkpoint copies the log back into the database file and syncs it to disk: 5–30 ms of
 * blocking I/O. SQLite does it inside whichever write fills the log past 1,000 pages, so in a
 * long-running bot it landed on the event loop in the middle of a request (an alert storm saw its
 * slowest answers exactly there). The serving process hands it to a worker thread with its own
 * connection, which checkpoints every `everyMs` without blocking writers (PASSIVE); the main
 * connection's automatic checkpoint is switched off only while that worker is alive, and switched
 * back on if the worker fails, so the log can never grow without bound.
 */
export interface Checkpointer {
  /** Ends the thread (it finishes a checkpoint in progress) and switches the automatic one back on. */
  stop(): void;
}

// The worker is plain CommonJS evaluated from this string: no extra file to ship with the bundle.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { timeout: workerData.busyTimeoutMs });
const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (error) {
    // Busy or locked: the next round tries again.
  }
}, workerData.everyMs);
parentPort.on('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

const AUTOMATIC_PAGES = 1000;

export function startCheckpointer(
  db: Database.Database,
  options: { file: string; everyMs?: number; busyTimeoutMs: number; startAfterMs?: number },
): Checkpointer {
  let worker: Worker | null = null;
  let stopping = false;
  // A thread that failed or ended: SQLite checkpoints inside writes again, as without it.
  const restoreAutomatic = () => {
    if (db.open) db.pragma(`wal_autocheckpoint = ${AUTOMATIC_PAGES}`);
  };
  const start = () => {
    if (stopping || !db.open) return;
    worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        driver: createRequire(import.meta.url).resolve('better-sqlite3'),
        file: options.file,
        everyMs: options.everyMs ?? 1000,
        busyTimeoutMs: options.busyTimeoutMs,
      },
      // A thread that only syncs a file: a small heap is plenty.
      resourceLimits: { maxOldGenerationSizeMb: 8, maxYoungGenerationSizeMb: 2 },
    });
    worker.unref();
    worker.once('error', restoreAutomatic);
    worker.once('exit', restoreAutomatic);
    db.pragma('wal_autocheckpoint = 0');
  };
  // Started once the process is up (a thread's start is CPU the bot's own start needs); until
  // then SQLite checkpoints as usual.
  const timer = setTimeout(start, options.startAfterMs ?? 2000);
  timer.unref();
  return {
    stop: () => {
      if (stopping) return;
      stopping = true;
      clearTimeout(timer);
      worker?.postMessage('stop');
      restoreAutomatic();
    },
  };
}
