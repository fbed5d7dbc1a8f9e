import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../../sandbox/host.ts';
import { decideApproval } from '../../../src/core/approvals/decide-approval.ts';
import { executeApproved } from '../../../src/core/approvals/execute-change.ts';
import { requestChange } from '../../../src/core/approvals/request-change.ts';
import { systemClock } from '../../../src/core/ports.ts';
import { createHarness, type Harness } from './approval-harness.ts';

// The real runbook against the simulated host (scenario restart-fixes-it), with the real clock:
// the wait step polls the health checks for real.
describe('approval flow on the simulated host', () => {
  let sandbox: Sandbox;
  let h: Harness;

  beforeEach(async () => {
    sandbox = await startSandbox({ scenario: 'restart-fixes-it', healthStartPeriodMs: 0 });
    h = await createHarness({ clock: systemClock, sandbox });
  });
  afterEach(async () => {
    h.dispose();
    await sandbox.stop();
  });

  const request = () =>
    requestChange(h.deps, {
      incident: h.incident,
      bound: h.bound,
      section: h.section(),
      requestedBy: 'U1',
      channel: h.incident.channel,
    });

  it('U1 requests, U1 cannot approve, U2 approves: one restart, healthy again, verification passes', async () => {
    const requested = await request();
    expect(requested.approval).toMatchObject({ state: 'pending', requestedBy: 'U1', breakGlass: false });
    expect(requested.checks.map((check) => [check.stepId, check.status])).toEqual([
      ['1-verificar-status-dos-containers', 'fail'],
      ['2-verificar-health-check', 'fail'],
    ]);
    expect(requested.steps.map((step) => step.kind)).toEqual(['command', 'wait', 'command']);
    expect(requested.approvers).toEqual({ users: ['U1', 'U2'], usergroups: ['S0DEVOPS'] });
    expect(requested.approval.expiresAt).toBe(requested.expiresAt);
    expect(requested.expiresAt - requested.approval.requestedAt).toBeCloseTo(10 * 60_000, -2);
    expect(requested.pingRoles).toEqual([]);
    expect(h.store.getIncident(h.incident.id)?.status).toBe('awaiting_approval');

    const own = await decideApproval(h.deps, {
      approvalId: requested.approval.id,
      userId: 'U1',
      decision: 'approve',
    });
    expect(own).toMatchObject({ kind: 'refused', code: 'self_approval' });
    expect(await executeApproved(h.deps, { approvalId: requested.approval.id, actor: 'U1' })).toMatchObject({
      kind: 'not_winner',
    });
    expect(await sandbox.restartCount()).toBe(0);

    const decided = await decideApproval(h.deps, {
      approvalId: requested.approval.id,
      userId: 'U2',
      decision: 'approve',
    });
    expect(decided).toMatchObject({ kind: 'approved', approval: { state: 'approved', decidedBy: 'U2' } });

    const result = await executeApproved(h.deps, { approvalId: requested.approval.id, actor: 'U2' });
    if (result.kind !== 'executed') throw new Error(`expected executed, got ${result.kind}`);
    expect(await sandbox.restartCount()).toBe(1);
    expect(result.healthy).toBe(true);
    expect(result.failure).toBeNull();
    expect(result.approval).toMatchObject({ state: 'succeeded', decidedBy: 'U2' });
    const wait = result.changeRun.steps.find((step) => step.risk === 'wait');
    expect(wait).toMatchObject({ status: 'pass', detail: { kind: 'healthy_after' } });
    expect(result.verifyRun?.section).toBe('verificacao-pos-resolucao');
    expect(result.verifyRun?.steps.map((step) => step.status)).toEqual(['pass', 'pass', 'pass', 'pass']);
    expect(result.outcome).toMatchObject({ verify: { passed: 4, total: 4 } });
    expect(result.outcome.changeMs).toBeGreaterThanOrEqual(1000);
    expect(result.outcome.healthyAfterMs).not.toBeNull();
    expect(result.incident?.status).toBe('monitoring');

    const timeline = h.store.listTimeline(h.incident.id);
    expect(timeline.map((entry) => [entry.kind, entry.actor])).toEqual([
      ['approval_requested', 'U1'],
      ['approval_refused', 'U1'],
      ['approval_decided', 'U2'],
      ['section_run', 'U2'],
      ['section_run', 'U2'],
      ['change_run', 'U2'],
    ]);
    expect(timeline[1]?.data).toMatchObject({ code: 'self_approval', approvalId: requested.approval.id });
    expect(timeline[5]?.data).toMatchObject({ state: 'succeeded', healthy: true });
    // The service lock is free again: a new request may be made (the circuit breaker allows 3/hour).
    expect(h.store.acquireLock('change:api-down', 'probe', 1000)).toBe(true);
  }, 60_000);

  it('20 concurrent Approve clicks on two bot processes, each followed by execute, plus replays: one restart', async () => {
    const { approval } = await request();
    const approvers = ['U2', 'U7', 'U8'];
    const processes = [h.deps, h.secondProcess()];
    const click = async (index: number) => {
      const userId = approvers[index % approvers.length] ?? 'U2';
      const deps = processes[index % 2] ?? h.deps;
      const decided = await decideApproval(deps, { approvalId: approval.id, userId, decision: 'approve' });
      const executed = await executeApproved(deps, { approvalId: approval.id, actor: userId });
      return { decided: decided.kind, executed: executed.kind };
    };
    const results = await Promise.all(Array.from({ length: 20 }, (_, index) => click(index)));
    expect(results.filter((result) => result.decided === 'approved')).toHaveLength(1);
    expect(results.filter((result) => result.executed === 'executed')).toHaveLength(1);
    // Slack retries and a second bot process replay the same deliveries afterwards.
    const replays = await Promise.all(Array.from({ length: 5 }, (_, index) => click(index)));
    expect(replays.every((result) => result.decided === 'refused' && result.executed === 'not_winner')).toBe(
      true,
    );

    expect(await sandbox.restartCount()).toBe(1);
    expect(h.store.getApproval(approval.id)?.state).toBe('succeeded');
    const timeline = h.store.listTimeline(h.incident.id);
    expect(timeline.filter((entry) => entry.kind === 'change_run')).toHaveLength(1);
    expect(timeline.filter((entry) => entry.kind === 'approval_decided')).toHaveLength(1);
  }, 90_000);

  it('asks the approver to confirm when the service recovered between request and click', async () => {
    const { approval } = await request();
    await sandbox.setScenario('healthy');

    const first = await decideApproval(h.deps, {
      approvalId: approval.id,
      userId: 'U2',
      decision: 'approve',
    });
    if (first.kind !== 'needs_confirmation')
      throw new Error(`expected needs_confirmation, got ${first.kind}`);
    expect(first.checks.map((check) => check.status)).toEqual(['pass', 'pass']);
    expect(h.store.getApproval(approval.id)?.state).toBe('pending');
    expect(await executeApproved(h.deps, { approvalId: approval.id, actor: 'U2' })).toMatchObject({
      kind: 'not_winner',
    });
    expect(await sandbox.restartCount()).toBe(0);

    const second = await decideApproval(h.deps, {
      approvalId: approval.id,
      userId: 'U2',
      decision: 'approve',
      confirmRecovered: true,
    });
    expect(second).toMatchObject({ kind: 'approved' });
    expect(await executeApproved(h.deps, { approvalId: approval.id, actor: 'U2' })).toMatchObject({
      kind: 'executed',
      healthy: true,
    });
    expect(await sandbox.restartCount()).toBe(1);
  }, 60_000);
});
