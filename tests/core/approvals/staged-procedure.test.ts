// Issue 14 item 9: a numbered procedure that mixes reads and changes. The reads run at once; each
// group of change steps gets its own approval, in order; a denied group stops the procedure.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { changeGroupsOf, isStagedProcedure } from '../../../src/core/approvals/change-groups.ts';
import { advanceProcedure, continueAfterGroup } from '../../../src/core/approvals/continue-procedure.ts';
import { decideApproval } from '../../../src/core/approvals/decide-approval.ts';
import { executeApproved } from '../../../src/core/approvals/execute-change.ts';
import { type BoundRunbook, Catalog, findSection } from '../../../src/core/catalog.ts';
import type { CoreDeps } from '../../../src/core/core-deps.ts';
import { loadCatalog } from '../../../src/core/load-catalog.ts';
import { prepareRunner } from '../../../src/core/prepare-runner.ts';
import { createMetrics } from '../../../src/observability/metrics.ts';
import type { Section } from '../../../src/runbook/model.ts';
import { toRunbookJson } from '../../../src/runbook/to-runbook-json.ts';
import type { Approval } from '../../../src/store/records.ts';
import type { Store } from '../../../src/store/store.ts';
import { FakeClock } from '../../support/fake-clock.ts';
import { openTempStore } from '../../support/temp-data-dir.ts';

const FIXTURES = fileURLToPath(new URL('../../fixtures/procedure', import.meta.url));
const ALL_STATES: Approval['state'][] = [
  'pending',
  'approved',
  'running',
  'succeeded',
  'failed',
  'denied',
  'expired',
];

describe('a procedure with three change groups split by reads', () => {
  let workdir: string;
  let store: Store;
  let dispose: () => void;
  let deps: CoreDeps;
  let bound: BoundRunbook;
  let procedure: Section;

  beforeEach(async () => {
    workdir = mkdtempSync(join(tmpdir(), 'runbook-bot-staged-'));
    const clock = new FakeClock();
    const { catalog } = await loadCatalog(FIXTURES);
    const loaded = catalog.byRunbookId('staged');
    if (!loaded) throw new Error('staged.md not loaded');
    bound = { runbook: loaded.runbook, binding: { ...loaded.binding, workdir } };
    const found = findSection(bound.runbook, 'procedure');
    if (!found) throw new Error('no procedure section');
    procedure = found;
    ({ store, dispose } = openTempStore(clock));
    const prepared = prepareRunner({ bound, env: process.env, clock, workdir, passEnv: [] });
    deps = {
      store,
      clock,
      logger: pino({ level: 'silent' }),
      catalog: new Catalog([bound]),
      metrics: createMetrics({ processMetrics: false }),
      runnerFor: () => prepared,
      membersOf: async () => [],
      timeZone: 'UTC',
    };
  });
  afterEach(() => {
    dispose();
    rmSync(workdir, { recursive: true, force: true });
  });

  const marker = (name: string) => join(workdir, `${name}.marker`);
  const approvals = () => store.listApprovalsIn(ALL_STATES);
  const start = () => {
    const { incident } = store.openIncident({ runbook: 'staged', channel: 'C0INCIDENT', openedBy: 'U111' });
    return advanceProcedure(deps, {
      incident,
      bound,
      section: procedure,
      stage: 0,
      requestedBy: 'U111',
      channel: 'C0INCIDENT',
    });
  };

  it('finds one group per change step, with ids from the section and the first step', () => {
    expect(isStagedProcedure(procedure)).toBe(true);
    expect(changeGroupsOf(procedure)).toEqual([
      { id: 'procedure@restart-the-service', stepIds: ['restart-the-service'] },
      { id: 'procedure@roll-back-the-release', stepIds: ['roll-back-the-release'] },
      { id: 'procedure@delete-the-stale-cache', stepIds: ['delete-the-stale-cache'] },
    ]);
  });

  it('inspect --json lists the groups as an extra field of the section', () => {
    const json = toRunbookJson(bound.runbook).sections.find((section) => section.id === 'procedure');
    expect(json).toMatchObject({ id: 'procedure', steps: expect.any(Array) });
    expect(json?.changeGroups?.map((group) => group.id)).toEqual([
      'procedure@restart-the-service',
      'procedure@roll-back-the-release',
      'procedure@delete-the-stale-cache',
    ]);
  });

  it('runs the first reads at once and asks for the first group only', async () => {
    const first = await start();
    if (first.kind !== 'awaiting') throw new Error(`expected a request, got ${first.kind}`);
    expect(first.readRun?.steps.map((step) => step.stepId)).toEqual(['check-what-is-deployed']);
    expect(first.request.steps.map((step) => step.id)).toEqual(['restart-the-service']);
    expect(first).toMatchObject({ group: 1, groups: 3 });
    expect(approvals()).toHaveLength(1);
    expect(approvals()[0]).toMatchObject({ sectionId: 'procedure@restart-the-service', state: 'pending' });
    expect(existsSync(marker('restart'))).toBe(false);
  });

  it('approved, runs only that group, then the next reads, then asks for the second; denied, stops', async () => {
    const first = await start();
    if (first.kind !== 'awaiting') throw new Error('no first request');
    const approved = await decideApproval(deps, {
      approvalId: first.request.approval.id,
      userId: 'U222',
      decision: 'approve',
    });
    expect(approved.kind).toBe('approved');
    const ran = await executeApproved(deps, { approvalId: first.request.approval.id, actor: 'U222' });
    if (ran.kind !== 'executed') throw new Error(`not executed: ${ran.kind}`);
    expect(ran.approval.state).toBe('succeeded');
    expect(ran.changeRun.steps.map((step) => step.stepId)).toEqual(['restart-the-service']);
    expect(readFileSync(marker('restart'), 'utf8')).toBe('restarted\n');
    expect(existsSync(marker('rollback'))).toBe(false);

    const next = await continueAfterGroup(deps, ran.approval);
    if (next.kind !== 'continued' || next.progress.kind !== 'awaiting') throw new Error('no second request');
    const reads = next.progress.readRun?.steps ?? [];
    expect(reads.map((step) => [step.stepId, step.status])).toEqual([
      ['check-the-restart-left-its-marker', 'pass'],
    ]);
    const second = next.progress.request;
    expect(second.steps.map((step) => step.id)).toEqual(['roll-back-the-release']);
    expect(second.approval).toMatchObject({
      sectionId: 'procedure@roll-back-the-release',
      requestedBy: 'U111',
    });
    expect(second.fingerprint).not.toBe(first.request.fingerprint);
    expect(approvals()).toHaveLength(2);

    const denied = await decideApproval(deps, {
      approvalId: second.approval.id,
      userId: 'U222',
      decision: 'deny',
      reason: 'not now',
    });
    if (denied.kind !== 'denied') throw new Error(`not denied: ${denied.kind}`);
    const stopped = await continueAfterGroup(deps, denied.approval);
    if (stopped.kind !== 'stopped') throw new Error(`not stopped: ${stopped.kind}`);
    expect(stopped.notRun.map((step) => step.id)).toEqual([
      'roll-back-the-release',
      'check-the-rollback',
      'delete-the-stale-cache',
      'final-check',
    ]);
    expect(existsSync(marker('rollback'))).toBe(false);
    expect(existsSync(marker('delete'))).toBe(false);
    expect(approvals()).toHaveLength(2);
    const timeline = store.listTimeline(first.request.incident.id);
    expect(timeline).toContainEqual(
      expect.objectContaining({
        kind: 'note',
        summary: expect.stringContaining(
          'not run: Roll back the release, Check the rollback, Delete the stale cache',
        ),
      }),
    );
  });

  it('a stored group approval is found again by a new catalog (a restarted bot) and continues', async () => {
    const first = await start();
    if (first.kind !== 'awaiting') throw new Error('no first request');
    const { catalog } = await loadCatalog(FIXTURES);
    const reloaded = catalog.byRunbookId('staged');
    if (!reloaded) throw new Error('not reloaded');
    deps = {
      ...deps,
      catalog: new Catalog([{ runbook: reloaded.runbook, binding: { ...reloaded.binding, workdir } }]),
    };
    await decideApproval(deps, {
      approvalId: first.request.approval.id,
      userId: 'U222',
      decision: 'approve',
    });
    const ran = await executeApproved(deps, { approvalId: first.request.approval.id, actor: 'U222' });
    expect(ran.kind === 'executed' && ran.approval.state).toBe('succeeded');
    expect(existsSync(marker('restart'))).toBe(true);
  });
});
