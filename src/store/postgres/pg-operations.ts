import { randomUUID } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import type { ApprovalState } from '../records.ts';
import {
  type ApprovalRow,
  type EscalationRow,
  type IncidentRow,
  type OutboxRow,
  type TimelineRow,
  toApproval,
  toEscalation,
  toIncident,
  toOutboxMessage,
  toTimelineEntry,
} from '../sqlite-rows.ts';
import type { EnqueueMessageInput, Store, TimelineInput } from '../store.ts';

/**
 * The Store operations in PostgreSQL, run inside the database worker (`pg-worker.ts`). Each one
 * is a single conditional statement or one transaction, so replicas on one database get exactly
 * one winner, as with SQLite. `now` is the caller's injected clock (the same time source as the
 * SQLite store), passed with every call.
 */
export type StoreOperation = Exclude<keyof Store, 'close'>;

export type PgOperations = {
  [K in StoreOperation]: (
    db: Db,
    now: number,
    ...args: Parameters<Store[K]>
  ) => Promise<ReturnType<Store[K]>>;
};

/** The pool and a transaction runner. */
export interface Db {
  pool: Pool;
}

/** Operations that only read: safe to retry once on a dropped connection. */
export const readOnlyOperations: ReadonlySet<StoreOperation> = new Set<StoreOperation>([
  'lastScheduleRun',
  'getOpenIncident',
  'getIncident',
  'listIncidents',
  'listTimeline',
  'getApproval',
  'listExpiredPending',
  'listApprovalsIn',
  'countChangeRuns',
  'dueEscalations',
  'nextEscalation',
  'listEscalations',
  'getMessage',
  'pendingMessages',
  'cardProblem',
]);

async function transaction<T>(db: Db, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await db.pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch((rollbackError: unknown) => {
      broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
    });
    throw error;
  } finally {
    client.release(broken);
  }
}

type Queryable = Pick<Pool, 'query'> | PoolClient;

async function rows<T extends object>(db: Queryable, sql: string, values: unknown[] = []): Promise<T[]> {
  return (await db.query<T>(sql, values)).rows;
}

async function one<T extends object>(db: Queryable, sql: string, values: unknown[] = []): Promise<T | null> {
  return (await db.query<T>(sql, values)).rows[0] ?? null;
}

async function changed(db: Queryable, sql: string, values: unknown[] = []): Promise<number> {
  return (await db.query(sql, values)).rowCount ?? 0;
}

const finalStates: readonly ApprovalState[] = ['succeeded', 'failed', 'denied', 'expired'];
const liveEscalation = 'fired_at IS NULL AND cancelled_at IS NULL';
const dueMessage = 'delivered_at IS NULL AND (next_attempt_at IS NULL OR next_attempt_at <= $1)';

async function appendTimeline(db: Queryable, now: number, input: TimelineInput) {
  const row = await one<TimelineRow>(
    db,
    'INSERT INTO timeline (incident_id, at, actor, kind, summary, data) VALUES ($1, $2, $3, $4, $5, $6) RETURNING *',
    [input.incidentId, now, input.actor, input.kind, input.summary, JSON.stringify(input.data ?? {})],
  );
  if (!row) throw new Error('timeline insert returned nothing');
  return toTimelineEntry(row);
}

async function enqueueMessage(db: Queryable, now: number, input: EnqueueMessageInput) {
  const created = await one<{ id: number }>(
    db,
    `INSERT INTO outbox (key, incident_id, kind, payload, created_at) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (key) DO NOTHING RETURNING id`,
    [input.key, input.incidentId ?? null, input.kind, JSON.stringify(input.payload), now],
  );
  if (created) return { id: created.id, created: true };
  const existing = await one<{ id: number }>(db, 'SELECT id FROM outbox WHERE key = $1', [input.key]);
  if (!existing) throw new Error(`outbox message ${input.key} neither created nor found`);
  return { id: existing.id, created: false };
}

async function claimEscalation(db: Queryable, id: number, now: number): Promise<boolean> {
  return (
    (await changed(
      db,
      `UPDATE escalations SET fired_at = $1 WHERE id = $2 AND ${liveEscalation}
         AND incident_id IN (SELECT id FROM incidents WHERE status <> 'resolved')`,
      [now, id],
    )) === 1
  );
}

export const pgOperations: PgOperations = {
  // incidents
  async openIncident(db, now, { runbook, channel, openedBy }) {
    // The partial unique index decides: a concurrent insert waits for the other one's commit.
    // The open incident may be resolved between the conflict and the read: then try again.
    for (let attempt = 0; attempt < 5; attempt++) {
      const created = await one<IncidentRow>(
        db.pool,
        `INSERT INTO incidents (runbook, channel, status, opened_by, opened_at)
         VALUES ($1, $2, 'investigating', $3, $4)
         ON CONFLICT (runbook, channel) WHERE status <> 'resolved' DO NOTHING RETURNING *`,
        [runbook, channel, openedBy, now],
      );
      if (created) return { incident: toIncident(created), created: true };
      const existing = await one<IncidentRow>(
        db.pool,
        "SELECT * FROM incidents WHERE runbook = $1 AND channel = $2 AND status <> 'resolved'",
        [runbook, channel],
      );
      if (existing) return { incident: toIncident(existing), created: false };
    }
    throw new Error(`incident for ${runbook} in ${channel} neither created nor found`);
  },
  async getOpenIncident(db, _now, runbook, channel) {
    const row = await one<IncidentRow>(
      db.pool,
      "SELECT * FROM incidents WHERE runbook = $1 AND channel = $2 AND status <> 'resolved'",
      [runbook, channel],
    );
    return row ? toIncident(row) : null;
  },
  async getIncident(db, _now, id) {
    const row = await one<IncidentRow>(db.pool, 'SELECT * FROM incidents WHERE id = $1', [id]);
    return row ? toIncident(row) : null;
  },
  async listIncidents(db, _now, { status, limit }) {
    const found =
      status === undefined
        ? await rows<IncidentRow>(db.pool, 'SELECT * FROM incidents ORDER BY id DESC LIMIT $1', [limit])
        : status === 'open'
          ? await rows<IncidentRow>(
              db.pool,
              "SELECT * FROM incidents WHERE status <> 'resolved' ORDER BY id DESC LIMIT $1",
              [limit],
            )
          : await rows<IncidentRow>(
              db.pool,
              'SELECT * FROM incidents WHERE status = $1 ORDER BY id DESC LIMIT $2',
              [status, limit],
            );
    return found.map(toIncident);
  },
  async setIncidentCard(db, _now, id, cardTs) {
    return (await changed(db.pool, 'UPDATE incidents SET card_ts = $1 WHERE id = $2', [cardTs, id])) === 1;
  },
  async updateIncident(db, _now, id, changes) {
    const row = await one<IncidentRow>(
      db.pool,
      `UPDATE incidents SET status = COALESCE($1::text, status), symptoms = COALESCE($2::text, symptoms),
         many_users = COALESCE($3::integer, many_users)
       WHERE id = $4 AND status <> 'resolved' RETURNING *`,
      [
        changes.status ?? null,
        changes.symptoms ? JSON.stringify(changes.symptoms) : null,
        changes.manyUsers === undefined ? null : Number(changes.manyUsers),
        id,
      ],
    );
    return row ? toIncident(row) : null;
  },
  saveReport(db, _now, id, fields) {
    // Merged in order (existing labels keep their place, new ones are appended), like SQLite's json_patch.
    return transaction(db, async (client) => {
      const row = await one<{ report: string }>(
        client,
        "SELECT report FROM incidents WHERE id = $1 AND status <> 'resolved' FOR UPDATE",
        [id],
      );
      if (!row) return false;
      const merged = { ...(JSON.parse(row.report) as Record<string, string>), ...fields };
      await client.query('UPDATE incidents SET report = $1 WHERE id = $2', [JSON.stringify(merged), id]);
      return true;
    });
  },
  resolveIncident(db, now, id, by) {
    return transaction(db, async (client) => {
      const resolved = await changed(
        client,
        "UPDATE incidents SET status = 'resolved', resolved_by = $1, resolved_at = $2 WHERE id = $3 AND status <> 'resolved'",
        [by, now, id],
      );
      if (resolved !== 1) return false;
      await client.query(
        `UPDATE escalations SET cancelled_at = $1 WHERE incident_id = $2 AND ${liveEscalation}`,
        [now, id],
      );
      return true;
    });
  },

  // timeline
  appendTimeline: (db, now, input) => appendTimeline(db.pool, now, input),
  async listTimeline(db, _now, incidentId) {
    return (
      await rows<TimelineRow>(db.pool, 'SELECT * FROM timeline WHERE incident_id = $1 ORDER BY id', [
        incidentId,
      ])
    ).map(toTimelineEntry);
  },

  // dedupe and locks: one conditional upsert each
  async claimOnce(db, now, key, ttlMs) {
    return (
      (await changed(
        db.pool,
        `INSERT INTO dedupe (key, claimed_at, expires_at) VALUES ($1, $2, $3)
         ON CONFLICT (key) DO UPDATE SET claimed_at = excluded.claimed_at, expires_at = excluded.expires_at
         WHERE dedupe.expires_at IS NOT NULL AND dedupe.expires_at <= $2`,
        [key, now, ttlMs === undefined ? null : now + ttlMs],
      )) === 1
    );
  },
  async acquireLock(db, now, name, owner, ttlMs) {
    return (
      (await changed(
        db.pool,
        `INSERT INTO locks (name, owner, expires_at) VALUES ($1, $2, $3)
         ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
         WHERE locks.expires_at <= $4`,
        [name, owner, now + ttlMs, now],
      )) === 1
    );
  },
  async renewLock(db, now, name, owner, ttlMs) {
    return (
      (await changed(
        db.pool,
        'UPDATE locks SET expires_at = $1 WHERE name = $2 AND owner = $3 AND expires_at > $4',
        [now + ttlMs, name, owner, now],
      )) === 1
    );
  },
  async releaseLock(db, _now, name, owner) {
    return (await changed(db.pool, 'DELETE FROM locks WHERE name = $1 AND owner = $2', [name, owner])) === 1;
  },

  // approvals
  async createApproval(db, now, input) {
    const row = await one<ApprovalRow>(
      db.pool,
      `INSERT INTO approvals (id, incident_id, runbook, section_id, service, state, requested_by, requested_at,
         expires_at, break_glass, reason, channel, message_ts, fingerprint, params)
       VALUES ($1, $2, $3, $4, $5, 'pending', $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING *`,
      [
        randomUUID(),
        input.incidentId,
        input.runbook,
        input.sectionId,
        input.service,
        input.requestedBy,
        now,
        input.expiresAt,
        Number(input.breakGlass ?? false),
        input.reason ?? null,
        input.channel,
        input.messageTs ?? null,
        input.fingerprint ?? null,
        input.params && Object.keys(input.params).length > 0 ? JSON.stringify(input.params) : null,
      ],
    );
    if (!row) throw new Error('approval insert returned nothing');
    return toApproval(row);
  },
  async getApproval(db, _now, id) {
    const row = await one<ApprovalRow>(db.pool, 'SELECT * FROM approvals WHERE id = $1', [id]);
    return row ? toApproval(row) : null;
  },
  async transitionApproval(db, now, id, from, to, fields = {}) {
    if (from.length === 0) return null;
    const values: unknown[] = [];
    const param = (value: unknown) => {
      values.push(value);
      return `$${values.length}`;
    };
    const nowRef = param(now);
    const sets = [`state = ${param(to)}`];
    if (fields.decidedBy !== undefined) {
      sets.push(`decided_by = ${param(fields.decidedBy)}`, `decided_at = ${param(fields.decidedAt ?? now)}`);
    }
    if (fields.reason !== undefined) sets.push(`reason = ${param(fields.reason ?? null)}`);
    if (to === 'running') {
      sets.push(`started_at = ${nowRef}`, `heartbeat_at = ${nowRef}`);
      if (fields.runOwner !== undefined) sets.push(`run_owner = ${param(fields.runOwner)}`);
      if (fields.heartbeatEveryMs !== undefined) {
        sets.push(`heartbeat_every_ms = ${param(fields.heartbeatEveryMs)}`);
      }
    }
    if (finalStates.includes(to)) sets.push(`finished_at = ${nowRef}`);
    // Leaving `pending` towards execution is allowed only before the approval expires.
    const unexpired =
      (to === 'approved' || to === 'running') && from.includes('pending')
        ? ` AND (state <> 'pending' OR expires_at > ${nowRef})`
        : '';
    const row = await one<ApprovalRow>(
      db.pool,
      `UPDATE approvals SET ${sets.join(', ')}
       WHERE id = ${param(id)} AND state = ANY(${param([...from])}::text[])${unexpired} RETURNING *`,
      values,
    );
    return row ? toApproval(row) : null;
  },
  async listExpiredPending(db, _now, now) {
    return (
      await rows<ApprovalRow>(
        db.pool,
        "SELECT * FROM approvals WHERE state = 'pending' AND expires_at <= $1 ORDER BY expires_at",
        [now],
      )
    ).map(toApproval);
  },
  async listApprovalsIn(db, _now, states) {
    if (states.length === 0) return [];
    return (
      await rows<ApprovalRow>(
        db.pool,
        'SELECT * FROM approvals WHERE state = ANY($1::text[]) ORDER BY requested_at, id',
        [[...states]],
      )
    ).map(toApproval);
  },
  async heartbeatApproval(db, now, id, owner) {
    return (
      (await changed(
        db.pool,
        "UPDATE approvals SET heartbeat_at = $1 WHERE id = $2 AND run_owner = $3 AND state = 'running'",
        [now, id, owner],
      )) === 1
    );
  },
  async failInterruptedRun(db, now, id, heartbeatBefore, reason) {
    const row = await one<ApprovalRow>(
      db.pool,
      `UPDATE approvals SET state = 'failed', reason = $1, finished_at = $2
       WHERE id = $3 AND state = 'running' AND (heartbeat_at IS NULL OR heartbeat_at <= $4) RETURNING *`,
      [reason, now, id, heartbeatBefore],
    );
    return row ? toApproval(row) : null;
  },
  async setApprovalMessage(db, _now, id, channel, ts) {
    return (
      (await changed(db.pool, 'UPDATE approvals SET channel = $1, message_ts = $2 WHERE id = $3', [
        channel,
        ts,
        id,
      ])) === 1
    );
  },
  async countChangeRuns(db, _now, service, sinceMs) {
    const row = await one<{ n: number }>(
      db.pool,
      'SELECT count(*) AS n FROM approvals WHERE service = $1 AND started_at IS NOT NULL AND started_at >= $2',
      [service, sinceMs],
    );
    return Number(row?.n ?? 0);
  },

  // escalations
  scheduleEscalations(db, _now, incidentId, items) {
    return transaction(db, async (client) => {
      for (const item of items) {
        await client.query(
          `INSERT INTO escalations (incident_id, rule_index, roles, trigger, due_at) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (incident_id, rule_index) DO NOTHING`,
          [incidentId, item.ruleIndex, JSON.stringify(item.roles), item.trigger, item.dueAt],
        );
      }
      return (
        await rows<EscalationRow>(
          client,
          'SELECT * FROM escalations WHERE incident_id = $1 ORDER BY due_at, rule_index',
          [incidentId],
        )
      ).map(toEscalation);
    });
  },
  async dueEscalations(db, _now, now) {
    return (
      await rows<EscalationRow>(
        db.pool,
        `SELECT e.* FROM escalations e JOIN incidents i ON i.id = e.incident_id
         WHERE e.fired_at IS NULL AND e.cancelled_at IS NULL AND e.due_at <= $1 AND i.status <> 'resolved'
         ORDER BY e.due_at, e.id`,
        [now],
      )
    ).map(toEscalation);
  },
  claimEscalation: (db, _now, id, now) => claimEscalation(db.pool, id, now),
  fireEscalation(db, _now, input) {
    // The claim, its timeline entry and its pings commit together or not at all.
    return transaction(db, async (client) => {
      if (!(await claimEscalation(client, input.id, input.now))) return false;
      await appendTimeline(client, input.now, input.timeline);
      for (const message of input.messages) await enqueueMessage(client, input.now, message);
      return true;
    });
  },
  cancelEscalations(db, _now, incidentId, now) {
    return changed(
      db.pool,
      `UPDATE escalations SET cancelled_at = $1 WHERE incident_id = $2 AND ${liveEscalation}`,
      [now, incidentId],
    );
  },
  async nextEscalation(db, _now, incidentId) {
    const row = await one<EscalationRow>(
      db.pool,
      `SELECT * FROM escalations WHERE incident_id = $1 AND ${liveEscalation} AND trigger = 'timer'
       ORDER BY due_at, rule_index LIMIT 1`,
      [incidentId],
    );
    return row ? toEscalation(row) : null;
  },
  async listEscalations(db, _now, incidentId) {
    return (
      await rows<EscalationRow>(
        db.pool,
        'SELECT * FROM escalations WHERE incident_id = $1 ORDER BY due_at, rule_index',
        [incidentId],
      )
    ).map(toEscalation);
  },

  // outbox
  enqueueMessage: (db, now, input) => enqueueMessage(db.pool, now, input),
  async getMessage(db, _now, id) {
    const row = await one<OutboxRow>(db.pool, 'SELECT * FROM outbox WHERE id = $1', [id]);
    return row ? toOutboxMessage(row) : null;
  },
  async pendingMessages(db, now, limit) {
    return (
      await rows<OutboxRow>(db.pool, `SELECT * FROM outbox WHERE ${dueMessage} ORDER BY id LIMIT $2`, [
        now,
        limit,
      ])
    ).map(toOutboxMessage);
  },
  async claimMessage(db, now, id, leaseMs) {
    // A conditional UPDATE: a second sender waits for the first one's row lock, re-reads the row,
    // finds the lease in the future and changes nothing. An attempt that never recorded its
    // outcome (the sender died mid-call) becomes `uncertain_since`: the next one checks Slack first.
    return (
      (await changed(
        db.pool,
        `UPDATE outbox SET next_attempt_at = $2,
           uncertain_since = CASE WHEN attempt_started_at IS NULL THEN uncertain_since
                                  ELSE COALESCE(uncertain_since, attempt_started_at) END,
           attempt_started_at = $1
         WHERE id = $3 AND ${dueMessage}`,
        [now, now + leaseMs, id],
      )) === 1
    );
  },
  async renewMessageLease(db, now, id, leaseMs) {
    return (
      (await changed(
        db.pool,
        'UPDATE outbox SET next_attempt_at = $1 WHERE id = $2 AND delivered_at IS NULL',
        [now + leaseMs, id],
      )) === 1
    );
  },
  async markDelivered(db, now, id, resultTs) {
    return (
      (await changed(
        db.pool,
        `UPDATE outbox SET delivered_at = $1, result_ts = $2, attempts = attempts + 1, attempt_started_at = NULL
         WHERE id = $3 AND delivered_at IS NULL`,
        [now, resultTs, id],
      )) === 1
    );
  },
  async markAttempt(db, _now, id, error, nextAttemptAt) {
    return (
      (await changed(
        db.pool,
        `UPDATE outbox SET attempts = attempts + 1, last_error = $1, next_attempt_at = $2, attempt_started_at = NULL
         WHERE id = $3 AND delivered_at IS NULL`,
        [error, nextAttemptAt, id],
      )) === 1
    );
  },
  async markUncertain(db, now, id, error, nextAttemptAt) {
    return (
      (await changed(
        db.pool,
        `UPDATE outbox SET attempts = attempts + 1, last_error = $1, next_attempt_at = $2,
           uncertain_since = COALESCE(uncertain_since, attempt_started_at, $3), attempt_started_at = NULL
         WHERE id = $4 AND delivered_at IS NULL`,
        [error, nextAttemptAt, now, id],
      )) === 1
    );
  },
  async noteCardProblem(db, now, incidentId, error) {
    await db.pool.query(
      `INSERT INTO card_problems (incident_id, error, noted_at) VALUES ($1, $2, $3)
       ON CONFLICT (incident_id) DO NOTHING`,
      [incidentId, error, now],
    );
  },
  async cardProblem(db, _now, incidentId) {
    const row = await one<{ error: string }>(
      db.pool,
      'SELECT error FROM card_problems WHERE incident_id = $1',
      [incidentId],
    );
    return row?.error ?? null;
  },

  // schedules (issue 20): the last run of each, replaced by each run
  async lastScheduleRun(db, _now, scheduleKey) {
    const row = await one<{ schedule_key: string; slot: string; digest: string; ran_at: string | number }>(
      db.pool,
      'SELECT * FROM schedule_runs WHERE schedule_key = $1',
      [scheduleKey],
    );
    return row
      ? { scheduleKey: row.schedule_key, slot: row.slot, digest: row.digest, ranAt: Number(row.ran_at) }
      : null;
  },
  async recordScheduleRun(db, _now, run) {
    await changed(
      db.pool,
      `INSERT INTO schedule_runs (schedule_key, slot, digest, ran_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (schedule_key) DO UPDATE SET slot = excluded.slot, digest = excluded.digest, ran_at = excluded.ran_at`,
      [run.scheduleKey, run.slot, run.digest, run.ranAt],
    );
  },
};
