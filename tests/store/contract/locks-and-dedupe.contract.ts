import { describe, expect } from 'vitest';
import { type OpenContractStore, storeTest } from './store-harness.ts';

/** Behaviour every Store engine must have (run by tests/store/*-store.test.ts). */
export function locksAndDedupeContract(openEngine: OpenContractStore): void {
  const it = storeTest(openEngine);

  describe('locks and dedupe', () => {
    it('gives a live lock to one owner only, not even twice to the same one', ({ store }) => {
      expect(store.acquireLock('restart:api', 'approval-1', 60_000)).toBe(true);
      expect(store.acquireLock('restart:api', 'approval-2', 60_000)).toBe(false);
      expect(store.acquireLock('restart:api', 'approval-1', 60_000)).toBe(false);
      expect(store.acquireLock('restart:worker', 'approval-2', 60_000)).toBe(true);
    });

    it('lets only an expired lock be stolen', async ({ store, clock }) => {
      store.acquireLock('diagnose:1', 'a', 60_000);
      await clock.advance(59_999);
      expect(store.acquireLock('diagnose:1', 'b', 60_000)).toBe(false);
      await clock.advance(1);
      expect(store.acquireLock('diagnose:1', 'b', 60_000)).toBe(true);
      // The old owner can no longer release or renew it.
      expect(store.releaseLock('diagnose:1', 'a')).toBe(false);
      expect(store.renewLock('diagnose:1', 'a', 60_000)).toBe(false);
      expect(store.acquireLock('diagnose:1', 'c', 60_000)).toBe(false);
    });

    it('releases and renews only for the owner', async ({ store, clock }) => {
      store.acquireLock('restart:api', 'a', 10_000);
      expect(store.releaseLock('restart:api', 'b')).toBe(false);
      await clock.advance(9_000);
      expect(store.renewLock('restart:api', 'a', 10_000)).toBe(true);
      await clock.advance(9_000);
      expect(store.acquireLock('restart:api', 'b', 10_000)).toBe(false);
      expect(store.releaseLock('restart:api', 'a')).toBe(true);
      expect(store.acquireLock('restart:api', 'b', 10_000)).toBe(true);
    });

    it('claims a key once; a key with a TTL again after it expires', async ({ store, clock }) => {
      expect(store.claimOnce('cmd:T1:trigger-123')).toBe(true);
      expect(store.claimOnce('cmd:T1:trigger-123')).toBe(false);
      expect(store.claimOnce('click:approval-1:U2', 5_000)).toBe(true);
      await clock.advance(4_999);
      expect(store.claimOnce('click:approval-1:U2', 5_000)).toBe(false);
      await clock.advance(1);
      expect(store.claimOnce('click:approval-1:U2', 5_000)).toBe(true);
      await clock.advance(365 * 24 * 3_600_000);
      expect(store.claimOnce('cmd:T1:trigger-123')).toBe(false);
    });
  });
}
