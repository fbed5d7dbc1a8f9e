import type { StepResult } from '../../exec/step-result.ts';
import type { Approval } from '../../store/records.ts';
import type { BoundRunbook } from '../catalog.ts';
import type { CoreDeps } from '../core-deps.ts';
import { auditValue, cleanReason, isActor, isApprovalId } from './approval-input.ts';
import { type ApproverAudience, approverAudience, canApprove } from './approvers.ts';
import { checkFingerprint, type FingerprintCheck, staleReason, staleSummary } from './change-fingerprint.ts';
import { holdChangeLock, RUN_LOCK_TTL_MS, releaseChangeLock } from './change-lock.ts';
import { expireOne } from './expire-approvals.ts';
import { allChecksPass, checksData, runFreshChecks } from './run-checks.ts';
import { stopAwaitingApproval } from './settle-incident.ts';

export type Decision = 'approve' | 'deny';

export interface DecideApprovalInput {
  /** The button's value: untrusted until validated. */
  approvalId: string;
  /** Who clicked: Slack user id (or `cli:<os user>`). */
  userId: string;
  decision: Decision;
  /** Second click after `needs_confirmation`: approve although the checks pass now. */
  confirmRecovered?: boolean;
  /** Deny reason (optional). */
  reason?: string | null;
  /**
   * The incident the clicked card belongs to, when the caller knows it (from the message's
   * channel/thread): lets a click with a forged or unknown id still be recorded in the timeline.
   */
  incidentId?: number;
}

export type RefusalCode = 'not_found' | 'not_approver' | 'self_approval' | 'expired' | 'already_decided';

export type DecideApprovalResult =
  /**
   * Nothing changed, nothing ran. `approval` is absent for not_found. `approvers` is set for
   * not_approver (render-error `not_approver`); `approval.expiresAt` for expired; `approval.state`
   * for already_decided.
   */
  | { kind: 'refused'; code: RefusalCode; approval?: Approval; approvers?: ApproverAudience }
  /** The checks pass now: show them and ask the approver to confirm (re-send with confirmRecovered). */
  | { kind: 'needs_confirmation'; approval: Approval; checks: StepResult[] }
  | { kind: 'denied'; approval: Approval }
  /**
   * The section (or the binding, or where it runs) is no longer what the approver saw: nothing ran,
   * the approval is denied by the bot with the reason; a new request shows the section as it is now.
   */
  | { kind: 'runbook_changed'; approval: Approval; code: 'runbook_changed' | 'no_fingerprint' }
  /** Approved: call executeApproved(deps, { approvalId, actor }) next. `checks` are the click-time checks. */
  | { kind: 'approved'; approval: Approval; checks: StepResult[] };

/**
 * An approver's click on Approve or Deny. Authorised: the binding's approvers (users, user-group
 * members), never the requester unless allowSelfApproval (the requester may deny, i.e. withdraw,
 * their own request). Every refusal of an existing approval is in the timeline as approval_refused.
 */
export async function decideApproval(
  deps: CoreDeps,
  input: DecideApprovalInput,
): Promise<DecideApprovalResult> {
  const { store, clock } = deps;
  const decision: Decision = input.decision === 'deny' ? 'deny' : 'approve';
  const userId = isActor(input.userId) ? input.userId : auditValue(input.userId);
  const found = isApprovalId(input.approvalId) ? store.getApproval(input.approvalId) : null;
  const bound = found ? deps.catalog.byRunbookId(found.runbook) : undefined;
  if (!found || !bound) {
    recordUnknown(deps, input, userId, decision);
    return { kind: 'refused', code: 'not_found' };
  }
  let approval: Approval = found;
  const refuse = (code: RefusalCode, current: Approval, extra: { approvers?: ApproverAudience } = {}) => {
    recordRefusal(deps, current, userId, decision, code);
    return { kind: 'refused' as const, code, approval: current, ...extra };
  };

  if (approval.state === 'pending' && approval.expiresAt <= clock.now()) {
    return refuse('expired', expireOne(deps, approval) ?? store.getApproval(approval.id) ?? approval);
  }
  if (approval.state !== 'pending')
    return refuse(approval.state === 'expired' ? 'expired' : 'already_decided', approval);
  if (!isActor(input.userId))
    return refuse('not_approver', approval, { approvers: approverAudience(bound.binding) });

  const isRequester = input.userId === approval.requestedBy;
  if (decision === 'approve' && isRequester && !bound.binding.approvers.allowSelfApproval) {
    return refuse('self_approval', approval);
  }
  // The requester may withdraw (deny) their own request; approving always needs an approver.
  const mayDecide =
    (decision === 'deny' && isRequester) || (await canApprove(deps, bound.binding, input.userId));
  if (!mayDecide) {
    return refuse('not_approver', approval, { approvers: approverAudience(bound.binding) });
  }

  if (decision === 'deny') return deny(deps, bound, approval, input.userId, cleanReason(input.reason));

  // What the approver saw must still be what would run; else nothing runs and the card says so.
  const seen = await checkFingerprint(deps, approval, bound);
  if (!seen.ok) return supersede(deps, approval, input.userId, seen);

  const checks = await runFreshChecks(deps, bound, input.userId);
  // The checks took a while: another click may have decided meanwhile.
  approval = store.getApproval(approval.id) ?? approval;
  if (approval.state !== 'pending')
    return refuse(approval.state === 'expired' ? 'expired' : 'already_decided', approval);
  if (allChecksPass(checks) && input.confirmRecovered !== true) {
    store.appendTimeline({
      incidentId: approval.incidentId,
      actor: input.userId,
      kind: 'note',
      summary: `Checks pass now: ${input.userId} was asked to confirm the change once more`,
      data: { approvalId: approval.id, checks: checksData(checks) },
    });
    return { kind: 'needs_confirmation', approval, checks };
  }

  const approved = store.transitionApproval(approval.id, ['pending'], 'approved', {
    decidedBy: input.userId,
  });
  if (!approved) {
    const now = store.getApproval(approval.id) ?? approval;
    if (now.state === 'pending' && now.expiresAt <= clock.now()) {
      return refuse('expired', expireOne(deps, now) ?? store.getApproval(now.id) ?? now);
    }
    return refuse(now.state === 'expired' ? 'expired' : 'already_decided', now);
  }
  holdChangeLock(store, approved.service, approved.id, RUN_LOCK_TTL_MS);
  deps.metrics.approvalDecided(approved.runbook, 'approved');
  store.appendTimeline({
    incidentId: approved.incidentId,
    actor: input.userId,
    kind: 'approval_decided',
    summary: `Approved by ${input.userId}${input.confirmRecovered === true && allChecksPass(checks) ? ' (confirmed although the checks passed)' : ''}`,
    data: {
      approvalId: approved.id,
      decision: 'approved',
      sectionId: approved.sectionId,
      fingerprint: approved.fingerprint ?? null,
      confirmRecovered: input.confirmRecovered === true,
      checks: checksData(checks),
    },
  });
  return { kind: 'approved', approval: approved, checks };
}

function deny(
  deps: CoreDeps,
  bound: BoundRunbook,
  approval: Approval,
  userId: string,
  reason: string | null,
): DecideApprovalResult {
  const { store } = deps;
  const denied = store.transitionApproval(approval.id, ['pending'], 'denied', { decidedBy: userId, reason });
  if (!denied) {
    const now = store.getApproval(approval.id) ?? approval;
    const code: RefusalCode = now.state === 'expired' ? 'expired' : 'already_decided';
    recordRefusal(deps, now, userId, 'deny', code);
    return { kind: 'refused', code, approval: now };
  }
  releaseChangeLock(store, denied.service, denied.id);
  deps.metrics.approvalDecided(bound.runbook.id, 'denied');
  store.appendTimeline({
    incidentId: denied.incidentId,
    actor: userId,
    kind: 'approval_decided',
    summary: `Denied by ${userId}${reason ? `: ${reason}` : ''}`,
    data: { approvalId: denied.id, decision: 'denied', sectionId: denied.sectionId, reason },
  });
  stopAwaitingApproval(store, denied.incidentId);
  return { kind: 'denied', approval: denied };
}

/** The approval is for something that is no longer there: denied by the bot, the lock freed. */
function supersede(
  deps: CoreDeps,
  approval: Approval,
  userId: string,
  check: Extract<FingerprintCheck, { ok: false }>,
): DecideApprovalResult {
  const { store } = deps;
  const denied = store.transitionApproval(approval.id, ['pending'], 'denied', {
    decidedBy: 'bot',
    reason: staleReason(check.code),
  });
  if (!denied) {
    const now = store.getApproval(approval.id) ?? approval;
    const code: RefusalCode = now.state === 'expired' ? 'expired' : 'already_decided';
    recordRefusal(deps, now, userId, 'approve', code);
    return { kind: 'refused', code, approval: now };
  }
  releaseChangeLock(store, denied.service, denied.id);
  deps.metrics.approvalDecided(denied.runbook, 'denied');
  deps.logger.warn(
    { approvalId: denied.id, expected: check.expected, actual: check.actual, code: check.code },
    'approval refused: the section is not what the approver saw',
  );
  store.appendTimeline({
    incidentId: denied.incidentId,
    actor: userId,
    kind: 'approval_decided',
    summary: staleSummary(check),
    data: {
      approvalId: denied.id,
      decision: 'superseded',
      sectionId: denied.sectionId,
      reason: check.code,
      expected: check.expected,
      actual: check.actual,
    },
  });
  stopAwaitingApproval(store, denied.incidentId);
  return { kind: 'runbook_changed', approval: denied, code: check.code };
}

function recordRefusal(
  deps: CoreDeps,
  approval: Approval,
  userId: string,
  decision: Decision,
  code: RefusalCode,
): void {
  deps.store.appendTimeline({
    incidentId: approval.incidentId,
    actor: userId,
    kind: 'approval_refused',
    summary: `${decision === 'approve' ? 'Approve' : 'Deny'} by ${userId} refused: ${code.replace('_', ' ')}`,
    data: { approvalId: approval.id, decision, code, state: approval.state },
  });
}

/** A click on an id that does not exist: in the timeline when the caller knows the incident, else logged. */
function recordUnknown(deps: CoreDeps, input: DecideApprovalInput, userId: string, decision: Decision): void {
  const value = auditValue(input.approvalId);
  deps.logger.warn({ userId, approvalId: value, decision }, 'approval click refused: unknown approval id');
  const incidentId = input.incidentId;
  if (incidentId === undefined || !Number.isSafeInteger(incidentId) || !deps.store.getIncident(incidentId))
    return;
  deps.store.appendTimeline({
    incidentId,
    actor: userId,
    kind: 'approval_refused',
    summary: `${decision === 'approve' ? 'Approve' : 'Deny'} by ${userId} refused: unknown approval`,
    data: { approvalId: value, decision, code: 'not_found' },
  });
}
