import { describe, expect } from 'vitest';
import { isChangeRefused } from '../../../src/core/approvals/change-refused.ts';
import { decideApproval } from '../../../src/core/approvals/decide-approval.ts';
import { executeApproved } from '../../../src/core/approvals/execute-change.ts';
import { expireDue } from '../../../src/core/approvals/expire-approvals.ts';
import { requestChange } from '../../../src/core/approvals/request-change.ts';
import { isUserError } from '../../../src/core/errors.ts';
import { countMetric } from './approval-harness.ts';
import { serviceDownTest } from './service-down-test.ts';

const MINUTE = 60_000;

const it = serviceDownTest
  .extend(
    'request',
    ({ h }) =>
      (requestedBy = 'U1') =>
        requestChange(h.deps, {
          incident: h.store.getIncident(h.incident.id) ?? h.incident,
          bound: h.bound,
          section: h.section(),
          requestedBy,
          channel: h.incident.channel,
        }),
  )
  .extend(
    'restarts',
    ({ runner }) =>
      () =>
        runner.ran.filter((id) => id === 'restart-da-api').length,
  );

const refusalOf = async (promise: Promise<unknown>) => {
  try {
    await promise;
  } catch (error) {
    if (isChangeRefused(error)) return error;
    throw error;
  }
  throw new Error('expected the request to be refused');
};

describe('expiry, per-service lock and circuit breaker (fake clock, fake runner)', () => {
  it('expires a pending approval at 10 min; a later click is refused as expired and nothing runs', async ({
    clock,
    h,
    request,
    restarts,
  }) => {
    const { approval } = await request();
    await clock.advance(10 * MINUTE - 1);
    expect(expireDue(h.deps)).toEqual([]);
    await clock.advance(1);

    const expired = expireDue(h.deps);
    expect(expired).toHaveLength(1);
    expect(expired[0]).toMatchObject({ id: approval.id, state: 'expired', finishedAt: clock.now() });
    expect(expireDue(h.deps)).toEqual([]); // a second tick (or a second process) finds nothing
    expect(h.store.getIncident(h.incident.id)?.status).toBe('investigating');

    const late = await decideApproval(h.deps, { approvalId: approval.id, userId: 'U2', decision: 'approve' });
    expect(late).toMatchObject({ kind: 'refused', code: 'expired', approval: { state: 'expired' } });
    expect(await executeApproved(h.deps, { approvalId: approval.id, actor: 'U2' })).toMatchObject({
      kind: 'not_winner',
    });
    expect(restarts()).toBe(0);

    const timeline = h.store.listTimeline(h.incident.id);
    expect(timeline.map((entry) => [entry.kind, entry.actor])).toEqual([
      ['approval_requested', 'U1'],
      ['approval_decided', 'bot'],
      ['approval_refused', 'U2'],
    ]);
    expect(timeline[2]?.data).toMatchObject({ code: 'expired' });
    expect(countMetric((await h.deps.metrics.render()).body, 'expired')).toBe(1);
    // The lock went with it: a new request is accepted.
    await expect(request()).resolves.toMatchObject({ approval: { state: 'pending' } });
  });

  it('a click after the expiry time expires the approval itself, even before the tick', async ({
    clock,
    h,
    request,
    restarts,
  }) => {
    const { approval } = await request();
    await clock.advance(10 * MINUTE);
    const late = await decideApproval(h.deps, { approvalId: approval.id, userId: 'U2', decision: 'approve' });
    expect(late).toMatchObject({ kind: 'refused', code: 'expired', approval: { state: 'expired' } });
    expect(expireDue(h.deps)).toEqual([]);
    expect(restarts()).toBe(0);
  });

  it('refuses a second request while one is pending, naming who asked; accepts it after a deny', async ({
    h,
    request,
  }) => {
    const { approval } = await request('U1');
    const refused = await refusalOf(request('U2'));
    expect(refused.code).toBe('conflict');
    expect(refused.refusal).toEqual({
      kind: 'locked',
      service: 'api-down',
      holder: { id: approval.id, requestedBy: 'U1', requestedAt: approval.requestedAt, state: 'pending' },
    });
    expect(
      h.store.listTimeline(h.incident.id).filter((entry) => entry.kind === 'approval_requested'),
    ).toHaveLength(1);

    const denied = await decideApproval(h.deps, {
      approvalId: approval.id,
      userId: 'U2',
      decision: 'deny',
      reason: 'not now',
    });
    expect(denied).toMatchObject({
      kind: 'denied',
      approval: { state: 'denied', decidedBy: 'U2', reason: 'not now' },
    });
    expect(h.store.getIncident(h.incident.id)?.status).toBe('investigating');
    await expect(request('U2')).resolves.toMatchObject({ approval: { state: 'pending', requestedBy: 'U2' } });
  });

  it('refuses a request while a change of the service is running', async ({ h, request }) => {
    const { approval } = await request();
    await decideApproval(h.deps, { approvalId: approval.id, userId: 'U2', decision: 'approve' });
    h.store.transitionApproval(approval.id, ['approved'], 'running'); // as if another process runs it now
    const refused = await refusalOf(request('U2'));
    expect(refused.refusal).toMatchObject({ kind: 'locked', service: 'api-down', holder: null });
  });

  it('circuit breaker: after 3 runs in an hour the 4th request is rate_limited; allowed after the hour', async ({
    clock,
    runner,
    h,
    request,
    restarts,
  }) => {
    for (let run = 0; run < 3; run++) {
      const { approval } = await request();
      await decideApproval(h.deps, { approvalId: approval.id, userId: 'U2', decision: 'approve' });
      runner.healthy = true; // the restart fixes it…
      const executed = await executeApproved(h.deps, { approvalId: approval.id, actor: 'U2' });
      expect(executed).toMatchObject({ kind: 'executed', healthy: true, approval: { state: 'succeeded' } });
      runner.healthy = false; // …until it breaks again
      await clock.advance(10 * MINUTE);
    }
    expect(restarts()).toBe(3);

    const refused = await refusalOf(request());
    expect(isUserError(refused)).toBe(true);
    expect(refused.code).toBe('rate_limited');
    expect(refused.refusal).toEqual({
      kind: 'circuit_open',
      service: 'api-down',
      count: 3,
      limit: 3,
      windowMs: 60 * MINUTE,
    });
    expect(
      h.store.listTimeline(h.incident.id).filter((entry) => entry.kind === 'approval_requested'),
    ).toHaveLength(3);

    // The first run was 30 minutes ago: it is in the window for 30 more minutes, then leaves it.
    await clock.advance(30 * MINUTE);
    expect((await refusalOf(request())).code).toBe('rate_limited');
    await clock.advance(1);
    await expect(request()).resolves.toMatchObject({ approval: { state: 'pending' } });
  });

  it('a failed change leaves the incident mitigating with the failure in the approval', async ({
    clock,
    runner,
    h,
    request,
  }) => {
    runner.healthy = false;
    const { approval } = await request();
    await decideApproval(h.deps, { approvalId: approval.id, userId: 'U2', decision: 'approve' });
    const run = executeApproved(h.deps, { approvalId: approval.id, actor: 'U2' });
    // The wait step polls (sleep 30 -> at most 60 s) on the fake clock.
    for (let second = 0; second < 70; second += 2) await clock.advance(2000);
    const result = await run;
    if (result.kind !== 'executed') throw new Error(result.kind);
    expect(result.healthy).toBe(false);
    expect(result.verifyRun).toBeNull();
    expect(result.approval.state).toBe('failed');
    // Said in the binding's language (api-down is pt-BR): the wait step and how long it waited.
    expect(h.bound.binding.locale).toBe('pt-BR');
    expect(result.approval.reason).toMatch(/^Aguardar health check: não ficou saudável em 1 min/);
    expect(result.approval.reason).toContain('obtido HTTP 503');
    expect(result.outcome).toMatchObject({ healthyAfterMs: null, waitedMs: 60_000, verify: null });
    expect(result.incident?.status).toBe('mitigating');
  });
});
