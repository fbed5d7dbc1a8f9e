import type { Approval } from '../../store/records.ts';
import type { Store } from '../../store/store.ts';
import type { BoundRunbook } from '../catalog.ts';

/**
 * The per-service change lock. It is held by the approval id from the request until the approval
 * ends (denied, expired, or the run finished), so a second change request for the same service is
 * refused while one is pending or running. A pending approval holds it until its expiry at most.
 */
export function changeLockName(service: string): string {
  return `change:${service}`;
}

/**
 * Lock and circuit-breaker key: binding `service`, default the runbook id; for a change on a
 * binding target, `<service>@<target>` (each host has its own lock and breaker; the approval's
 * `service` says which host it is for).
 */
export function serviceOf(bound: BoundRunbook, target?: string | null): string {
  const service = bound.binding.service ?? bound.runbook.id;
  return target ? `${service}@${target}` : service;
}

/** The binding target an approval is for (from its `service`, see serviceOf); null: this host. */
export function targetOfApproval(bound: BoundRunbook, approval: Pick<Approval, 'service'>): string | null {
  const prefix = `${serviceOf(bound)}@`;
  if (!approval.service.startsWith(prefix)) return null;
  const target = approval.service.slice(prefix.length);
  return Object.hasOwn(bound.binding.targets, target) ? target : null;
}

/** How long an approved change may wait for, and take for, its run before its lock lapses. */
export const RUN_LOCK_TTL_MS = 15 * 60_000;

export const CIRCUIT_WINDOW_MS = 60 * 60_000;

/** Takes the service lock for `approvalId`, or extends it when that approval already holds it. */
export function holdChangeLock(store: Store, service: string, approvalId: string, ttlMs: number): boolean {
  const name = changeLockName(service);
  return store.renewLock(name, approvalId, ttlMs) || store.acquireLock(name, approvalId, ttlMs);
}

export function releaseChangeLock(store: Store, service: string, approvalId: string): void {
  store.releaseLock(changeLockName(service), approvalId);
}

/**
 * The live pending approval of `service` other than `exceptId`, to say who holds the lock.
 * The Store has no "active approval of a service" query, so this reads every pending approval
 * (`listExpiredPending` with an unbounded horizon) and keeps the unexpired ones.
 */
export function findPendingChange(
  store: Store,
  service: string,
  now: number,
  exceptId?: string,
): Approval | null {
  return (
    store
      .listExpiredPending(Number.MAX_SAFE_INTEGER)
      .find(
        (approval) => approval.service === service && approval.expiresAt > now && approval.id !== exceptId,
      ) ?? null
  );
}
