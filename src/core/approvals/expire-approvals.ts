import type { Approval } from '../../store/records.ts';
import type { CoreDeps } from '../core-deps.ts';
import { releaseChangeLock } from './change-lock.ts';
import { stopAwaitingApproval } from './settle-incident.ts';

/**
 * The expiry tick: every pending approval whose time is up moves to `expired` (atomically: a click
 * at the same moment either approved it first or finds it expired). Returns the ones this call
 * expired, for the Slack side to update their cards (buttons removed).
 */
export function expireDue(deps: CoreDeps): Approval[] {
  return deps.store.listExpiredPending(deps.clock.now()).flatMap((approval) => {
    const expired = expireOne(deps, approval);
    return expired ? [expired] : [];
  });
}

/** Expires one pending approval if nobody decided it first; null when another caller won. */
export function expireOne(deps: CoreDeps, approval: Approval): Approval | null {
  const expired = deps.store.transitionApproval(approval.id, ['pending'], 'expired');
  if (!expired) return null;
  releaseChangeLock(deps.store, expired.service, expired.id);
  deps.metrics.approvalDecided(expired.runbook, 'expired');
  deps.store.appendTimeline({
    incidentId: expired.incidentId,
    actor: 'bot',
    kind: 'approval_decided',
    summary: `Approval expired without a decision: nothing ran`,
    data: {
      approvalId: expired.id,
      decision: 'expired',
      sectionId: expired.sectionId,
      expiresAt: expired.expiresAt,
    },
  });
  stopAwaitingApproval(deps.store, expired.incidentId);
  return expired;
}
