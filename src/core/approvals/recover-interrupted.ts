import type { Approval } from '../../store/records.ts';
import type { CoreDeps } from '../core-deps.ts';
import { isTerminalActor } from '../run-access.ts';
import { checkFingerprint, staleReason } from './change-fingerprint.ts';
import { findChangeTarget } from './change-groups.ts';
import { releaseChangeLock } from './change-lock.ts';
import { failUnstarted } from './execute-change.ts';
import { TERMINAL_CONFIRMATION } from './request-change.ts';
import { aliveSince, heartbeatMsOf, MISSED_HEARTBEATS } from './run-heartbeat.ts';

/** Every reason recovery gives a change it stopped begins with this word (cards, timeline, tests). */
export const INTERRUPTED_REASON = 'interrupted';

function seconds(ms: number): string {
  return `${Math.max(0, Math.round(ms / 1000))} s`;
}

/**
 * A change is `running` but its owner (bot or terminal, any process on this DATA_DIR) stopped
 * heartbeating for three intervals: the process died (SIGKILL, crash, host reboot). It is never run
 * again: it turns `failed` with the reason, its lock is released, and the timeline says so. A run
 * whose owner still heartbeats is left alone, whoever owns it. Returns the approvals it moved, for
 * the Slack side to update their cards and tell the thread.
 */
export function recoverInterrupted(deps: CoreDeps): Approval[] {
  const now = deps.clock.now();
  return deps.store.listApprovalsIn(['running']).flatMap((approval) => {
    const before = aliveSince(deps, approval, now);
    const last = approval.heartbeatAt ?? approval.startedAt ?? null;
    if (approval.heartbeatAt != null && approval.heartbeatAt > before) return [];
    const owner = approval.runOwner ?? 'a process from before heartbeats';
    const reason = `${INTERRUPTED_REASON} (the process running it stopped: no heartbeat from ${owner}${last === null ? '' : ` for ${seconds(now - last)}`}); not run again`;
    const failed = deps.store.failInterruptedRun(approval.id, before, reason);
    if (!failed) return [];
    releaseChangeLock(deps.store, failed.service, failed.id);
    deps.store.appendTimeline({
      incidentId: failed.incidentId,
      actor: 'bot',
      kind: 'change_run',
      summary: `Change ${reason}: check the service before requesting it again`,
      data: {
        approvalId: failed.id,
        sectionId: failed.sectionId,
        state: 'failed',
        reason: 'interrupted',
        owner: approval.runOwner ?? null,
        heartbeatAt: approval.heartbeatAt ?? null,
      },
    });
    deps.logger.warn(
      { approvalId: failed.id, incidentId: failed.incidentId, owner: approval.runOwner },
      'change interrupted: its process stopped heartbeating',
    );
    return [failed];
  });
}

export type UnstartedRecovery =
  /** Still valid: the caller runs it now (executeApproved picks one winner among processes). */
  | { kind: 'run'; approval: Approval }
  /** Failed with the reason (too old, changed, runbook gone, its terminal stopped). */
  | { kind: 'failed'; approval: Approval; code: UnstartedFailure };

export type UnstartedFailure =
  | 'approval_expired'
  | 'runbook_changed'
  | 'no_fingerprint'
  | 'runbook_missing'
  | 'terminal_gone';

/**
 * `approved` changes whose run never began (the approving process died between the two states,
 * or its run call failed): after a grace of three heartbeats (the approving process normally starts
 * it within milliseconds), each is either handed back to run — what it runs is still what was
 * approved, and it is not older than the approval window after its approval — or failed with the
 * reason. The timeline says which and why. Terminal-confirmed changes are never run by another
 * process: the operator who confirmed it is no longer watching.
 */
export async function recoverUnstarted(deps: CoreDeps): Promise<UnstartedRecovery[]> {
  const now = deps.clock.now();
  const grace = MISSED_HEARTBEATS * heartbeatMsOf(deps);
  const found: UnstartedRecovery[] = [];
  for (const approval of deps.store.listApprovalsIn(['approved'])) {
    const approvedAt = approval.decidedAt ?? approval.requestedAt;
    if (approvedAt > now - grace) continue;
    const failWith = (code: UnstartedFailure, reason: string, data: Record<string, unknown> = {}) => {
      const failed = failUnstarted(deps, approval, code, reason, data);
      if (failed) found.push({ kind: 'failed', approval: failed, code });
    };
    const window = Math.max(0, approval.expiresAt - approval.requestedAt);
    if (isTerminalActor(approval.requestedBy) && approval.reason === TERMINAL_CONFIRMATION) {
      failWith('terminal_gone', 'the terminal that confirmed it stopped before it started');
      continue;
    }
    if (now > approvedAt + window) {
      failWith(
        'approval_expired',
        `approved ${seconds(now - approvedAt)} ago but never started, longer than the approval window (${seconds(window)})`,
        { approvedAt },
      );
      continue;
    }
    const bound = deps.catalog.byRunbookId(approval.runbook);
    if (!bound || !findChangeTarget(bound.runbook, approval.sectionId)) {
      failWith('runbook_missing', 'its runbook or section is no longer loaded');
      continue;
    }
    const seen = await checkFingerprint(deps, approval, bound);
    if (!seen.ok) {
      // The exact stale reason: the card then shows "the runbook changed" and offers a new request.
      failWith(seen.code, staleReason(seen.code), { expected: seen.expected, actual: seen.actual });
      continue;
    }
    // One process takes it per grace period (a taker that dies lets another take it after that).
    if (!deps.store.claimOnce(`recover-unstarted:${approval.id}`, grace)) continue;
    deps.store.appendTimeline({
      incidentId: approval.incidentId,
      actor: 'bot',
      kind: 'note',
      summary: `Approved change found not started (the process that approved it stopped before running it): still valid, running it now`,
      data: { approvalId: approval.id, sectionId: approval.sectionId, recovered: 'run', approvedAt },
    });
    found.push({ kind: 'run', approval });
  }
  return found;
}
