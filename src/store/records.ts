import type { VerdictDetail } from '../exec/step-result.ts';

/**
 * What the store keeps (docs/ARCHITECTURE.md, "State"). Plain data, shared by core/, render/ and store/.
 * Times are epoch milliseconds from the injected Clock.
 */

export type IncidentStatus = 'investigating' | 'awaiting_approval' | 'mitigating' | 'monitoring' | 'resolved';

export interface Symptom {
  stepId: string;
  title: string;
  /** English verdict line ("expected 200 OK, got HTTP 503"), already redacted. */
  verdict: string;
  /** The structured verdict, so messages can say it in the runbook's language. */
  detail?: VerdictDetail;
}

export interface Incident {
  id: number;
  runbook: string;
  channel: string;
  /** ts of the card message in the channel; the thread hangs from it. Null until posted. */
  cardTs: string | null;
  status: IncidentStatus;
  openedBy: string;
  openedAt: number;
  resolvedBy: string | null;
  resolvedAt: number | null;
  /** Failed checks of the first diagnosis, updated by later ones. */
  symptoms: Symptom[];
  /** The many-users trigger was pulled. */
  manyUsers: boolean;
  /** Manual template fields (label -> text) filled in the resolve modal. */
  report: Record<string, string>;
}

export type TimelineKind =
  | 'opened'
  | 'command'
  | 'section_run'
  | 'approval_requested'
  | 'approval_refused'
  | 'approval_decided'
  | 'change_run'
  | 'escalation'
  | 'impact'
  | 'resolved'
  | 'note'
  /** An Alertmanager/Grafana alert firing or resolved (issue 18). */
  | 'alert'
  /** A pager (PagerDuty, Opsgenie, webhook) triggered or resolved, and what it answered. */
  | 'page';

export interface TimelineEntry {
  id: number;
  incidentId: number;
  at: number;
  /** Slack user id, `cli:<os user>`, or `bot`. */
  actor: string;
  kind: TimelineKind;
  /** One line for people: "restart da API: docker compose … restart api — ok em 2,3 s". */
  summary: string;
  /** Structured detail (redacted), JSON-serialisable. */
  data: Record<string, unknown>;
}

export type ApprovalState =
  | 'pending'
  | 'approved'
  | 'running'
  | 'succeeded'
  | 'failed'
  | 'denied'
  | 'expired';

export interface Approval {
  id: string;
  incidentId: number;
  runbook: string;
  sectionId: string;
  /** Lock / circuit-breaker key (binding `service`, default the runbook id). */
  service: string;
  state: ApprovalState;
  requestedBy: string;
  requestedAt: number;
  expiresAt: number;
  decidedBy: string | null;
  decidedAt: number | null;
  /** When it entered `running` (the circuit breaker counts these). Always set by the store. */
  startedAt?: number | null;
  /** When it entered succeeded, failed, denied or expired. Always set by the store. */
  finishedAt?: number | null;
  breakGlass: boolean;
  /** Break-glass reason, deny reason, or failure summary. */
  reason: string | null;
  /** Where the approval card is (channel + ts), to update it in place. */
  channel: string;
  messageTs: string | null;
  /**
   * sha256 of what the approver saw (steps, risks, cwd, target, binding overrides). Null on rows
   * created before fingerprints: such an approval never runs. Always set by the store.
   */
  fingerprint?: string | null;
  /** Who runs it (`pid@host#instance`), set on entering `running`. Always set by the store. */
  runOwner?: string | null;
  /** Last sign of life of the run's owner (renewed every `heartbeatEveryMs` while it runs). */
  heartbeatAt?: number | null;
  heartbeatEveryMs?: number | null;
  /**
   * The parameter values the change runs with (name -> value, already checked against the
   * binding's rules, defaults filled in). Stored as given, secret-looking ones included, because
   * they must run; never shown as stored (see exec/recorded-params.ts). Empty when it takes none.
   * Always set by the store.
   */
  params?: Record<string, string>;
}

export interface Escalation {
  id: number;
  incidentId: number;
  /** Index of the rule in the runbook's escalation list. */
  ruleIndex: number;
  roles: string[];
  /** 'timer': due at dueAt; 'manual': fired by a person (many users affected). */
  trigger: 'timer' | 'manual';
  dueAt: number;
  firedAt: number | null;
  cancelledAt: number | null;
}
