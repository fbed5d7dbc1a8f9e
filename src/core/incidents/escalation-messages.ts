import type { EscalationPingInput } from '../../render/common/escalation-ping-input.ts';
import type { EnqueueMessageInput } from '../../store/store.ts';
import { pageTriggers } from '../pages/plan-pages.ts';
import type { EscalationPing } from './build-escalation-ping.ts';

/** Outbox kinds written when an escalation fires; the Slack side renders and sends them. */
export const ESCALATION_PING = 'escalation_ping';
export const CARD_REFRESH = 'card_refresh';

/** The ping as data: rendered when sent, so the thread (or the fallback) is chosen then. */
export interface EscalationPingPayload {
  channel: string;
  incidentId: number;
  runbook: string;
  ping: EscalationPingInput;
  /** Role members, for a direct message when the channel cannot be used. */
  audience: { users: string[]; usergroups: string[] };
}

/** Best effort: the card shows the escalation as fired; a lost card stops nothing else. */
export interface CardRefreshPayload {
  incidentId: number;
  runbook: string;
}

/**
 * What one fired escalation must send, enqueued in the transaction that marks it fired: the card
 * refresh first (so a ping knows when the card is gone), then the ping, then the pages of the
 * roles that have a pager, each on its own.
 */
export function escalationMessages(ping: EscalationPing): EnqueueMessageInput[] {
  const incidentId = ping.incident.id;
  const runbook = ping.bound.runbook.id;
  const pingPayload: EscalationPingPayload = {
    channel: ping.incident.channel,
    incidentId,
    runbook,
    ping: ping.message,
    audience: {
      users: [...new Set(ping.roles.flatMap((role) => role.users))],
      usergroups: [...new Set(ping.roles.flatMap((role) => role.usergroups))],
    },
  };
  const cardPayload: CardRefreshPayload = { incidentId, runbook };
  return [
    { key: `card:${incidentId}:${ping.outboxKey}`, incidentId, kind: CARD_REFRESH, payload: cardPayload },
    { key: ping.outboxKey, incidentId, kind: ESCALATION_PING, payload: pingPayload },
    // Roles with a pager (PagerDuty, Opsgenie, webhook): one trigger per pager, after the Slack ping.
    ...pageTriggers({
      bound: ping.bound,
      incident: ping.incident,
      escalationId: ping.escalation.id,
      level: ping.escalation.ruleIndex,
      roles: ping.roles.map((role) => role.name),
    }),
  ];
}
