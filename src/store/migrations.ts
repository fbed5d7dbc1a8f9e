import type Database from 'better-sqlite3';

/**
 * Versioned schema. Each entry moves the database from `version - 1` to `version`; the current
 * version lives in `PRAGMA user_version`. Append new entries, never edit applied ones.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'incidents, timeline, dedupe',
    sql: `
      CREATE TABLE incidents (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        runbook TEXT NOT NULL,
        channel TEXT NOT NULL,
        card_ts TEXT,
        status TEXT NOT NULL,
        opened_by TEXT NOT NULL,
        opened_at INTEGER NOT NULL,
        resolved_by TEXT,
        resolved_at INTEGER,
        symptoms TEXT NOT NULL DEFAULT '[]',
        many_users INTEGER NOT NULL DEFAULT 0,
        report TEXT NOT NULL DEFAULT '{}'
      );
      -- At most one open incident per runbook and channel.
      CREATE UNIQUE INDEX incidents_one_open ON incidents (runbook, channel) WHERE status <> 'resolved';

      CREATE TABLE timeline (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        incident_id INTEGER NOT NULL REFERENCES incidents (id),
        at INTEGER NOT NULL,
        actor TEXT NOT NULL,
        kind TEXT NOT NULL,
        summary TEXT NOT NULL,
        data TEXT NOT NULL DEFAULT '{}'
      );
      CREATE INDEX timeline_by_incident ON timeline (incident_id, id);

      CREATE TABLE dedupe (
        key TEXT PRIMARY KEY,
        claimed_at INTEGER NOT NULL,
        expires_at INTEGER
      );
    `,
  },
  {
    version: 2,
    name: 'approvals, locks',
    sql: `
      CREATE TABLE approvals (
        id TEXT PRIMARY KEY,
        incident_id INTEGER NOT NULL REFERENCES incidents (id),
        runbook TEXT NOT NULL,
        section_id TEXT NOT NULL,
        service TEXT NOT NULL,
        state TEXT NOT NULL,
        requested_by TEXT NOT NULL,
        requested_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        decided_by TEXT,
        decided_at INTEGER,
        started_at INTEGER,
        finished_at INTEGER,
        break_glass INTEGER NOT NULL DEFAULT 0,
        reason TEXT,
        channel TEXT NOT NULL,
        message_ts TEXT
      );
      CREATE INDEX approvals_pending ON approvals (state, expires_at);
      CREATE INDEX approvals_runs ON approvals (service, started_at);

      CREATE TABLE locks (
        name TEXT PRIMARY KEY,
        owner TEXT NOT NULL,
        expires_at INTEGER NOT NULL
      );
    `,
  },
  {
    version: 3,
    name: 'escalations, outbox',
    sql: `
      CREATE TABLE escalations (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        incident_id INTEGER NOT NULL REFERENCES incidents (id),
        rule_index INTEGER NOT NULL,
        roles TEXT NOT NULL,
        trigger TEXT NOT NULL,
        due_at INTEGER NOT NULL,
        fired_at INTEGER,
        cancelled_at INTEGER,
        UNIQUE (incident_id, rule_index)
      );
      CREATE INDEX escalations_due ON escalations (due_at) WHERE fired_at IS NULL AND cancelled_at IS NULL;

      CREATE TABLE outbox (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        key TEXT NOT NULL UNIQUE,
        incident_id INTEGER REFERENCES incidents (id),
        kind TEXT NOT NULL,
        payload TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        next_attempt_at INTEGER,
        delivered_at INTEGER,
        result_ts TEXT
      );
      CREATE INDEX outbox_pending ON outbox (next_attempt_at) WHERE delivered_at IS NULL;
    `,
  },
  {
    version: 4,
    name: 'approval fingerprint',
    // What the approver saw (see core/approvals/change-fingerprint.ts). Older rows keep NULL: such an
    // approval is refused at approval and at execution with a clear reason, never run.
    sql: `
      ALTER TABLE approvals ADD COLUMN fingerprint TEXT;
    `,
  },
  {
    version: 5,
    name: 'outbox: ambiguous attempts, incident cards Slack lost',
    sql: `
      ALTER TABLE outbox ADD COLUMN uncertain_since INTEGER;
      ALTER TABLE outbox ADD COLUMN attempt_started_at INTEGER;
      CREATE TABLE card_problems (
        incident_id INTEGER PRIMARY KEY REFERENCES incidents (id),
        error TEXT NOT NULL,
        noted_at INTEGER NOT NULL
      );
    `,
  },
  {
    version: 6,
    name: 'running changes: owner and heartbeat',
    // Who runs a change (pid, host, process instance) and when it last said it is alive: only a
    // change whose heartbeat stopped is treated as interrupted (core/approvals/run-heartbeat.ts).
    sql: `
      ALTER TABLE approvals ADD COLUMN run_owner TEXT;
      ALTER TABLE approvals ADD COLUMN heartbeat_at INTEGER;
      ALTER TABLE approvals ADD COLUMN heartbeat_every_ms INTEGER;
      CREATE INDEX approvals_active ON approvals (state) WHERE state IN ('approved', 'running');
    `,
  },
  {
    version: 7,
    name: 'approval parameter values',
    // The values a parameterised change runs with (JSON object name -> value), bound to the
    // approval by its fingerprint. Older rows keep NULL: no values.
    sql: `
      ALTER TABLE approvals ADD COLUMN params TEXT;
    `,
  },
  {
    // Migration numbers 8 and 9 were set aside for other changes of the same release and not used.
    version: 8,
    name: 'schedule runs',
    // The last run of each schedule (a periodic drift check) and the digest of what it found: the
    // summary is posted only when that changes (core/drift/schedule-tick.ts).
    sql: `
      CREATE TABLE schedule_runs (
        schedule_key TEXT PRIMARY KEY,
        slot TEXT NOT NULL,
        digest TEXT NOT NULL,
        ran_at INTEGER NOT NULL
      );
    `,
  },
];

export const latestVersion = migrations.at(-1)?.version ?? 0;

export function schemaVersion(db: Database.Database): number {
  const version = db.pragma('user_version', { simple: true });
  return typeof version === 'number' ? version : 0;
}

/**
 * Applies every migration newer than the database, all in one IMMEDIATE transaction, so two
 * processes opening the same file at once do not both migrate. Refuses a database newer than
 * this code. Returns the resulting version.
 */
export function migrate(db: Database.Database, list: readonly Migration[] = migrations): number {
  const apply = db.transaction(() => {
    const current = schemaVersion(db);
    const known = list.at(-1)?.version ?? 0;
    if (current > known) {
      throw new Error(
        `database schema version ${current} is newer than this runbook-bot (${known}); upgrade it`,
      );
    }
    for (const migration of list) {
      if (migration.version <= current) continue;
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    }
    return schemaVersion(db);
  });
  return apply.immediate();
}
