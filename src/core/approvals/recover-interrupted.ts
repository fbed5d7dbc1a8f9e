import type { Approval } from '../../store/records.ts';
import type { CoreDeps } from '../core-deps.ts';
import { releaseChangeLock } from './change-lock.ts';

export const INTERRUPTED_REASON = 'interrupted (bot restarted)';

/** Approvals of open incidents still in `running` (the store has no query by state: read the timeline). */
function runningApprovals(deps: CoreDeps): Approval[] {
  const ids = new Set<string>();
  for (const incident of deps.store.listIncidents({ status: 'open', limit: 1000 })) {
    for (const entry of deps.store.listTimeline(incident.id)) {
      const id = entry.data.approvalId;
      if (typeof id === 'string') ids.add(id);
    }
  }
  return [...ids].flatMap((id) => {
    const approval = deps.store.getApproval(id);
    return approval?.state === 'running' ? [approval] : [];
  });
}

/**
 * At start: a change found `running` was being run by a process that died (SIGKILL, crash, host
 * reboot) — this process has not started any yet. It is never run again: it turns `failed` with the
 * reason "interrupted (bot restarted)", its lock is released, and the timeline says so. Returns the
 * approvals it moved, for the Slack side to update their cards and tell the thread.
 * Assumes one bot process per DATA_DIR (a second live process's run would be marked too; it would
 * then report the failed state instead of its own, and nothing would run twice).
 */
export function recoverInterrupted(deps: CoreDeps): Approval[] {
  return runningApprovals(deps).flatMap((approval) => {
    const failed = deps.store.transitionApproval(approval.id, ['running'], 'failed', {
      reason: INTERRUPTED_REASON,
    });
    if (!failed) return [];
    releaseChangeLock(deps.store, failed.service, failed.id);
    deps.store.appendTimeline({
      incidentId: failed.incidentId,
      actor: 'bot',
      kind: 'change_run',
      summary: `Change ${INTERRUPTED_REASON}: not run again; check the service before requesting it again`,
      data: { approvalId: failed.id, sectionId: failed.sectionId, state: 'failed', reason: 'interrupted' },
    });
    deps.logger.warn(
      { approvalId: failed.id, incidentId: failed.incidentId },
      'change interrupted by a restart',
    );
    return [failed];
  });
}
