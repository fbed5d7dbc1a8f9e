import { test } from 'vitest';
import type { Clock } from '../../../src/core/ports.ts';
import type { Store } from '../../../src/store/store.ts';
import { FakeClock } from '../../support/fake-clock.ts';

/** A fresh, empty store of one engine for one test, a second handle on the same database, and cleanup. */
export interface ContractStore {
  store: Store;
  /** Opens the same database again (a restart, or another process). The test closes it. */
  reopen(): Store;
  dispose(): Promise<void> | void;
}

export type OpenContractStore = (clock: Clock) => Promise<ContractStore>;

/**
 * The `it` of every contract file. A test names what it needs and gets it fresh, closed after it:
 * - `clock`: a FakeClock the store reads time from;
 * - `store`: an empty store of the engine under test (opened on `clock`);
 * - `reopen`: opens the same database again (a restart, or another process); the test closes it;
 * - `incidentId`: an incident opened on `store` (runbook api-down, channel C1, by U1).
 * A contract file adds what only it needs with `.extend(name, fixture)`.
 */
export function storeTest(openEngine: OpenContractStore) {
  return test
    .extend('clock', () => new FakeClock())
    .extend('engine', async ({ clock }, { onCleanup }) => {
      const engine = await openEngine(clock);
      onCleanup(() => engine.dispose());
      return engine;
    })
    .extend('store', ({ engine }) => engine.store)
    .extend(
      'reopen',
      ({ engine }) =>
        () =>
          engine.reopen(),
    )
    .extend(
      'incidentId',
      ({ store }) => store.openIncident({ runbook: 'api-down', channel: 'C1', openedBy: 'U1' }).incident.id,
    );
}
