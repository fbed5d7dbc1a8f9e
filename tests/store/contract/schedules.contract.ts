import { describe, expect } from 'vitest';
import { type OpenContractStore, storeTest } from './store-harness.ts';

/** The last run of each schedule (a periodic drift check), replaced by each run. */
export function schedulesContract(openEngine: OpenContractStore): void {
  const it = storeTest(openEngine);

  describe('schedule runs', () => {
    it('keeps the last run of each schedule, and only that', ({ store, clock }) => {
      expect(store.lastScheduleRun('api-down:weekly-drift')).toBeNull();
      const at = clock.now();
      store.recordScheduleRun({
        scheduleKey: 'api-down:weekly-drift',
        slot: 'every-7d-1',
        digest: 'aaa',
        ranAt: at,
      });
      store.recordScheduleRun({
        scheduleKey: 'api-down:weekly-drift',
        slot: 'every-7d-2',
        digest: 'bbb',
        ranAt: at + 1,
      });
      store.recordScheduleRun({ scheduleKey: 'db:nightly', slot: 'cron-5', digest: 'ccc', ranAt: at + 2 });
      expect(store.lastScheduleRun('api-down:weekly-drift')).toEqual({
        scheduleKey: 'api-down:weekly-drift',
        slot: 'every-7d-2',
        digest: 'bbb',
        ranAt: at + 1,
      });
      expect(store.lastScheduleRun('db:nightly')?.digest).toBe('ccc');
    });
  });
}
