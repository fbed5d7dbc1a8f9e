// Issue 12 item 3: an approval is for exactly what the approver saw. The section (or the binding,
// or where it runs) changing between the request and the click, or between the click and the run,
// runs nothing; an unchanged section runs once.
import { describe, expect, it } from 'vitest';
import {
  canonicalJson,
  fingerprintOf,
  NO_FINGERPRINT_REASON,
  RUNBOOK_CHANGED_REASON,
} from '../../../src/core/approvals/change-fingerprint.ts';
import { changeLockName } from '../../../src/core/approvals/change-lock.ts';
import { isChangeRefused } from '../../../src/core/approvals/change-refused.ts';
import { decideApproval } from '../../../src/core/approvals/decide-approval.ts';
import { executeApproved } from '../../../src/core/approvals/execute-change.ts';
import { requestChange } from '../../../src/core/approvals/request-change.ts';
import { type BoundRunbook, Catalog, findSection } from '../../../src/core/catalog.ts';
import type { CoreDeps } from '../../../src/core/core-deps.ts';
import type { CommandStep, Section, Step } from '../../../src/runbook/model.ts';
import { FakeClock } from '../../support/fake-clock.ts';
import { createHarness, type Harness, passingRunner, RESTART } from './approval-harness.ts';
import { serviceDownTest } from './service-down-test.ts';

const RESTART_STEP = 'restart-da-api';

/** The runbook as a new bot process would load it after an edit: a deep copy with `edit` applied. */
function reloaded(bound: BoundRunbook, edit: (copy: BoundRunbook) => void = () => {}): BoundRunbook {
  const copy = structuredClone(bound);
  edit(copy);
  return copy;
}

function restartSection(bound: BoundRunbook): Section {
  const section = findSection(bound.runbook, RESTART);
  if (!section) throw new Error('no restart section');
  return section;
}

/** Applies `change` to the step wherever the runbook holds it (a step is listed in every enclosing section). */
function editStep(bound: BoundRunbook, stepId: string, change: (step: CommandStep) => void): void {
  for (const section of bound.runbook.sections) {
    for (const step of section.steps) if (step.id === stepId && step.kind === 'command') change(step);
  }
}

/** Deps of a process that loaded `bound` (same store, same runner). */
function processWith(h: Harness, bound: BoundRunbook): CoreDeps {
  return { ...h.deps, catalog: new Catalog([bound]) };
}

const edits: Record<string, (copy: BoundRunbook) => void> = {
  'the command text': (copy) =>
    editStep(copy, RESTART_STEP, (step) => {
      step.command = `${step.command} && touch /tmp/edited-ran`;
    }),
  'the step order': (copy) => {
    const section = restartSection(copy);
    section.steps = [...section.steps].reverse();
  },
  'a step timeout from the binding': (copy) => {
    copy.binding.steps = { ...copy.binding.steps, [RESTART_STEP]: { timeout: 5_000 } };
    editStep(copy, RESTART_STEP, (step) => {
      step.timeoutMs = 5_000;
    });
  },
  'the env names the binding passes': (copy) => {
    copy.binding.env = [...copy.binding.env, 'DATABASE_URL'];
  },
  'the wait seconds': (copy) => {
    const wait = restartSection(copy).steps.find(
      (step): step is Extract<Step, { kind: 'wait' }> => step.kind === 'wait',
    );
    if (!wait) throw new Error('no wait step');
    wait.seconds += 30;
  },
  'the risk of a step': (copy) => {
    const last = restartSection(copy)
      .steps.filter((step) => step.kind === 'command')
      .at(-1);
    if (!last || last.id === RESTART_STEP) throw new Error('expected a check after the restart');
    editStep(copy, last.id, (step) => {
      step.risk = 'change';
    });
  },
};

describe('approvals bound to a fingerprint (fake clock, fake runner)', () => {
  const it = serviceDownTest
    .extend(
      'request',
      ({ h }) =>
        (deps: CoreDeps = h.deps, bound: BoundRunbook = h.bound) =>
          requestChange(deps, {
            incident: h.store.getIncident(h.incident.id) ?? h.incident,
            bound,
            section: restartSection(bound),
            requestedBy: 'U1',
            channel: h.incident.channel,
          }),
    )
    .extend(
      'changeSteps',
      ({ runner }) =>
        () =>
          runner.ran.filter((id) => id === RESTART_STEP).length,
    );

  it('stores the fingerprint of what the card shows; the same runbook loaded again has the same one', async ({
    h,
    request,
  }) => {
    const requested = await request();
    expect(requested.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(requested.approval.fingerprint).toBe(requested.fingerprint);
    expect(h.store.getApproval(requested.approval.id)?.fingerprint).toBe(requested.fingerprint);
    const copy = reloaded(h.bound);
    expect(fingerprintOf(copy, restartSection(copy), { workdir: null })).toBe(requested.fingerprint);
    const entry = h.store.listTimeline(h.incident.id).find((e) => e.kind === 'approval_requested');
    expect(entry?.data.fingerprint).toBe(requested.fingerprint);
  });

  for (const [what, edit] of Object.entries(edits)) {
    it(`${what} changed before the click: nothing runs, denied "runbook changed", a new request works`, async ({
      runner,
      h,
      request,
      changeSteps,
    }) => {
      const { approval } = await request();
      const ranAtRequest = runner.ran.length; // the card's read-only checks
      const edited = reloaded(h.bound, edit);
      const after = processWith(h, edited);

      const decided = await decideApproval(after, {
        approvalId: approval.id,
        userId: 'U2',
        decision: 'approve',
      });
      expect(decided).toMatchObject({
        kind: 'runbook_changed',
        code: 'runbook_changed',
        approval: { state: 'denied', decidedBy: 'bot', reason: RUNBOOK_CHANGED_REASON },
      });
      expect(await executeApproved(after, { approvalId: approval.id, actor: 'U2' })).toMatchObject({
        kind: 'not_winner',
      });
      expect(changeSteps()).toBe(0);
      expect(runner.ran.length).toBe(ranAtRequest); // not even the checks ran for a stale approval
      expect(h.store.getIncident(h.incident.id)?.status).toBe('investigating');
      const entry = h.store.listTimeline(h.incident.id).at(-1);
      expect(entry).toMatchObject({
        kind: 'approval_decided',
        actor: 'U2',
        summary: expect.stringContaining(RUNBOOK_CHANGED_REASON),
        data: { approvalId: approval.id, decision: 'superseded', reason: 'runbook_changed' },
      });

      // One click away: the lock is free, a new request shows the section as it is now and runs it.
      const again = await request(after, edited);
      expect(again.fingerprint).not.toBe(approval.fingerprint);
      await decideApproval(after, { approvalId: again.approval.id, userId: 'U2', decision: 'approve' });
      runner.healthy = true;
      const run = await executeApproved(after, { approvalId: again.approval.id, actor: 'U2' });
      expect(run).toMatchObject({ kind: 'executed' });
    });
  }

  it('changed between the click and the run: the run starts nothing, the approval fails, the lock is freed', async ({
    runner,
    h,
    request,
    changeSteps,
  }) => {
    const { approval } = await request();
    const approved = await decideApproval(h.deps, {
      approvalId: approval.id,
      userId: 'U2',
      decision: 'approve',
    });
    expect(approved.kind).toBe('approved');
    const ranBefore = runner.ran.length;

    const after = processWith(h, reloaded(h.bound, edits['the command text']));
    const result = await executeApproved(after, { approvalId: approval.id, actor: 'U2' });
    expect(result).toMatchObject({
      kind: 'aborted',
      reason: 'runbook_changed',
      approval: { state: 'failed', reason: RUNBOOK_CHANGED_REASON },
    });
    expect(runner.ran.length).toBe(ranBefore);
    expect(changeSteps()).toBe(0);
    expect(h.store.countChangeRuns('api-down', 0)).toBe(0); // it never started: no breaker slot used
    expect(h.store.acquireLock(changeLockName('api-down'), 'someone-else', 1000)).toBe(true);
    expect(h.store.listTimeline(h.incident.id).at(-1)).toMatchObject({
      kind: 'change_run',
      summary: expect.stringContaining(RUNBOOK_CHANGED_REASON),
      data: { approvalId: approval.id, state: 'failed', reason: 'runbook_changed' },
    });
  });

  it('unchanged (a new process loading the same runbook): approved and run exactly once', async ({
    runner,
    h,
    request,
    changeSteps,
  }) => {
    const { approval } = await request();
    const after = processWith(h, reloaded(h.bound));
    expect(
      await decideApproval(after, { approvalId: approval.id, userId: 'U2', decision: 'approve' }),
    ).toMatchObject({
      kind: 'approved',
    });
    runner.healthy = true;
    const results = await Promise.all([
      executeApproved(after, { approvalId: approval.id, actor: 'U2' }),
      executeApproved(h.deps, { approvalId: approval.id, actor: 'U2' }),
    ]);
    expect(results.map((result) => result.kind).sort()).toEqual(['executed', 'not_winner']);
    expect(changeSteps()).toBe(1);
  });

  it('a request stored before fingerprints is refused with a clear reason at the click and at the run', async ({
    clock,
    h,
    changeSteps,
  }) => {
    const make = () => {
      const old = h.store.createApproval({
        incidentId: h.incident.id,
        runbook: 'api-down',
        sectionId: RESTART,
        service: 'api-down',
        requestedBy: 'U1',
        expiresAt: clock.now() + 600_000,
        channel: h.incident.channel,
      });
      expect(old.fingerprint).toBeNull();
      return old;
    };
    const clicked = make();
    expect(
      await decideApproval(h.deps, { approvalId: clicked.id, userId: 'U2', decision: 'approve' }),
    ).toMatchObject({
      kind: 'runbook_changed',
      code: 'no_fingerprint',
      approval: { state: 'denied', reason: NO_FINGERPRINT_REASON },
    });

    const approvedEarlier = make();
    h.store.transitionApproval(approvedEarlier.id, ['pending'], 'approved', { decidedBy: 'U2' });
    expect(await executeApproved(h.deps, { approvalId: approvedEarlier.id, actor: 'U2' })).toMatchObject({
      kind: 'aborted',
      reason: 'no_fingerprint',
      approval: { state: 'failed', reason: NO_FINGERPRINT_REASON },
    });
    expect(changeSteps()).toBe(0);
  });

  it('the terminal: a confirmation for other steps is refused and records nothing; a Slack user cannot use it', async ({
    h,
  }) => {
    const refusal = async (promise: Promise<unknown>) => {
      try {
        await promise;
      } catch (error) {
        if (isChangeRefused(error)) return error.refusal;
        throw error;
      }
      throw new Error('expected a refusal');
    };
    const confirmed = fingerprintOf(h.bound, restartSection(h.bound), { workdir: null });
    const edited = reloaded(h.bound, edits['the command text']);
    const input = (requestedBy: string, bound: BoundRunbook) => ({
      incident: h.incident,
      bound,
      section: restartSection(bound),
      requestedBy,
      channel: 'cli',
      confirmedInTerminal: { fingerprint: confirmed },
    });
    expect(await refusal(requestChange(processWith(h, edited), input('cli:ana', edited)))).toMatchObject({
      kind: 'runbook_changed',
      expected: confirmed,
    });
    expect(await refusal(requestChange(h.deps, input('U2', h.bound)))).toMatchObject({
      kind: 'invalid',
      field: 'confirmedInTerminal',
    });
    expect(h.store.listTimeline(h.incident.id)).toEqual([]);

    const ok = await requestChange(h.deps, input('cli:ana', h.bound));
    expect(ok.approval).toMatchObject({ state: 'approved', decidedBy: 'cli:ana', fingerprint: confirmed });
  });
});

describe('fingerprint', () => {
  it('is the same for the same data in any key order, and differs for each thing the approver is shown', async () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: undefined }] })).toBe('{"a":[{"d":2}],"b":1}');
    const h = await createHarness({ clock: new FakeClock(), runner: passingRunner() });
    try {
      const base = fingerprintOf(h.bound, restartSection(h.bound), {
        workdir: '/srv/app',
        envDigest: () => 'a',
      });
      const variants = [
        fingerprintOf(h.bound, restartSection(h.bound), { workdir: '/srv/other', envDigest: () => 'a' }),
        fingerprintOf(h.bound, restartSection(h.bound), { workdir: '/srv/app', envDigest: () => 'b' }),
        ...[
          (copy: BoundRunbook) =>
            editStep(copy, RESTART_STEP, (step) => {
              step.cwd = '/elsewhere';
            }),
          (copy: BoundRunbook) =>
            editStep(copy, RESTART_STEP, (step) => {
              step.stdin = 'y\n';
            }),
          (copy: BoundRunbook) =>
            editStep(copy, RESTART_STEP, (step) => {
              step.skip = 'not today';
            }),
          (copy: BoundRunbook) => {
            copy.binding.workdir = '/opt/new';
          },
          ...Object.values(edits),
        ].map((edit) => {
          const copy = reloaded(h.bound, edit);
          return fingerprintOf(copy, restartSection(copy), { workdir: '/srv/app', envDigest: () => 'a' });
        }),
      ];
      expect(new Set([base, ...variants]).size).toBe(variants.length + 1);
      // A title (not shown as a command, not run) does not matter.
      const retitled = reloaded(h.bound, (copy) =>
        editStep(copy, RESTART_STEP, (step) => {
          step.title = 'x';
        }),
      );
      expect(
        fingerprintOf(retitled, restartSection(retitled), { workdir: '/srv/app', envDigest: () => 'a' }),
      ).toBe(base);
    } finally {
      h.dispose();
    }
  });
});
