import type Database from 'better-sqlite3';
import type { Clock } from '../core/ports.ts';
import { type IncidentRow, type TimelineRow, toIncident, toTimelineEntry } from './sqlite-rows.ts';
import type { Store } from './store.ts';

type IncidentOps = Pick<
  Store,
  | 'openIncident'
  | 'getOpenIncident'
  | 'getIncident'
  | 'listIncidents'
  | 'setIncidentCard'
  | 'updateIncident'
  | 'saveReport'
  | 'resolveIncident'
  | 'appendTimeline'
  | 'listTimeline'
>;

export function incidentOps(db: Database.Database, clock: Clock): IncidentOps {
  const byId = db.prepare<[number], IncidentRow>('SELECT * FROM incidents WHERE id = ?');
  const openOne = db.prepare<[string, string], IncidentRow>(
    "SELECT * FROM incidents WHERE runbook = ? AND channel = ? AND status <> 'resolved'",
  );
  const insert = db.prepare<[string, string, string, number], IncidentRow>(
    `INSERT INTO incidents (runbook, channel, status, opened_by, opened_at) VALUES (?, ?, 'investigating', ?, ?)
     ON CONFLICT (runbook, channel) WHERE status <> 'resolved' DO NOTHING RETURNING *`,
  );
  const listAll = db.prepare<[number], IncidentRow>('SELECT * FROM incidents ORDER BY id DESC LIMIT ?');
  const listOpen = db.prepare<[number], IncidentRow>(
    "SELECT * FROM incidents WHERE status <> 'resolved' ORDER BY id DESC LIMIT ?",
  );
  const listStatus = db.prepare<[string, number], IncidentRow>(
    'SELECT * FROM incidents WHERE status = ? ORDER BY id DESC LIMIT ?',
  );
  const setCard = db.prepare<[string, number]>('UPDATE incidents SET card_ts = ? WHERE id = ?');
  const update = db.prepare<[string | null, string | null, number | null, number], IncidentRow>(
    `UPDATE incidents SET status = COALESCE(?, status), symptoms = COALESCE(?, symptoms),
       many_users = COALESCE(?, many_users)
     WHERE id = ? AND status <> 'resolved' RETURNING *`,
  );
  const mergeReport = db.prepare<[string, number]>(
    "UPDATE incidents SET report = json_patch(report, ?) WHERE id = ? AND status <> 'resolved'",
  );
  const resolve = db.prepare<[string, number, number]>(
    "UPDATE incidents SET status = 'resolved', resolved_by = ?, resolved_at = ? WHERE id = ? AND status <> 'resolved'",
  );
  const cancelPending = db.prepare<[number, number]>(
    'UPDATE escalations SET cancelled_at = ? WHERE incident_id = ? AND fired_at IS NULL AND cancelled_at IS NULL',
  );
  const appendEntry = db.prepare<[number, number, string, string, string, string], TimelineRow>(
    'INSERT INTO timeline (incident_id, at, actor, kind, summary, data) VALUES (?, ?, ?, ?, ?, ?) RETURNING *',
  );
  const entries = db.prepare<[number], TimelineRow>(
    'SELECT * FROM timeline WHERE incident_id = ? ORDER BY id',
  );

  const open = db.transaction((runbook: string, channel: string, openedBy: string) => {
    const created = insert.get(runbook, channel, openedBy, clock.now());
    if (created) return { incident: toIncident(created), created: true };
    const existing = openOne.get(runbook, channel);
    if (!existing) throw new Error(`incident for ${runbook} in ${channel} neither created nor found`);
    return { incident: toIncident(existing), created: false };
  });

  const resolveAndCancel = db.transaction((id: number, by: string) => {
    const now = clock.now();
    if (resolve.run(by, now, id).changes !== 1) return false;
    cancelPending.run(now, id);
    return true;
  });

  return {
    openIncident: ({ runbook, channel, openedBy }) => open.immediate(runbook, channel, openedBy),
    getOpenIncident: (runbook, channel) => {
      const row = openOne.get(runbook, channel);
      return row ? toIncident(row) : null;
    },
    getIncident: (id) => {
      const row = byId.get(id);
      return row ? toIncident(row) : null;
    },
    listIncidents: ({ status, limit }) => {
      const rows =
        status === undefined
          ? listAll.all(limit)
          : status === 'open'
            ? listOpen.all(limit)
            : listStatus.all(status, limit);
      return rows.map(toIncident);
    },
    setIncidentCard: (id, cardTs) => setCard.run(cardTs, id).changes === 1,
    updateIncident: (id, changes) => {
      const row = update.get(
        changes.status ?? null,
        changes.symptoms ? JSON.stringify(changes.symptoms) : null,
        changes.manyUsers === undefined ? null : Number(changes.manyUsers),
        id,
      );
      return row ? toIncident(row) : null;
    },
    saveReport: (id, fields) => mergeReport.run(JSON.stringify(fields), id).changes === 1,
    resolveIncident: (id, by) => resolveAndCancel.immediate(id, by),
    appendTimeline: ({ incidentId, actor, kind, summary, data }) => {
      const row = appendEntry.get(incidentId, clock.now(), actor, kind, summary, JSON.stringify(data ?? {}));
      if (!row) throw new Error('timeline insert returned nothing');
      return toTimelineEntry(row);
    },
    listTimeline: (incidentId) => entries.all(incidentId).map(toTimelineEntry),
  };
}
