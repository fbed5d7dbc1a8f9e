import type { Clock } from '../../../src/core/ports.ts';
import type { Store } from '../../../src/store/store.ts';

/** A fresh, empty store of one engine for one test, a second handle on the same database, and cleanup. */
export interface ContractStore {
  store: Store;
  /** Opens the same database again (a restart, or another process). The test closes it. */
  reopen(): Store;
  dispose(): Promise<void> | void;
}

export type OpenContractStore = (clock: Clock) => Promise<ContractStore>;
