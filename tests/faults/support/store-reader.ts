import Database from 'better-sqlite3';

export interface ApprovalRow {
  id: string;
  state: string;
  reason: string | null;
}

export interface TimelineRow {
  incident_id: number;
  kind: string;
  summary: string;
  data: string;
}

/** Read-only look at a bot's SQLite file (the bot may be another process): open, read, close. */
export function readStore(file: string) {
  const open = <T>(read: (db: Database.Database) => T): T => {
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      return read(db);
    } finally {
      db.close();
    }
  };
  return {
    approval: (id: string): ApprovalRow | null =>
      open(
        (db) =>
          (db.prepare('SELECT id, state, reason FROM approvals WHERE id = ?').get(id) as
            | ApprovalRow
            | undefined) ?? null,
      ),
    timeline: (): TimelineRow[] =>
      open(
        (db) =>
          db
            .prepare('SELECT incident_id, kind, summary, data FROM timeline ORDER BY id')
            .all() as TimelineRow[],
      ),
    /** Id of the latest incident of a channel. */
    incidentIn: (channel: string): number | null =>
      open(
        (db) =>
          (
            db.prepare('SELECT id FROM incidents WHERE channel = ? ORDER BY id DESC LIMIT 1').get(channel) as
              | { id: number }
              | undefined
          )?.id ?? null,
      ),
    /** Outbox messages not delivered yet (key, kind, attempts, last error). */
    undelivered: (): { key: string; kind: string; attempts: number; last_error: string | null }[] =>
      open(
        (db) =>
          db
            .prepare(
              'SELECT key, kind, attempts, last_error FROM outbox WHERE delivered_at IS NULL ORDER BY id',
            )
            .all() as { key: string; kind: string; attempts: number; last_error: string | null }[],
      ),
    /** Every approval, oldest first, with the channel of its incident. */
    approvals: (): (ApprovalRow & { channel: string })[] =>
      open(
        (db) =>
          db
            .prepare(
              `SELECT a.id, a.state, a.reason, i.channel FROM approvals a
               JOIN incidents i ON i.id = a.incident_id ORDER BY a.rowid`,
            )
            .all() as (ApprovalRow & { channel: string })[],
      ),
    /** Every row of every table, one JSON line per table (for secret searches). */
    dump: (): string =>
      open((db) =>
        (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[])
          .map(({ name }) => `${name}: ${JSON.stringify(db.prepare(`SELECT * FROM "${name}"`).all())}`)
          .join('\n'),
      ),
  };
}
