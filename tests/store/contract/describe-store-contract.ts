import { describe } from 'vitest';
import { approvalsContract } from './approvals.contract.ts';
import { atomicityContract } from './atomicity.contract.ts';
import { escalationsContract } from './escalations.contract.ts';
import { incidentsContract } from './incidents.contract.ts';
import { locksAndDedupeContract } from './locks-and-dedupe.contract.ts';
import { outboxContract } from './outbox.contract.ts';
import { schedulesContract } from './schedules.contract.ts';
import type { OpenContractStore } from './store-harness.ts';

/**
 * The Store contract (src/store/store.ts): the behaviour callers rely on, whatever the engine.
 * tests/store/sqlite-store.test.ts and tests/store/postgres-store.test.ts run it against each one.
 */
export function describeStoreContract(engine: string, open: OpenContractStore): void {
  describe(`Store contract: ${engine}`, () => {
    incidentsContract(open);
    approvalsContract(open);
    locksAndDedupeContract(open);
    escalationsContract(open);
    outboxContract(open);
    schedulesContract(open);
    atomicityContract(open);
  });
}
