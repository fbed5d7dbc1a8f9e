import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Approval } from '../../store/records.ts';
import type { CoreDeps } from '../core-deps.ts';
import { holdChangeLock, RUN_LOCK_TTL_MS } from './change-lock.ts';

/** How often a running change says it is alive, unless the composition root sets `heartbeatMs`. */
export const DEFAULT_HEARTBEAT_MS = 10_000;
/** A run whose owner missed this many heartbeats is treated as interrupted. */
export const MISSED_HEARTBEATS = 3;

let thisProcess: string | null = null;

/** `pid@host#instance`: the instance id tells apart a restarted process that got the same pid. */
export function processOwner(): string {
  thisProcess ??= `${process.pid}@${hostname()}#${randomUUID().slice(0, 8)}`;
  return thisProcess;
}

export function runOwnerOf(deps: Pick<CoreDeps, 'runOwner'>): string {
  return deps.runOwner ?? processOwner();
}

export function heartbeatMsOf(deps: Pick<CoreDeps, 'heartbeatMs'>): number {
  return deps.heartbeatMs && deps.heartbeatMs > 0 ? deps.heartbeatMs : DEFAULT_HEARTBEAT_MS;
}

/**
 * The heartbeat a running change's owner must have given after, to count as alive at `now`: three
 * intervals of the slower of the two settings (the run's own, recorded with it, and ours).
 */
export function aliveSince(deps: Pick<CoreDeps, 'heartbeatMs'>, approval: Approval, now: number): number {
  const every = Math.max(heartbeatMsOf(deps), approval.heartbeatEveryMs ?? 0);
  return now - MISSED_HEARTBEATS * every;
}

/**
 * While a change runs: every interval, renew the service lock (a change may run past the lock's
 * 15 minutes) and the approval's heartbeat (so no other process takes it for interrupted).
 * Returns the function that stops it.
 */
export function startHeartbeat(deps: CoreDeps, running: Approval): () => void {
  const owner = runOwnerOf(deps);
  const every = heartbeatMsOf(deps);
  let cancel: (() => void) | null = null;
  const beat = () => {
    try {
      const alive = deps.store.heartbeatApproval(running.id, owner);
      const locked = holdChangeLock(deps.store, running.service, running.id, RUN_LOCK_TTL_MS);
      if (!alive || !locked) {
        deps.logger.warn(
          { approvalId: running.id, owner, alive, locked },
          'running change: heartbeat or lock not renewed (another process may have taken it for interrupted)',
        );
      }
    } catch (error) {
      // A database that is down for a moment (PostgreSQL restart): keep beating; the next one may pass.
      deps.logger.warn({ err: error, approvalId: running.id, owner }, 'running change: heartbeat failed');
    }
    if (cancel) cancel = deps.clock.setTimer(every, beat);
  };
  cancel = deps.clock.setTimer(every, beat);
  return () => {
    const stop = cancel;
    cancel = null;
    stop?.();
  };
}
