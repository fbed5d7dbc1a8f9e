import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../../src/store/store.ts';
import { FakeClock } from '../../support/fake-clock.ts';
import type { OpenContractStore } from './store-harness.ts';

/** The last run of each schedule (a periodic drift check), replaced by each run. */
export function schedulesContract(openEngine: OpenContractStore): void {
  describe('schedule runs', () => {
    let clock: FakeClock;
    let store: Store;
    let dispose: () => Promise<void> | void;

    beforeEach(async () => {
      clock = new FakeClock();
      ({ store, dispose } = await openEngine(clock));
    });
    afterEach(async () => {
      await dispose();
    });

    it('keeps the last run of each schedule, and only that', () => {
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
