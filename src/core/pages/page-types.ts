/**
 * Pages out (README "Alerts in, pages out"): a role's pager, as the binding names it. Keys are never here, only the
 * names of the environment variables that hold them; they are read when a page is sent.
 */
export type PagerTarget =
  | { kind: 'pagerduty'; routingKeyEnv: string }
  | { kind: 'opsgenie'; apiKeyEnv: string }
  | { kind: 'webhook'; url: string; secretEnv: string };

export type PageAction = 'trigger' | 'resolve';

/** One page event: a trigger when an escalation level fires, its resolve when the incident is resolved. */
export interface PageEvent {
  action: PageAction;
  /** Stable per incident, escalation level and role: PagerDuty's `dedup_key`, Opsgenie's `alias`. */
  dedupKey: string;
  /** One line for the person woken up ("API DOWN #12: escalation to DevOps Lead after 15 min"). */
  summary: string;
  /** Where it comes from (the runbook id). */
  source: string;
  severity: 'critical' | 'error' | 'warning' | 'info';
  /** Plain key/value context (incident id, channel, runbook, role, symptoms). */
  details: Readonly<Record<string, string>>;
  incident: { id: number; runbook: string; channel: string };
  role: string;
}

/** What the pager answered. `accepted: false` is final (a 4xx other than 429, a missing key). */
export interface PageOutcome {
  accepted: boolean;
  /** HTTP status, when a request was made. */
  status: number | null;
  /** Short reason for people ("202 Event processed", "400 Invalid routing key", "PD_KEY_DEVOPS is not set"). */
  detail: string;
}

/** Sends one page event to one pager. Throws a `PageRetryableError` when trying later may work. */
export type PageSender = (target: PagerTarget, event: PageEvent) => Promise<PageOutcome>;

/** 429, 5xx, timeout or connection failure after the client's own retries: the outbox tries again later. */
export class PageRetryableError extends Error {
  readonly retryAfterMs: number | null;
  readonly status: number | null;
  constructor(message: string, status: number | null, retryAfterMs: number | null) {
    super(message);
    this.name = 'PageRetryableError';
    this.status = status;
    this.retryAfterMs = retryAfterMs;
  }
}

export function pagerName(target: PagerTarget): string {
  return { pagerduty: 'PagerDuty', opsgenie: 'Opsgenie', webhook: 'webhook' }[target.kind];
}

/** The variable that must hold the key (or signing secret) of a pager. */
export function pagerKeyEnv(target: PagerTarget): string {
  switch (target.kind) {
    case 'pagerduty':
      return target.routingKeyEnv;
    case 'opsgenie':
      return target.apiKeyEnv;
    case 'webhook':
      return target.secretEnv;
  }
}

/** The role's pagers in a fixed order (a role may name more than one). */
export function pagerTargetsOf(role: {
  pagerduty?: { routingKeyEnv: string } | undefined;
  opsgenie?: { apiKeyEnv: string } | undefined;
  webhook?: { url: string; secretEnv: string } | undefined;
}): PagerTarget[] {
  const targets: PagerTarget[] = [];
  if (role.pagerduty) targets.push({ kind: 'pagerduty', routingKeyEnv: role.pagerduty.routingKeyEnv });
  if (role.opsgenie) targets.push({ kind: 'opsgenie', apiKeyEnv: role.opsgenie.apiKeyEnv });
  if (role.webhook)
    targets.push({ kind: 'webhook', url: role.webhook.url, secretEnv: role.webhook.secretEnv });
  return targets;
}
