import { ALERT_KIND } from '../alerts/accept-alerts.ts';
import { deliverAlertMessage, deliverPageMessage } from '../alerts/alert-outbox-senders.ts';
import { deliverApprovalCard } from '../approvals/approval-card.ts';
import { APPROVAL_CARD } from '../approvals/approval-card-kind.ts';
import { CARD_REFRESH, ESCALATION_PING } from '../incidents/escalation-messages.ts';
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
  [CARD_REFRESH]: deliverCardRefresh,
  [APPROVAL_CARD]: deliverApprovalCard,
  [ALERT_KIND]: deliverAlertMessage,
  [PAGE_KIND]: deliverPageMessage,
};
