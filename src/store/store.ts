import type {
  Approval,
  ApprovalState,
  Escalation,
  Incident,
  IncidentStatus,
  Symptom,
  TimelineEntry,
  TimelineKind,
} from './records.ts';

/**
 * The state store (docs/ARCHITECTURE.md, "State"). Every operation is small and atomic; the
 * conditional ones (transitionApproval, claim*, acquireLock, resolveIncident) are single conditional writes, so
 * concurrent callers in one or several processes get exactly one winner. Synchronous because the
 * SQLite implementation is; a server-database implementation would wrap these in promises.
 * Callers redact before they store: the store keeps exactly what it is given.
 */
export interface Store {
  // incidents
  /** Opens an incident, or returns the one already open for runbook+channel (`created: false`). */
  openIncident(input: OpenIncidentInput): { incident: Incident; created: boolean };
  getOpenIncident(runbook: string, channel: string): Incident | null;
  getIncident(id: number): Incident | null;
  /** Newest first. `status: 'open'` means every status but resolved. */
  listIncidents(query: { status?: IncidentStatus | 'open'; limit: number }): Incident[];
  setIncidentCard(id: number, cardTs: string): boolean;
  /** Null when the incident does not exist or is already resolved (a resolved incident is frozen). */
  updateIncident(id: number, changes: IncidentChanges): Incident | null;
  /** Merges manual template fields into the report; false when missing or already resolved. */
  saveReport(id: number, fields: Record<string, string>): boolean;
  /** Resolves once and cancels its pending escalations; false when missing or already resolved. */
  resolveIncident(id: number, by: string): boolean;

  // timeline (written before the Slack message that reports it)
  appendTimeline(input: TimelineInput): TimelineEntry;
  listTimeline(incidentId: number): TimelineEntry[];

  // dedupe: a Slack retry or a replayed click runs once
  /** True for the first claim of `key`; a claim with `ttlMs` may be claimed again once expired. */
  claimOnce(key: string, ttlMs?: number): boolean;

  // approvals
  createApproval(input: CreateApprovalInput): Approval;
  getApproval(id: string): Approval | null;
  /**
   * Moves the approval to `to` only if its state is one of `from` (and, when leaving `pending` for
   * `approved`/`running`, only before it expires). Returns the updated approval, or null for the
   * losers. Entering `running` sets `startedAt`; entering a final state sets `finishedAt`.
   */
  transitionApproval(
    id: string,
    from: readonly ApprovalState[],
    to: ApprovalState,
    fields?: ApprovalTransitionFields,
  ): Approval | null;
  /** Pending approvals whose expiry is at or before `now`. */
  listExpiredPending(now: number): Approval[];
  /** Approvals in one of `states` (`approved`, `running`: the few in flight), oldest first. */
  listApprovalsIn(states: readonly ApprovalState[]): Approval[];
  /** The running change's owner is alive: sets `heartbeatAt` to now. False when it is no longer its run. */
  heartbeatApproval(id: string, owner: string): boolean;
  /**
   * Fails a `running` change whose last heartbeat is at or before `heartbeatBefore` (its owner
   * died); null when it finished, or its owner beat since (a live run is never taken).
   */
  failInterruptedRun(id: string, heartbeatBefore: number, reason: string): Approval | null;
  setApprovalMessage(id: string, channel: string, ts: string): boolean;
  /** Approvals of `service` that reached `running` at or after `sinceMs` (circuit breaker). */
  countChangeRuns(service: string, sinceMs: number): number;

  // locks (per-service restart lock, "a diagnose is already running")
  /** Takes the lock if free or expired; a live lock is never stolen, not even by its owner. */
  acquireLock(name: string, owner: string, ttlMs: number): boolean;
  /** Extends a lock the owner still holds. */
  renewLock(name: string, owner: string, ttlMs: number): boolean;
  releaseLock(name: string, owner: string): boolean;

  // escalations
  /** Idempotent per (incident, ruleIndex): scheduling twice keeps the first. Returns all of the incident's. */
  scheduleEscalations(incidentId: number, items: readonly ScheduleEscalationInput[]): Escalation[];
  /** Not fired, not cancelled, due at or before `now`, incident not resolved; earliest first. */
  dueEscalations(now: number): Escalation[];
  /** Marks it fired at `now` if nobody did; true for exactly one caller. */
  claimEscalation(id: number, now: number): boolean;
  /**
   * Fires it if nobody did: marks it fired, appends its timeline entry and enqueues its outbox
   * messages in one transaction (a crash leaves either all of it or none). True for one caller.
   */
  fireEscalation(input: FireEscalationInput): boolean;
  /** Cancels the unfired ones; returns how many. */
  cancelEscalations(incidentId: number, now: number): number;
  /** Earliest unfired, uncancelled timer of the incident. */
  nextEscalation(incidentId: number): Escalation | null;
  listEscalations(incidentId: number): Escalation[];

  // outbox: Slack messages that must arrive once
  /** Enqueues once per `key`; a second call with the same key returns the existing id. */
  enqueueMessage(input: EnqueueMessageInput): { id: number; created: boolean };
  getMessage(id: number): OutboxMessage | null;
  /** Undelivered messages whose next attempt is due now, oldest first. */
  pendingMessages(limit: number): OutboxMessage[];
  /** Leases a due message for `leaseMs` so one sender (of several processes) delivers it. */
  claimMessage(id: number, leaseMs: number): boolean;
  markDelivered(id: number, resultTs: string | null): boolean;
  markAttempt(id: number, error: string, nextAttemptAt: number): boolean;
  /** A failed attempt that may have reached Slack (timeout, 5xx): the next one checks Slack first. */
  markUncertain(id: number, error: string, nextAttemptAt: number): boolean;
  /** Extends the lease of a message still being sent; false once it is delivered. */
  renewMessageLease(id: number, leaseMs: number): boolean;
  /** Slack lost the incident's card (deleted, channel gone): pings say so instead of using its thread. */
  noteCardProblem(incidentId: number, error: string): void;
  /** The Slack error that made the card unusable, or null. */
  cardProblem(incidentId: number): string | null;

  // schedules (a periodic drift check): what the last run found, to post only changes
  /** The last recorded run of a schedule (`<runbook>:<id>`), or null. */
  lastScheduleRun(scheduleKey: string): ScheduleRun | null;
  /** Records a schedule's run, replacing the previous one. */
  recordScheduleRun(run: ScheduleRun): void;

  close(): void;
}

export interface ScheduleRun {
  /** `<runbook>:<schedule id>`. */
  scheduleKey: string;
  /** The period it ran for (claimed once across processes). */
  slot: string;
  /** Digest of what it found (core/drift/drift-digest.ts). */
  digest: string;
  ranAt: number;
}

export interface OpenIncidentInput {
  runbook: string;
  channel: string;
  openedBy: string;
}

export interface IncidentChanges {
  status?: Exclude<IncidentStatus, 'resolved'>;
  symptoms?: Symptom[];
  manyUsers?: boolean;
}

export interface TimelineInput {
  incidentId: number;
  actor: string;
  kind: TimelineKind;
  summary: string;
  data?: Record<string, unknown>;
}

export interface CreateApprovalInput {
  incidentId: number;
  runbook: string;
  sectionId: string;
  service: string;
  requestedBy: string;
  expiresAt: number;
  channel: string;
  breakGlass?: boolean;
  reason?: string | null;
  messageTs?: string | null;
  /** What the approver saw (core/approvals/change-fingerprint.ts). */
  fingerprint?: string | null;
  /** Parameter values the change runs with (stored unredacted: they must run). */
  params?: Readonly<Record<string, string>>;
}

export interface ApprovalTransitionFields {
  decidedBy?: string;
  /** Defaults to now when `decidedBy` is given. */
  decidedAt?: number;
  reason?: string | null;
  /** Entering `running`: who runs it; its heartbeat starts now and repeats every `heartbeatEveryMs`. */
  runOwner?: string;
  heartbeatEveryMs?: number;
}

export interface ScheduleEscalationInput {
  ruleIndex: number;
  roles: string[];
  trigger: Escalation['trigger'];
  dueAt: number;
}

export interface EnqueueMessageInput {
  /** Idempotency key, e.g. `escalation:12` or `verdicts:7:<approval id>`. */
  key: string;
  incidentId?: number | null;
  kind: string;
  payload: unknown;
}

export interface FireEscalationInput {
  id: number;
  now: number;
  timeline: TimelineInput;
  /** Enqueued in this order (each once per key). */
  messages: readonly EnqueueMessageInput[];
}

export interface OutboxMessage {
  id: number;
  key: string;
  incidentId: number | null;
  kind: string;
  payload: unknown;
  createdAt: number;
  attempts: number;
  lastError: string | null;
  nextAttemptAt: number | null;
  deliveredAt: number | null;
  /** ts of the delivered Slack message, when there is one. */
  resultTs: string | null;
  /** First attempt that may have posted it without an answer (timeout, 5xx); null when none. */
  uncertainSince: number | null;
}
