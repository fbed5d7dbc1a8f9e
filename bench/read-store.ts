import path from 'node:path';
import Database from 'better-sqlite3';
import { storeFileName } from '../src/store/sqlite-store.ts';

export interface SectionRunRow {
  incidentId: number;
  channel: string;
  runbook: string;
  at: number;
  durationMs: number;
  maxStepMs: number;
}

interface Row {
  incident_id: number;
  channel: string;
  runbook: string;
  at: number;
  data: string;
}

/** Every section_run of the timeline, with its wall time and slowest step (read-only). */
export function readSectionRuns(dataDir: string): SectionRunRow[] {
  const db = new Database(path.join(dataDir, storeFileName), { readonly: true, fileMustExist: true });
  try {
    const rows = db
      .prepare(
        `SELECT t.incident_id, i.channel, i.runbook, t.at, t.data FROM timeline t
         JOIN incidents i ON i.id = t.incident_id WHERE t.kind = 'section_run' ORDER BY t.id`,
      )
      .all() as Row[];
    return rows.map((row) => {
      const data = JSON.parse(row.data) as { durationMs?: number; steps?: { durationMs?: number }[] };
      const steps = (data.steps ?? []).map((step) => step.durationMs ?? 0);
      return {
        incidentId: row.incident_id,
        channel: row.channel,
        runbook: row.runbook,
        at: row.at,
        durationMs: data.durationMs ?? 0,
        maxStepMs: steps.length ? Math.max(...steps) : 0,
      };
    });
  } finally {
    db.close();
  }
}
