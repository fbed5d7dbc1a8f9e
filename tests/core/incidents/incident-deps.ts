import path from 'node:path';
import pino from 'pino';
import { type BoundRunbook, Catalog } from '../../../src/core/catalog.ts';
import type { CoreDeps } from '../../../src/core/core-deps.ts';
import { loadCatalog } from '../../../src/core/load-catalog.ts';
import { createMetrics, type Metrics } from '../../../src/observability/metrics.ts';
import type { BindingInput } from '../../../src/runbook/binding/binding-schema.ts';
import { bindingSchema } from '../../../src/runbook/binding/binding-schema.ts';
import { openStore } from '../../../src/store/sqlite-store.ts';
import type { Store } from '../../../src/store/store.ts';
import { repoRoot } from '../../runbook/runbook-fixtures.ts';
import { FakeClock } from '../../support/fake-clock.ts';
import { tempDataDir } from '../../support/temp-data-dir.ts';

export const TIME_ZONE = 'America/Sao_Paulo';
/** 2026-11-29 hh:mm:ss in São Paulo (UTC-3). */
export const at = (hh: number, mm: number, ss = 0): number => Date.UTC(2026, 10, 29, hh + 3, mm, ss);
export const SECOND = 1000;
export const MINUTE = 60 * SECOND;

let apiDown: BoundRunbook | null = null;

/** The repository's api-down runbook with its binding (runbooks/api-down.md + .yml). */
export async function apiDownBound(): Promise<BoundRunbook> {
  if (!apiDown) {
    const { catalog } = await loadCatalog(path.join(repoRoot, 'runbooks'));
    const bound = catalog.byRunbookId('api-down');
    if (!bound) throw new Error('runbooks/api-down.md not loaded');
    apiDown = bound;
  }
  return apiDown;
}

/** The api-down runbook with binding changes (validated like a real binding file). */
export async function apiDownWith(changes: Partial<BindingInput>): Promise<BoundRunbook> {
  const bound = await apiDownBound();
  const { binding } = bound;
  const input: BindingInput = {
    command: binding.command,
    locale: binding.locale,
    subcommands: binding.subcommands,
    roles: binding.roles,
    escalation: [],
    ...(binding.verify ? { verify: binding.verify } : {}),
    ...changes,
  };
  return { runbook: bound.runbook, binding: bindingSchema.parse(input) };
}

export interface TestWorld {
  clock: FakeClock;
  deps: CoreDeps;
  metrics: Metrics;
  file: string;
  /** Another "bot process": a second store handle on the same database file. */
  secondProcess(): CoreDeps;
  dispose(): void;
}

export function testWorld(bound: BoundRunbook, clock = new FakeClock(at(14, 0))): TestWorld {
  const data = tempDataDir();
  const stores: Store[] = [];
  const makeDeps = (): CoreDeps => {
    const store = openStore({ file: data.file, clock });
    stores.push(store);
    return {
      store,
      clock,
      logger: pino({ level: 'silent' }),
      catalog: new Catalog([bound]),
      metrics,
      runnerFor: () => Promise.reject(new Error('no runner in these tests')),
      membersOf: () => Promise.resolve([]),
      timeZone: TIME_ZONE,
    };
  };
  const metrics = createMetrics({ processMetrics: false });
  const deps = makeDeps();
  return {
    clock,
    deps,
    metrics,
    file: data.file,
    secondProcess: makeDeps,
    dispose: () => {
      for (const store of stores) store.close();
      data.remove();
    },
  };
}

/** Opens an incident as the Slack side does (timeline first) and schedules its escalations. */
export function openIncident(deps: CoreDeps, runbook = 'api-down', channel = 'C0INCIDENT', user = 'U0ANA') {
  const { incident } = deps.store.openIncident({ runbook, channel, openedBy: user });
  deps.store.appendTimeline({
    incidentId: incident.id,
    actor: user,
    kind: 'opened',
    summary: 'incidente aberto',
  });
  return incident;
}

/** Value of a counter sample in the metrics registry. */
export async function counterValue(metrics: Metrics, name: string, labels: Record<string, string>) {
  const metric = metrics.registry.getSingleMetric(name);
  if (!metric) return 0;
  const { values } = await metric.get();
  const sample = values.find((value) =>
    Object.entries(labels).every(([key, expected]) => String(value.labels[key]) === expected),
  );
  return sample?.value ?? 0;
}
