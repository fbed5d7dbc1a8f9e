import type { Metrics } from '../observability/metrics.ts';
import type { Store } from '../store/store.ts';
import type { BoundRunbook, Catalog } from './catalog.ts';
import type { Clock, Logger } from './ports.ts';
import type { PreparedRunner } from './prepare-runner.ts';

/**
 * What every use case receives from the one composition root (createBot / createCli). Use cases
 * never import Bolt, never print, never read process.env.
 */
export interface CoreDeps {
  store: Store;
  clock: Clock;
  logger: Logger;
  catalog: Catalog;
  metrics: Metrics;
  /**
   * The step runner of a runbook (redactor with its secrets, scrubbed env, workdir). Cached. With
   * `target` (a name of the binding's `targets`), the runner of that target (SSH or local env).
   */
  runnerFor(bound: BoundRunbook, target?: string | null): Promise<PreparedRunner>;
  /** Members of a Slack user group (cached by the Slack side); used for approvers and pings. */
  membersOf(usergroupId: string): Promise<string[]>;
  /** IANA time zone for clock times in messages. */
  timeZone: string;
  /** Who runs changes in this process (`pid@host#instance`); default core/approvals/run-owner.ts. */
  runOwner?: string;
  /** How often a running change renews its lock and heartbeat; default 10 s. */
  heartbeatMs?: number;
}
