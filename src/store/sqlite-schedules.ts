import type Database from 'better-sqlite3';
import type { ScheduleRun, Store } from './store.ts';

type ScheduleOps = Pick<Store, 'lastScheduleRun' | 'recordScheduleRun'>;

interface ScheduleRow {
  schedule_key: string;
  slot: string;
  digest: string;
  ran_at: number;
}

/** The last run of each schedule: one row per schedule, replaced by each run. */
export function scheduleOps(db: Database.Database): ScheduleOps {
  const last = db.prepare<[string], ScheduleRow>('SELECT * FROM schedule_runs WHERE schedule_key = ?');
  const record = db.prepare<[string, string, string, number]>(
    `INSERT INTO schedule_runs (schedule_key, slot, digest, ran_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (schedule_key) DO UPDATE SET slot = excluded.slot, digest = excluded.digest, ran_at = excluded.ran_at`,
  );
  return {
    lastScheduleRun: (scheduleKey) => {
      const row = last.get(scheduleKey);
      return row ? toRun(row) : null;
    },
    recordScheduleRun: (run: ScheduleRun) => {
      record.run(run.scheduleKey, run.slot, run.digest, run.ranAt);
    },
  };
}

function toRun(row: ScheduleRow): ScheduleRun {
  return { scheduleKey: row.schedule_key, slot: row.slot, digest: row.digest, ranAt: Number(row.ran_at) };
}
