import type { StepResult } from '../../exec/step-result.ts';
import type { Approval } from '../../store/records.ts';
import type { OutboxMessage } from '../../store/store.ts';
import type { ChatContent } from '../chat/chat-content.ts';
import type { ChatDeps } from '../chat/chat-deps.ts';
import { deliver } from '../outbox/outbox.ts';
import { APPROVAL_CARD } from './approval-card-kind.ts';
import { approverAudience } from './approvers.ts';
import { isStaleApproval } from './change-fingerprint.ts';
import { findChangeTarget } from './change-groups.ts';
import type { ChangeOutcome } from './execute-change.ts';

export { APPROVAL_CARD } from './approval-card-kind.ts';

/** After this many failed attempts a card update is dropped (the chat kept refusing it). */
const APPROVAL_CARD_ATTEMPTS = 12;

interface CardExtra {
  checks?: readonly StepResult[];
  outcome?: ChangeOutcome;
}

interface ApprovalCardPayload extends CardExtra {
  approvalId: string;
  /** The state this update shows; outdated (and skipped) once the approval moved on. */
  state: Approval['state'];
}

/** What the card shows for a state: `approved` is shown as running (it starts right away). */
function shownState(state: Approval['state']): Approval['state'] {
  return state === 'approved' ? 'running' : state;
}

/**
 * Best effort, never in the way of the change: the card update for the approval's state goes to
 * the outbox (stored first, then sent; a throttled, failed or hanging update is retried by the tick
 * later). Returns the first attempt, which callers before the run do not wait for.
 */
export function queueApprovalCard(deps: ChatDeps, approval: Approval, extra: CardExtra = {}): Promise<void> {
  const state = shownState(approval.state);
  const payload: ApprovalCardPayload = {
    approvalId: approval.id,
    state,
    ...(extra.checks ? { checks: extra.checks } : {}),
    ...(extra.outcome ? { outcome: extra.outcome } : {}),
  };
  const { id, created } = deps.store.enqueueMessage({
    key: `approval-card:${approval.id}:${state}`,
    incidentId: approval.incidentId,
    kind: APPROVAL_CARD,
    payload,
  });
  if (!created) return Promise.resolve();
  return deliver(deps, id).then(
    () => undefined,
    (error: unknown) =>
      deps.logger.warn({ err: error, approvalId: approval.id }, 'approval card not updated yet'),
  );
}

/** Outbox sender of APPROVAL_CARD: the card as the approval is now, unless a later state replaced it. */
export async function deliverApprovalCard(deps: ChatDeps, message: OutboxMessage): Promise<null> {
  const payload = message.payload as ApprovalCardPayload;
  const approval = deps.store.getApproval(payload.approvalId);
  if (!approval || shownState(approval.state) !== payload.state) return null;
  try {
    await updateApprovalCard(deps, { ...approval, state: shownState(approval.state) }, payload, true);
  } catch (error) {
    const failure = deps.chat.classifyFailure(error);
    const gone = failure.kind === 'card_gone' || failure.kind === 'channel_unusable';
    if (gone || message.attempts + 1 >= APPROVAL_CARD_ATTEMPTS) {
      deps.logger.warn(
        { approvalId: approval.id, failure: failure.code, attempts: message.attempts + 1 },
        'approval card update dropped',
      );
      return null;
    }
    throw error;
  }
  return null;
}

/** Re-renders an approval card in place for its current state (running, succeeded, denied, expired…). */
export async function updateApprovalCard(
  deps: ChatDeps,
  approval: Approval,
  extra: CardExtra = {},
  once = false,
): Promise<void> {
  if (!approval.messageTs) return;
  const bound = deps.catalog.byRunbookId(approval.runbook);
  if (!bound) return;
  const section = findChangeTarget(bound.runbook, approval.sectionId);
  // A stale card lists no steps: the section now holds something the approver never saw.
  const stale = isStaleApproval(approval)
    ? approval.fingerprint
      ? ('runbook_changed' as const)
      : ('no_fingerprint' as const)
    : undefined;
  const content: ChatContent = {
    kind: 'approval_card',
    card: {
      approval,
      sectionTitle: section?.title ?? approval.sectionId,
      steps: stale ? [] : (section?.steps ?? []),
      ...(stale ? { stale } : {}),
      checks: extra.checks ?? [],
      approvers: approverAudience(bound.binding),
      allowSelfApproval: bound.binding.approvers.allowSelfApproval,
      locale: bound.binding.locale,
      now: deps.clock.now(),
      timeZone: deps.timeZone,
      ...(extra.outcome ? { outcome: extra.outcome } : {}),
      // Every value it runs with (secret-looking ones hidden), also after it ran.
      ...(approval.params ? { params: approval.params } : {}),
      // "restart em 2,3 s" on the restart section's card, "executado em …" elsewhere
      // (docs/ARCHITECTURE.md, "Data flow: an approval").
      ...(bound.binding.subcommands.restart === approval.sectionId ? { actionLabel: 'restart' } : {}),
    },
  };
  const target = { channel: approval.channel, ref: approval.messageTs };
  await (once ? deps.chat.updateOnce(target, content) : deps.chat.update(target, content));
}
