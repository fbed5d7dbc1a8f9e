import { afterEach, describe, expect, it } from 'vitest';
import { acceptAlerts } from '../../../src/core/alerts/accept-alerts.ts';
import type { ReceivedAlert } from '../../../src/core/alerts/alertmanager-payload.ts';
import { knownAlertKeys } from '../../../src/core/alerts/known-alert-keys.ts';
import type { Store } from '../../../src/store/store.ts';
import { apiDownWith, type TestWorld, testWorld } from '../incidents/incident-deps.ts';

const CHANNEL = 'C0ALERTS';

function alert(overrides: Partial<ReceivedAlert> = {}): ReceivedAlert {
  return {
    status: 'firing',
    name: 'ApiDown',
    labels: { alertname: 'ApiDown', instance: 'api-1:3000' },
    annotations: { summary: 'The API answers 503' },
    startsAt: '2026-11-29T17:00:00Z',
    endsAt: null,
    generatorURL: null,
    fingerprint: 'f00dfeed00000001',
    ...overrides,
  };
}

/** The store, counting the enqueue calls that reach it. */
function countingStore(store: Store): { store: Store; enqueues: () => number } {
  let enqueues = 0;
  return {
    store: new Proxy(store, {
      get(target, name, receiver) {
        if (name === 'enqueueMessage')
          return (...args: Parameters<Store['enqueueMessage']>) => {
            enqueues++;
            return target.enqueueMessage(...args);
          };
        return Reflect.get(target, name, receiver);
      },
    }),
    enqueues: () => enqueues,
  };
}

describe('known alert keys', () => {
  let world: TestWorld;
  afterEach(() => world?.dispose());

  it('answers a repeat as a duplicate without writing to the store', async () => {
    world = testWorld(
      await apiDownWith({ alerts: [{ match: { alertname: 'ApiDown' }, run: 'diagnose', channel: CHANNEL }] }),
    );
    const counting = countingStore(world.deps.store);
    const deps = { ...world.deps, store: counting.store, now: world.clock.now(), known: knownAlertKeys() };
    expect(acceptAlerts(deps, [alert()])).toMatchObject({ queued: [expect.any(Number)], duplicates: 0 });
    expect(acceptAlerts(deps, [alert(), alert()])).toMatchObject({ queued: [], duplicates: 2 });
    expect(counting.enqueues()).toBe(1);
    // A new start of the same alert, or its resolution, is new work.
    const later = acceptAlerts(deps, [
      alert({ startsAt: '2026-11-29T18:00:00Z' }),
      alert({ status: 'resolved' }),
    ]);
    expect(later.queued).toHaveLength(2);
    expect(world.deps.store.pendingMessages(100).filter((message) => message.kind === 'alert')).toHaveLength(
      3,
    );
  });

  it('leaves deduplication across processes to the store', async () => {
    world = testWorld(
      await apiDownWith({ alerts: [{ match: { alertname: 'ApiDown' }, run: 'diagnose', channel: CHANNEL }] }),
    );
    const now = world.clock.now();
    const first = acceptAlerts({ ...world.deps, now, known: knownAlertKeys() }, [alert()]);
    const other = acceptAlerts({ ...world.secondProcess(), now, known: knownAlertKeys() }, [alert()]);
    expect(first.queued).toHaveLength(1);
    expect(other).toMatchObject({ queued: [], duplicates: 1 });
  });

  it('forgets the oldest key past its capacity (the store still deduplicates it)', async () => {
    const keys = knownAlertKeys(2);
    keys.add('a');
    keys.add('b');
    keys.add('a');
    keys.add('c');
    expect([keys.has('a'), keys.has('b'), keys.has('c'), keys.size]).toEqual([false, true, true, 2]);
  });
});
