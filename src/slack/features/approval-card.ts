import { approverAudience } from '../../core/approvals/approvers.ts';
import type { ChangeOutcome } from '../../core/approvals/execute-change.ts';
import { findSection } from '../../core/catalog.ts';
import type { StepResult } from '../../exec/step-result.ts';
import { renderApprovalCard } from '../../render/slack/render-approval-card.ts';
import type { Approval } from '../../store/records.ts';
import type { BotDeps } from '../bot-deps.ts';

/** Re-renders an approval card in place for its current state (running, succeeded, denied, expired…). */
export async function updateApprovalCard(
  deps: BotDeps,
  approval: Approval,
  extra: { checks?: readonly StepResult[]; outcome?: ChangeOutcome } = {},
): Promise<void> {
  if (!approval.messageTs) return;
  const bound = deps.catalog.byRunbookId(approval.runbook);
  if (!bound) return;
  const section = findSection(bound.runbook, approval.sectionId);
  const message = renderApprovalCard({
    approval,
    sectionTitle: section?.title ?? approval.sectionId,
    steps: section?.steps ?? [],
    checks: extra.checks ?? [],
    approvers: approverAudience(bound.binding),
    allowSelfApproval: bound.binding.approvers.allowSelfApproval,
    locale: bound.binding.locale,
    now: deps.clock.now(),
    timeZone: deps.timeZone,
    ...(extra.outcome ? { outcome: extra.outcome } : {}),
    // "restart em 2,3 s" on the restart section's card (DESIGN §6), "executado em …" elsewhere.
    ...(bound.binding.subcommands.restart === approval.sectionId ? { actionLabel: 'restart' } : {}),
  });
  await deps.gateway.update({ channel: approval.channel, ts: approval.messageTs, ...message });
}
