import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { Clock } from '../core/ports.ts';
import type { ApprovalState } from './records.ts';
import { type ApprovalRow, toApproval } from './sqlite-rows.ts';
import type { Store } from './store.ts';

type ApprovalOps = Pick<
  Store,
  | 'createApproval'
  | 'getApproval'
  | 'transitionApproval'
  | 'listExpiredPending'
  | 'setApprovalMessage'
  | 'countChangeRuns'
  | 'listApprovalsIn'
  | 'heartbeatApproval'
  | 'failInterruptedRun'
>;

const finalStates: readonly ApprovalState[] = ['succeeded', 'failed', 'denied', 'expired'];

export function approvalOps(db: Database.Database, clock: Clock): ApprovalOps {
  const insert = db.prepare<unknown[], ApprovalRow>(
    `INSERT INTO approvals (id, incident_id, runbook, section_id, service, state, requested_by, requested_at,
       expires_at, break_glass, reason, channel, message_ts, fingerprint, params)
     VALUES (?, ?, ?, ?, ?, 'pending', ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
  );
  const byId = db.prepare<[string], ApprovalRow>('SELECT * FROM approvals WHERE id = ?');
  const expired = db.prepare<[number], ApprovalRow>(
    "SELECT * FROM approvals WHERE state = 'pending' AND expires_at <= ? ORDER BY expires_at",
  );
  const setMessage = db.prepare<[string, string, string]>(
    'UPDATE approvals SET channel = ?, message_ts = ? WHERE id = ?',
  );
  const runs = db.prepare<[string, number], { n: number }>(
    'SELECT count(*) AS n FROM approvals WHERE service = ? AND started_at IS NOT NULL AND started_at >= ?',
  );

  const beat = db.prepare<[number, string, string]>(
    "UPDATE approvals SET heartbeat_at = ? WHERE id = ? AND run_owner = ? AND state = 'running'",
  );
  const interrupted = db.prepare<[string, number, string, number], ApprovalRow>(
    `UPDATE approvals SET state = 'failed', reason = ?, finished_at = ?
     WHERE id = ? AND state = 'running' AND (heartbeat_at IS NULL OR heartbeat_at <= ?) RETURNING *`,
  );

  type Params = Record<string, string | number | null>;
  const transitions = new Map<string, Database.Statement<[Params], ApprovalRow>>();
  const transitionStatement = (sql: string) => {
    let statement = transitions.get(sql);
    if (!statement) {
      statement = db.prepare<[Params], ApprovalRow>(sql);
      transitions.set(sql, statement);
    }
    return statement;
  };

  return {
    createApproval: (input) => {
      const row = insert.get(
        randomUUID(),
        input.incidentId,
        input.runbook,
        input.sectionId,
        input.service,
        input.requestedBy,
        clock.now(),
        input.expiresAt,
        Number(input.breakGlass ?? false),
        input.reason ?? null,
        input.channel,
        input.messageTs ?? null,
        input.fingerprint ?? null,
        input.params && Object.keys(input.params).length > 0 ? JSON.stringify(input.params) : null,
      );
      if (!row) throw new Error('approval insert returned nothing');
      return toApproval(row);
    },
    getApproval: (id) => {
      const row = byId.get(id);
      return row ? toApproval(row) : null;
    },
    transitionApproval: (id, from, to, fields = {}) => {
      if (from.length === 0) return null;
      const now = clock.now();
      const sets = ['state = @to'];
      if (fields.decidedBy !== undefined) sets.push('decided_by = @decidedBy', 'decided_at = @decidedAt');
      if (fields.reason !== undefined) sets.push('reason = @reason');
      if (to === 'running') {
        sets.push('started_at = @now', 'heartbeat_at = @now');
        if (fields.runOwner !== undefined) sets.push('run_owner = @runOwner');
        if (fields.heartbeatEveryMs !== undefined) sets.push('heartbeat_every_ms = @heartbeatEveryMs');
      }
      if (finalStates.includes(to)) sets.push('finished_at = @now');
      const fromList = from.map((_, index) => `@from${index}`).join(', ');
      // Leaving `pending` towards execution is allowed only before the approval expires.
      const unexpired =
        (to === 'approved' || to === 'running') && from.includes('pending')
          ? " AND (state <> 'pending' OR expires_at > @now)"
          : '';
      const params: Params = {
        id,
        to,
        now,
        decidedBy: fields.decidedBy ?? null,
        decidedAt: fields.decidedAt ?? now,
        reason: fields.reason ?? null,
        runOwner: fields.runOwner ?? null,
        heartbeatEveryMs: fields.heartbeatEveryMs ?? null,
      };
      from.forEach((state, index) => {
        params[`from${index}`] = state;
      });
      const row = transitionStatement(
        `UPDATE approvals SET ${sets.join(', ')} WHERE id = @id AND state IN (${fromList})${unexpired} RETURNING *`,
      ).get(params);
      return row ? toApproval(row) : null;
    },
    listExpiredPending: (now) => expired.all(now).map(toApproval),
    setApprovalMessage: (id, channel, ts) => setMessage.run(channel, ts, id).changes === 1,
    countChangeRuns: (service, sinceMs) => runs.get(service, sinceMs)?.n ?? 0,
    listApprovalsIn: (states) => {
      if (states.length === 0) return [];
      const marks = states.map(() => '?').join(', ');
      return db
        .prepare<string[], ApprovalRow>(
          `SELECT * FROM approvals WHERE state IN (${marks}) ORDER BY requested_at, id`,
        )
        .all(...states)
        .map(toApproval);
    },
    heartbeatApproval: (id, owner) => beat.run(clock.now(), id, owner).changes === 1,
    failInterruptedRun: (id, heartbeatBefore, reason) => {
      const row = interrupted.get(reason, clock.now(), id, heartbeatBefore);
      return row ? toApproval(row) : null;
    },
  };
}
