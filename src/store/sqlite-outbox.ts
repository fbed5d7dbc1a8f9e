import type Database from 'better-sqlite3';
import type { Clock } from '../core/ports.ts';
import { type OutboxRow, toOutboxMessage } from './sqlite-rows.ts';
import type { Store } from './store.ts';

type OutboxOps = Pick<
  Store,
  | 'enqueueMessage'
  | 'getMessage'
  | 'pendingMessages'
  | 'claimMessage'
  | 'markDelivered'
  | 'markAttempt'
  | 'markUncertain'
  | 'renewMessageLease'
  | 'noteCardProblem'
  | 'cardProblem'
>;

const due = 'delivered_at IS NULL AND (next_attempt_at IS NULL OR next_attempt_at <= ?)';

export function outboxOps(db: Database.Database, clock: Clock): OutboxOps {
  const insert = db.prepare<[string, number | null, string, string, number], { id: number }>(
    `INSERT INTO outbox (key, incident_id, kind, payload, created_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (key) DO NOTHING RETURNING id`,
  );
  const byKey = db.prepare<[string], { id: number }>('SELECT id FROM outbox WHERE key = ?');
  const byId = db.prepare<[number], OutboxRow>('SELECT * FROM outbox WHERE id = ?');
  const pending = db.prepare<[number, number], OutboxRow>(
    `SELECT * FROM outbox WHERE ${due} ORDER BY id LIMIT ?`,
  );
  // An attempt that never recorded its outcome (the sender died mid-call) may have posted: the
  // next claim turns it into `uncertain_since`, so that attempt checks Slack before posting.
  const claim = db.prepare<[number, number, number, number]>(
    `UPDATE outbox SET next_attempt_at = ?,
       uncertain_since = CASE WHEN attempt_started_at IS NULL THEN uncertain_since
                              ELSE COALESCE(uncertain_since, attempt_started_at) END,
       attempt_started_at = ?
     WHERE id = ? AND ${due}`,
  );
  const renew = db.prepare<[number, number]>(
    'UPDATE outbox SET next_attempt_at = ? WHERE id = ? AND delivered_at IS NULL',
  );
  const delivered = db.prepare<[number, string | null, number]>(
    `UPDATE outbox SET delivered_at = ?, result_ts = ?, attempts = attempts + 1, attempt_started_at = NULL
     WHERE id = ? AND delivered_at IS NULL`,
  );
  const attempt = db.prepare<[string, number, number]>(
    `UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ?, attempt_started_at = NULL
     WHERE id = ? AND delivered_at IS NULL`,
  );
  const uncertain = db.prepare<[string, number, number, number]>(
    `UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ?,
       uncertain_since = COALESCE(uncertain_since, attempt_started_at, ?), attempt_started_at = NULL
     WHERE id = ? AND delivered_at IS NULL`,
  );
  const noteProblem = db.prepare<[number, string, number]>(
    `INSERT INTO card_problems (incident_id, error, noted_at) VALUES (?, ?, ?)
     ON CONFLICT (incident_id) DO NOTHING`,
  );
  const problemOf = db.prepare<[number], { error: string }>(
    'SELECT error FROM card_problems WHERE incident_id = ?',
  );

  const enqueue = db.transaction((key: string, incidentId: number | null, kind: string, payload: string) => {
    const created = insert.get(key, incidentId, kind, payload, clock.now());
    if (created) return { id: created.id, created: true };
    const existing = byKey.get(key);
    if (!existing) throw new Error(`outbox message ${key} neither created nor found`);
    return { id: existing.id, created: false };
  });

  return {
    enqueueMessage: ({ key, incidentId, kind, payload }) =>
      enqueue.immediate(key, incidentId ?? null, kind, JSON.stringify(payload)),
    getMessage: (id) => {
      const row = byId.get(id);
      return row ? toOutboxMessage(row) : null;
    },
    pendingMessages: (limit) => pending.all(clock.now(), limit).map(toOutboxMessage),
    claimMessage: (id, leaseMs) => {
      const now = clock.now();
      return claim.run(now + leaseMs, now, id, now).changes === 1;
    },
    renewMessageLease: (id, leaseMs) => renew.run(clock.now() + leaseMs, id).changes === 1,
    markDelivered: (id, resultTs) => delivered.run(clock.now(), resultTs, id).changes === 1,
    markAttempt: (id, error, nextAttemptAt) => attempt.run(error, nextAttemptAt, id).changes === 1,
    markUncertain: (id, error, nextAttemptAt) =>
      uncertain.run(error, nextAttemptAt, clock.now(), id).changes === 1,
    noteCardProblem: (incidentId, error) => {
      noteProblem.run(incidentId, error, clock.now());
    },
    cardProblem: (incidentId) => problemOf.get(incidentId)?.error ?? null,
  };
}
