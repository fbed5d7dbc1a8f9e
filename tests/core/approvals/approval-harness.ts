import { fileURLToPath } from 'node:url';
import pino from 'pino';
import type { Sandbox } from '../../../sandbox/host.ts';
import { type BoundRunbook, Catalog, findSection } from '../../../src/core/catalog.ts';
import type { CoreDeps } from '../../../src/core/core-deps.ts';
import { loadCatalog } from '../../../src/core/load-catalog.ts';
import type { Clock } from '../../../src/core/ports.ts';
import { type PreparedRunner, prepareRunner } from '../../../src/core/prepare-runner.ts';
import { createRedactor } from '../../../src/exec/redact/create-redactor.ts';
import type { StepRunner } from '../../../src/exec/run-step.ts';
import type { StepResult } from '../../../src/exec/step-result.ts';
import { createMetrics } from '../../../src/observability/metrics.ts';
import type { Section } from '../../../src/runbook/model.ts';
import type { Incident } from '../../../src/store/records.ts';
import { openStore } from '../../../src/store/sqlite-store.ts';
import type { Store } from '../../../src/store/store.ts';
import { openTempStore } from '../../support/temp-data-dir.ts';

export const RESTART = 'passo-2-restart-do-servico';
/** Approvers of the test binding: U1 and U2 by name, U7 through the S0DEVOPS user group. */
export const DEVOPS_GROUP = 'S0DEVOPS';
export const GROUP_MEMBERS = ['U7', 'U8'];

/** The real api-down runbook with test approvers (the binding's are placeholders). */
export async function apiDownBound(): Promise<BoundRunbook> {
  const { catalog } = await loadCatalog(fileURLToPath(new URL('../../../runbooks', import.meta.url)));
  const bound = catalog.byRunbookId('api-down');
  if (!bound) throw new Error('runbooks/api-down.md not loaded');
  return {
    runbook: bound.runbook,
    binding: {
      ...bound.binding,
      approvers: { ...bound.binding.approvers, users: ['U1', 'U2'], usergroups: [DEVOPS_GROUP] },
    },
  };
}

export interface Harness {
  deps: CoreDeps;
  store: Store;
  bound: BoundRunbook;
  incident: Incident;
  section(id?: string): Section;
  /** User-group lookups made (the Slack side caches them). */
  groupLookups: string[];
  /** The same deps over a second connection to the same database file (a second bot process). */
  secondProcess(): CoreDeps;
  dispose(): void;
}

export interface HarnessOptions {
  clock: Clock;
  /** The real simulated host: steps run there with the real step runner. */
  sandbox?: Sandbox;
  /** Or a fake runner (logic tests). */
  runner?: StepRunner;
}

export async function createHarness(options: HarnessOptions): Promise<Harness> {
  const { clock } = options;
  const bound = await apiDownBound();
  const { store, file, dispose } = openTempStore(clock);
  const extraStores: Store[] = [];
  const groupLookups: string[] = [];
  const sandbox = options.sandbox;
  let prepared: Promise<PreparedRunner> | null = null;
  const runnerFor = (target: BoundRunbook): Promise<PreparedRunner> => {
    if (options.runner) {
      return Promise.resolve({
        runner: options.runner,
        redactor: createRedactor({ secrets: [] }),
        workdir: null,
      });
    }
    if (!sandbox) throw new Error('harness needs a sandbox or a runner');
    prepared ??= prepareRunner({
      bound: target,
      env: { ...process.env, ...sandbox.env },
      passEnv: ['SANDBOX_STATE'],
      clock,
      workdir: sandbox.dir,
    });
    return prepared;
  };
  const deps: CoreDeps = {
    store,
    clock,
    logger: pino({ level: 'silent' }),
    catalog: new Catalog([bound]),
    metrics: createMetrics({ processMetrics: false }),
    runnerFor,
    membersOf: async (group) => {
      groupLookups.push(group);
      return group === DEVOPS_GROUP ? GROUP_MEMBERS : [];
    },
    timeZone: 'America/Sao_Paulo',
  };
  const incident = store.openIncident({
    runbook: 'api-down',
    channel: 'C0INCIDENT',
    openedBy: 'U1',
  }).incident;
  return {
    deps,
    store,
    bound,
    incident,
    section: (id = RESTART) => {
      const found = findSection(bound.runbook, id);
      if (!found) throw new Error(`no section ${id}`);
      return found;
    },
    groupLookups,
    secondProcess: () => {
      const other = openStore({ file, clock });
      extraStores.push(other);
      return { ...deps, store: other };
    },
    dispose: () => {
      for (const other of extraStores) other.close();
      dispose();
    },
  };
}

/** A runner that passes every step (and counts what it ran): for logic tests with a fake clock. */
export function passingRunner(): StepRunner & { ran: string[]; healthy: boolean } {
  const runner = {
    ran: [] as string[],
    /** When false, the health checks fail (HTTP 503). */
    healthy: true,
    run: async (step: Parameters<StepRunner['run']>[0]): Promise<StepResult> => {
      runner.ran.push(step.id);
      const ok = runner.healthy || step.risk === 'change';
      return {
        stepId: step.id,
        title: step.title,
        command: step.command,
        risk: step.risk,
        status: ok ? 'pass' : 'fail',
        exitCode: ok ? 0 : 22,
        timedOut: false,
        durationMs: 5,
        output: '',
        outputTruncated: false,
        droppedBytes: 0,
        expect: step.expect,
        detail: ok ? { kind: 'ok' } : { kind: 'expected_got', expected: '200 OK', got: 'HTTP 503' },
      };
    },
  };
  return runner;
}

export function countMetric(text: string, outcome: string): number {
  const line = text
    .split('\n')
    .find(
      (candidate) => candidate.includes(`approvals_total{`) && candidate.includes(`outcome="${outcome}"`),
    );
  return line ? Number(line.split(' ').at(-1)) : 0;
}
