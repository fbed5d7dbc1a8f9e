import { z } from 'zod';
import type { VerdictDetail } from '../exec/step-result.ts';
import type {
  Approval,
  ApprovalState,
  Escalation,
  Incident,
  IncidentStatus,
  TimelineEntry,
  TimelineKind,
} from './records.ts';
import type { OutboxMessage } from './store.ts';

/** Rows as SQLite returns them, and their mapping to the shared records. */

export interface IncidentRow {
  id: number;
  runbook: string;
  channel: string;
  card_ts: string | null;
  status: string;
  opened_by: string;
  opened_at: number;
  resolved_by: string | null;
  resolved_at: number | null;
  symptoms: string;
  many_users: number;
  report: string;
}

export interface TimelineRow {
  id: number;
  incident_id: number;
  at: number;
  actor: string;
  kind: string;
  summary: string;
  data: string;
}

export interface ApprovalRow {
  id: string;
  incident_id: number;
  runbook: string;
  section_id: string;
  service: string;
  state: string;
  requested_by: string;
  requested_at: number;
  expires_at: number;
  decided_by: string | null;
  decided_at: number | null;
  started_at: number | null;
  finished_at: number | null;
  break_glass: number;
  reason: string | null;
  channel: string;
  message_ts: string | null;
  fingerprint?: string | null;
  run_owner?: string | null;
  heartbeat_at?: number | null;
  heartbeat_every_ms?: number | null;
  /** JSON object (name -> value) or NULL. */
  params?: string | null;
}

export interface EscalationRow {
  id: number;
  incident_id: number;
  rule_index: number;
  roles: string;
  trigger: string;
  due_at: number;
  fired_at: number | null;
  cancelled_at: number | null;
}

export interface OutboxRow {
  id: number;
  key: string;
  incident_id: number | null;
  kind: string;
  payload: string;
  created_at: number;
  attempts: number;
  last_error: string | null;
  next_attempt_at: number | null;
  delivered_at: number | null;
  result_ts: string | null;
  uncertain_since: number | null;
}

const incidentStatus = z.enum(['investigating', 'awaiting_approval', 'mitigating', 'monitoring', 'resolved']);
const timelineKind = z.enum([
  'opened',
  'command',
  'section_run',
  'approval_requested',
  'approval_refused',
  'approval_decided',
  'change_run',
  'escalation',
  'impact',
  'resolved',
  'note',
  'alert',
  'page',
]);
const approvalState = z.enum(['pending', 'approved', 'running', 'succeeded', 'failed', 'denied', 'expired']);
const symptoms = z.array(
  z.object({
    stepId: z.string(),
    title: z.string(),
    verdict: z.string(),
    // The structured verdict (src/exec VerdictDetail), kept as written so renderers can localise it.
    detail: z
      .custom<VerdictDetail>((value) => typeof value === 'object' && value !== null && 'kind' in value)
      .optional(),
  }),
);
const stringRecord = z.record(z.string(), z.string());
const unknownRecord = z.record(z.string(), z.unknown());
const strings = z.array(z.string());
const trigger = z.enum(['timer', 'manual']);

function json<T>(schema: z.ZodType<T>, text: string): T {
  return schema.parse(JSON.parse(text));
}

export function toIncident(row: IncidentRow): Incident {
  const status: IncidentStatus = incidentStatus.parse(row.status);
  return {
    id: row.id,
    runbook: row.runbook,
    channel: row.channel,
    cardTs: row.card_ts,
    status,
    openedBy: row.opened_by,
    openedAt: row.opened_at,
    resolvedBy: row.resolved_by,
    resolvedAt: row.resolved_at,
    symptoms: json(symptoms, row.symptoms),
    manyUsers: row.many_users === 1,
    report: json(stringRecord, row.report),
  };
}

export function toTimelineEntry(row: TimelineRow): TimelineEntry {
  const kind: TimelineKind = timelineKind.parse(row.kind);
  return {
    id: row.id,
    incidentId: row.incident_id,
    at: row.at,
    actor: row.actor,
    kind,
    summary: row.summary,
    data: json(unknownRecord, row.data),
  };
}

export function toApproval(row: ApprovalRow): Approval {
  const state: ApprovalState = approvalState.parse(row.state);
  return {
    id: row.id,
    incidentId: row.incident_id,
    runbook: row.runbook,
    sectionId: row.section_id,
    service: row.service,
    state,
    requestedBy: row.requested_by,
    requestedAt: row.requested_at,
    expiresAt: row.expires_at,
    decidedBy: row.decided_by,
    decidedAt: row.decided_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    breakGlass: row.break_glass === 1,
    reason: row.reason,
    channel: row.channel,
    messageTs: row.message_ts,
    fingerprint: row.fingerprint ?? null,
    runOwner: row.run_owner ?? null,
    heartbeatAt: row.heartbeat_at ?? null,
    heartbeatEveryMs: row.heartbeat_every_ms ?? null,
    params: row.params ? json(stringRecord, row.params) : {},
  };
}

export function toEscalation(row: EscalationRow): Escalation {
  return {
    id: row.id,
    incidentId: row.incident_id,
    ruleIndex: row.rule_index,
    roles: json(strings, row.roles),
    trigger: trigger.parse(row.trigger),
    dueAt: row.due_at,
    firedAt: row.fired_at,
    cancelledAt: row.cancelled_at,
  };
}

export function toOutboxMessage(row: OutboxRow): OutboxMessage {
  return {
    id: row.id,
    key: row.key,
    incidentId: row.incident_id,
    kind: row.kind,
    payload: JSON.parse(row.payload),
    createdAt: row.created_at,
    attempts: row.attempts,
    lastError: row.last_error,
    nextAttemptAt: row.next_attempt_at,
    deliveredAt: row.delivered_at,
    resultTs: row.result_ts,
    uncertainSince: row.uncertain_since ?? null,
  };
}
