import pino from 'pino';
import { createMetrics, type Metrics } from '../observability/metrics.ts';
import type { Store } from '../store/store.ts';
import type { BoundRunbook, Catalog } from './catalog.ts';
import type { CoreDeps } from './core-deps.ts';
import type { Clock, Logger } from './ports.ts';
import type { PreparedRunner } from './prepare-runner.ts';

/**
 * The use cases' dependencies from their parts: one runner per loaded runbook (prepared once, on
 * first use), a silent logger, fresh metrics and no user groups unless given. The terminal builds
 * its deps here; a caller with Slack passes its own `membersOf`, logger and metrics.
 */
export function createCoreDeps(options: {
  store: Store;
  clock: Clock;
  catalog: Catalog;
  /** Prepares the step runner of a runbook (secrets, scrubbed env, workdir), on a binding target when named. */
  prepare: (bound: BoundRunbook, target?: string | null) => Promise<PreparedRunner>;
  timeZone: string;
  logger?: Logger;
  metrics?: Metrics;
  membersOf?: (usergroupId: string) => Promise<string[]>;
  heartbeatMs?: number;
}): CoreDeps {
  // Keyed by the loaded runbook: a runbook loaded again (edited on disk) gets a runner of its own.
  // Then by target name ('' for this host).
  const runners = new WeakMap<BoundRunbook, Map<string, Promise<PreparedRunner>>>();
  return {
    store: options.store,
    clock: options.clock,
    logger: options.logger ?? pino({ level: 'silent' }),
    catalog: options.catalog,
    metrics: options.metrics ?? createMetrics({ processMetrics: false }),
    timeZone: options.timeZone,
    ...(options.heartbeatMs ? { heartbeatMs: options.heartbeatMs } : {}),
    membersOf: options.membersOf ?? (async () => []),
    runnerFor: (bound, target) => {
      let byTarget = runners.get(bound);
      if (!byTarget) {
        byTarget = new Map();
        runners.set(bound, byTarget);
      }
      let runner = byTarget.get(target ?? '');
      if (!runner) {
        runner = options.prepare(bound, target ?? null);
        // A failed preparation (an unknown target) is not kept: the next call tries again.
        runner.catch(() => byTarget?.delete(target ?? ''));
        byTarget.set(target ?? '', runner);
      }
      return runner;
    },
  };
}
