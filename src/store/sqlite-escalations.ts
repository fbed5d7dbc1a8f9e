import type Database from 'better-sqlite3';
import { type EscalationRow, toEscalation } from './sqlite-rows.ts';
import type { ScheduleEscalationInput, Store } from './store.ts';

type EscalationOps = Pick<
  Store,
  | 'scheduleEscalations'
  | 'dueEscalations'
  | 'claimEscalation'
  | 'fireEscalation'
  | 'cancelEscalations'
  | 'nextEscalation'
  | 'listEscalations'
>;

const live = 'fired_at IS NULL AND cancelled_at IS NULL';

/** What firing writes besides the escalation row (the same database, so the same transaction). */
type FireEffects = Pick<Store, 'appendTimeline' | 'enqueueMessage'>;

export function escalationOps(db: Database.Database, effects: FireEffects): EscalationOps {
  const insert = db.prepare<[number, number, string, string, number]>(
    `INSERT INTO escalations (incident_id, rule_index, roles, trigger, due_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (incident_id, rule_index) DO NOTHING`,
  );
  const list = db.prepare<[number], EscalationRow>(
    'SELECT * FROM escalations WHERE incident_id = ? ORDER BY due_at, rule_index',
  );
  const due = db.prepare<[number], EscalationRow>(
    `SELECT e.* FROM escalations e JOIN incidents i ON i.id = e.incident_id
     WHERE e.fired_at IS NULL AND e.cancelled_at IS NULL AND e.due_at <= ? AND i.status <> 'resolved'
     ORDER BY e.due_at, e.id`,
  );
  const claim = db.prepare<[number, number]>(
    `UPDATE escalations SET fired_at = ? WHERE id = ? AND ${live}
       AND incident_id IN (SELECT id FROM incidents WHERE status <> 'resolved')`,
  );
  const cancel = db.prepare<[number, number]>(
    `UPDATE escalations SET cancelled_at = ? WHERE incident_id = ? AND ${live}`,
  );
  const next = db.prepare<[number], EscalationRow>(
    `SELECT * FROM escalations WHERE incident_id = ? AND ${live} AND trigger = 'timer'
     ORDER BY due_at, rule_index LIMIT 1`,
  );

  const schedule = db.transaction((incidentId: number, items: readonly ScheduleEscalationInput[]) => {
    for (const item of items) {
      insert.run(incidentId, item.ruleIndex, JSON.stringify(item.roles), item.trigger, item.dueAt);
    }
    return list.all(incidentId).map(toEscalation);
  });

  const fire = db.transaction((input: Parameters<Store['fireEscalation']>[0]) => {
    if (claim.run(input.now, input.id).changes !== 1) return false;
    effects.appendTimeline(input.timeline);
    for (const message of input.messages) effects.enqueueMessage(message);
    return true;
  });

  return {
    scheduleEscalations: (incidentId, items) => schedule.immediate(incidentId, items),
    dueEscalations: (now) => due.all(now).map(toEscalation),
    claimEscalation: (id, now) => claim.run(now, id).changes === 1,
    fireEscalation: (input) => fire.immediate(input),
    cancelEscalations: (incidentId, now) => cancel.run(now, incidentId).changes,
    nextEscalation: (incidentId) => {
      const row = next.get(incidentId);
      return row ? toEscalation(row) : null;
    },
    listEscalations: (incidentId) => list.all(incidentId).map(toEscalation),
  };
}
