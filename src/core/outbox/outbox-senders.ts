import { ALERT_KIND } from '../alerts/accept-alerts.ts';
import { deliverAlertMessage, deliverPageMessage } from '../alerts/alert-outbox-senders.ts';
import { deliverApprovalCard } from '../approvals/approval-card.ts';
import { APPROVAL_CARD } from '../approvals/approval-card-kind.ts';
import { CARD_REFRESH, ESCALATION_PING } from '../incidents/escalation-messages.ts';
import { INCIDENT_CARD } from '../incidents/incident-card-kind.ts';
import { deliverIncidentCard } from '../incidents/incident-thread.ts';
import { PAGE_KIND } from '../pages/plan-pages.ts';
import { deliverCardRefresh, deliverEscalationPing } from './escalation-senders.ts';
import type { OutboxSender } from './outbox.ts';

/**
 * The sender of each outbox message kind. A kind not listed here is a plain message
 * (`PlainOutboxPayload`: where, and the chat content) posted as it is. To add a kind (a page to an
 * on-call service, say), write its sender and add one entry.
 */
export const OUTBOX_SENDERS: Readonly<Record<string, OutboxSender>> = {
  [ESCALATION_PING]: deliverEscalationPing,
  [INCIDENT_CARD]: deliverIncidentCard,
  [CARD_REFRESH]: deliverCardRefresh,
  [APPROVAL_CARD]: deliverApprovalCard,
  [ALERT_KIND]: deliverAlertMessage,
  [PAGE_KIND]: deliverPageMessage,
};

/**
 * First wait after a failed attempt, for kinds a person's request waits on (the default is 2 s,
 * doubling): the incident card, whose thread a diagnose or a change request needs, is tried again
 * after 0.5 s, 1 s, 2 s, 4 s… like the Web API client's own retries.
 */
export const OUTBOX_FIRST_BACKOFF_MS: Readonly<Record<string, number>> = {
  [INCIDENT_CARD]: 500,
};
