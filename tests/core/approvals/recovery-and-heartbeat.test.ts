import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RUNBOOK_CHANGED_REASON } from '../../../src/core/approvals/change-fingerprint.ts';
import { isChangeRefused } from '../../../src/core/approvals/change-refused.ts';
import { decideApproval } from '../../../src/core/approvals/decide-approval.ts';
import { executeApproved } from '../../../src/core/approvals/execute-change.ts';
import { recoverInterrupted, recoverUnstarted } from '../../../src/core/approvals/recover-interrupted.ts';
import { requestChange } from '../../../src/core/approvals/request-change.ts';
import { type BoundRunbook, Catalog } from '../../../src/core/catalog.ts';
import type { CoreDeps } from '../../../src/core/core-deps.ts';
import type { StepRunner } from '../../../src/exec/run-step.ts';
import { FakeClock } from '../../support/fake-clock.ts';
import { createHarness, type Harness, passingRunner } from './approval-harness.ts';

/**
 * Approved changes and running changes across process deaths (fake clock, fake runner, two
 * connections to one database file as two processes):
 * - an approval whose process stopped between `approved` and `running` is run on recovery when it is
 *   still valid, or failed with the reason (too old, runbook changed) — never left `approved`;
 * - a running change heartbeats: it keeps its lock past 15 minutes and no other process takes it for
 *   interrupted; once its heartbeat stops for three intervals, it is failed as interrupted.
 */
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HEARTBEAT = 10 * SECOND;

describe('approved and running changes after a process stops', () => {
  let clock: FakeClock;
  let runner: ReturnType<typeof passingRunner>;
  /** How long the change step takes (on the fake clock). */
  let changeTakes: number;
  let h: Harness;

  beforeEach(async () => {
    clock = new FakeClock();
    runner = passingRunner();
    runner.healthy = false; // the service is down: the click runs it without asking to confirm
    changeTakes = 0;
    const slow: StepRunner = {
      run: async (step, ...rest) => {
        if (step.risk === 'change') {
          if (changeTakes > 0) await clock.sleep(changeTakes);
          runner.healthy = true; // the restart fixes it
        }
        return runner.run(step, ...rest);
      },
    };
    h = await createHarness({ clock, runner: slow });
  });
  afterEach(() => h.dispose());

  const restarts = () => runner.ran.filter((id) => id === 'restart-da-api').length;
  const request = (deps: CoreDeps = h.deps) =>
    requestChange(deps, {
      incident: h.store.getIncident(h.incident.id) ?? h.incident,
      bound: h.bound,
      section: h.section(),
      requestedBy: 'U1',
      channel: h.incident.channel,
    });
  /** A second process (its own connection and process identity), optionally with the runbook as edited on disk. */
  const process2 = (bound?: BoundRunbook): CoreDeps => ({
    ...h.secondProcess(),
    runOwner: '4242@other-host#b0b0b0b0',
    ...(bound ? { catalog: new Catalog([bound]) } : {}),
  });
  async function approved() {
    const { approval } = await request();
    const decided = await decideApproval(h.deps, {
      approvalId: approval.id,
      userId: 'U2',
      decision: 'approve',
    });
    expect(decided.kind).toBe('approved');
    return approval;
  }
  const changeRuns = (approvalId: string) =>
    h.store
      .listTimeline(h.incident.id)
      .filter((e) => e.kind === 'change_run' && e.data.approvalId === approvalId);

  it('stopped between approved and running, still valid: the restarted process runs it once and says so', async () => {
    const approval = await approved(); // ...and the process dies before executeApproved
    const restarted = process2();
    // Within the grace the approving process may still be starting it: left alone.
    await clock.advance(5 * SECOND);
    expect(await recoverUnstarted(restarted)).toEqual([]);
    await clock.advance(30 * SECOND);
    const found = await recoverUnstarted(restarted);
    expect(found).toMatchObject([{ kind: 'run', approval: { id: approval.id } }]);
    // A third process looking at the same moment does not take it too.
    expect(await recoverUnstarted(process2())).toEqual([]);
    const note = h.store.listTimeline(h.incident.id).find((e) => e.data.recovered === 'run');
    expect(note?.summary).toMatch(/found not started.*still valid, running it now/);

    const result = await executeApproved(restarted, { approvalId: approval.id, actor: 'bot' });
    expect(result).toMatchObject({ kind: 'executed', approval: { state: 'succeeded' } });
    expect(restarts()).toBe(1);
    expect(changeRuns(approval.id)).toHaveLength(1);
    expect(await recoverUnstarted(restarted)).toEqual([]);
    // The lock is free again: a new request is accepted.
    await expect(request()).resolves.toMatchObject({ approval: { state: 'pending' } });
  });

  it('stopped between approved and running, found after the approval window: failed with the reason, nothing runs', async () => {
    const approval = await approved();
    const window = approval.expiresAt - approval.requestedAt;
    await clock.advance(window + MINUTE);
    const found = await recoverUnstarted(process2());
    expect(found).toMatchObject([
      { kind: 'failed', code: 'approval_expired', approval: { id: approval.id } },
    ]);
    const now = h.store.getApproval(approval.id);
    expect(now?.state).toBe('failed');
    expect(now?.reason).toMatch(/never started, longer than the approval window \(600 s\)/);
    expect(changeRuns(approval.id)).toMatchObject([
      { actor: 'bot', data: { state: 'failed', reason: 'approval_expired' } },
    ]);
    expect(restarts()).toBe(0);
    // Nothing is left approved and the lock is free.
    expect(h.store.listApprovalsIn(['approved', 'running'])).toEqual([]);
    await expect(request()).resolves.toMatchObject({ approval: { state: 'pending' } });
  });

  it('stopped between approved and running, the runbook changed meanwhile: failed "runbook changed", nothing runs', async () => {
    const approval = await approved();
    await clock.advance(MINUTE);
    const edited = structuredClone(h.bound);
    for (const section of edited.runbook.sections) {
      for (const step of section.steps) {
        if (step.id === 'restart-da-api' && step.kind === 'command') step.command = `${step.command} --force`;
      }
    }
    const found = await recoverUnstarted(process2(edited));
    expect(found).toMatchObject([{ kind: 'failed', code: 'runbook_changed' }]);
    expect(h.store.getApproval(approval.id)).toMatchObject({
      state: 'failed',
      reason: RUNBOOK_CHANGED_REASON,
    });
    expect(changeRuns(approval.id)).toMatchObject([{ data: { reason: 'runbook_changed' } }]);
    expect(restarts()).toBe(0);
  });

  it('a change running longer than 15 minutes keeps its lock and is not taken for interrupted while it heartbeats', async () => {
    changeTakes = 20 * MINUTE;
    const approval = await approved();
    const run = executeApproved(h.deps, { approvalId: approval.id, actor: 'U2' });
    const other = process2();
    for (let elapsed = 0; elapsed < 18 * MINUTE; elapsed += MINUTE) {
      await clock.advance(MINUTE);
      expect(recoverInterrupted(other)).toEqual([]);
    }
    expect(h.store.getApproval(approval.id)).toMatchObject({
      state: 'running',
      runOwner: expect.any(String),
    });
    // 18 minutes in, past the lock's 15: a second request for the service is still refused.
    const second = await request(other).then(
      () => null,
      (error: unknown) => error,
    );
    expect(isChangeRefused(second) && second.refusal.kind).toBe('locked');

    await clock.advance(5 * MINUTE);
    await expect(run).resolves.toMatchObject({ kind: 'executed', approval: { state: 'succeeded' } });
    expect(restarts()).toBe(1);
    // Released at the end: the next request is accepted.
    await expect(request(other)).resolves.toMatchObject({ approval: { state: 'pending' } });
  });

  it('a running change whose owner stopped heartbeating is failed as interrupted after three intervals, never re-run', async () => {
    const approval = await approved();
    // Its process entered `running` and died there (nothing renews the heartbeat).
    h.store.transitionApproval(approval.id, ['approved'], 'running', {
      runOwner: '77@build-host#deadbeef',
      heartbeatEveryMs: HEARTBEAT,
    });
    const other = process2();
    await clock.advance(2 * HEARTBEAT);
    expect(recoverInterrupted(other)).toEqual([]);
    expect(h.store.getApproval(approval.id)?.state).toBe('running');

    await clock.advance(HEARTBEAT + 1);
    const [failed, ...more] = recoverInterrupted(other);
    expect(more).toEqual([]);
    expect(failed).toMatchObject({ id: approval.id, state: 'failed' });
    expect(failed?.reason).toMatch(
      /^interrupted \(the process running it stopped: no heartbeat from 77@build-host#deadbeef for 30 s\)/,
    );
    expect(changeRuns(approval.id)).toMatchObject([
      { actor: 'bot', data: { reason: 'interrupted', owner: '77@build-host#deadbeef' } },
    ]);
    expect(recoverInterrupted(other)).toEqual([]);
    expect(restarts()).toBe(0);
    await expect(request(other)).resolves.toMatchObject({ approval: { state: 'pending' } });
  });
});
