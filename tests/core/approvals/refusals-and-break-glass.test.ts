import { randomUUID } from 'node:crypto';
import { describe, expect } from 'vitest';
import { canApprove } from '../../../src/core/approvals/approvers.ts';
import { isChangeRefused } from '../../../src/core/approvals/change-refused.ts';
import { decideApproval } from '../../../src/core/approvals/decide-approval.ts';
import { executeApproved } from '../../../src/core/approvals/execute-change.ts';
import { requestChange } from '../../../src/core/approvals/request-change.ts';
import { renderApprovalCard } from '../../../src/render/slack/render-approval-card.ts';
import { renderError } from '../../../src/render/slack/render-error.ts';
import { countMetric } from './approval-harness.ts';
import { serviceDownTest } from './service-down-test.ts';

const it = serviceDownTest
  .extend(
    'request',
    ({ h }) =>
      (options: { requestedBy?: string; breakGlass?: string | null; section?: string } = {}) =>
        requestChange(h.deps, {
          incident: h.incident,
          bound: h.bound,
          section: h.section(options.section),
          requestedBy: options.requestedBy ?? 'U1',
          channel: h.incident.channel,
          breakGlass: options.breakGlass ?? null,
        }),
  )
  .extend(
    'restarts',
    ({ runner }) =>
      () =>
        runner.ran.filter((id) => id === 'restart-da-api').length,
  )
  .extend(
    'refusals',
    ({ h }) =>
      () =>
        h.store.listTimeline(h.incident.id).filter((entry) => entry.kind === 'approval_refused'),
  );

describe('refused clicks, break-glass, approvers (fake clock, fake runner)', () => {
  it('a user in no approver list, a forged value and an unknown id are refused; nothing runs; the timeline has them', async ({
    h,
    request,
    restarts,
    refusals,
  }) => {
    const { approval } = await request();

    const stranger = await decideApproval(h.deps, {
      approvalId: approval.id,
      userId: 'U9',
      decision: 'approve',
    });
    expect(stranger).toEqual({
      kind: 'refused',
      code: 'not_approver',
      approval,
      approvers: { users: ['U1', 'U2'], usergroups: ['S0DEVOPS'] },
    });
    const strangerDeny = await decideApproval(h.deps, {
      approvalId: approval.id,
      userId: 'U9',
      decision: 'deny',
    });
    expect(strangerDeny).toMatchObject({ kind: 'refused', code: 'not_approver' });

    for (const forged of ['../../x', randomUUID(), `${approval.id}' OR 1=1`, approval.id.toUpperCase(), '']) {
      const result = await decideApproval(h.deps, {
        approvalId: forged,
        userId: 'U2',
        decision: 'approve',
        incidentId: h.incident.id,
      });
      expect(result).toEqual({ kind: 'refused', code: 'not_found' });
      expect(await executeApproved(h.deps, { approvalId: forged, actor: 'U2' })).toEqual({
        kind: 'not_winner',
        approval: null,
      });
    }
    // Without the incident (caller could not tell), the attempt is only logged.
    expect(
      await decideApproval(h.deps, { approvalId: '../../x', userId: 'U2', decision: 'approve' }),
    ).toMatchObject({
      code: 'not_found',
    });

    expect(h.store.getApproval(approval.id)?.state).toBe('pending');
    expect(restarts()).toBe(0);
    expect(refusals().map((entry) => [entry.actor, entry.data.code, entry.data.approvalId])).toEqual([
      ['U9', 'not_approver', approval.id],
      ['U9', 'not_approver', approval.id],
      ['U2', 'not_found', '../../x'],
      ['U2', 'not_found', expect.stringMatching(/^[0-9a-f-]{36}$/)],
      ['U2', 'not_found', `${approval.id}' OR 1=1`],
      ['U2', 'not_found', approval.id.toUpperCase()],
      ['U2', 'not_found', ''],
    ]);
  });

  it('user-group members approve; the requester may withdraw but not approve; a decided card refuses clicks', async ({
    h,
    request,
    refusals,
  }) => {
    expect(await canApprove(h.deps, h.bound.binding, 'U7')).toBe(true);
    expect(await canApprove(h.deps, h.bound.binding, 'U9')).toBe(false);
    expect(h.groupLookups).toContain('S0DEVOPS');

    const first = await request();
    expect(
      await decideApproval(h.deps, { approvalId: first.approval.id, userId: 'U1', decision: 'deny' }),
    ).toMatchObject({
      kind: 'denied',
      approval: { decidedBy: 'U1' },
    });

    const second = await request();
    const approved = await decideApproval(h.deps, {
      approvalId: second.approval.id,
      userId: 'U7',
      decision: 'approve',
    });
    expect(approved).toMatchObject({ kind: 'approved', approval: { decidedBy: 'U7' } });
    const again = await decideApproval(h.deps, {
      approvalId: second.approval.id,
      userId: 'U2',
      decision: 'deny',
    });
    expect(again).toMatchObject({
      kind: 'refused',
      code: 'already_decided',
      approval: { state: 'approved' },
    });
    expect(refusals().at(-1)?.data).toMatchObject({ code: 'already_decided', decision: 'deny' });
  });

  it('a section without change steps cannot be requested', async ({ request }) => {
    const error = await request({ section: 'diagnostico-rapido' }).catch((caught: unknown) => caught);
    expect(isChangeRefused(error) && error.refusal.kind).toBe('no_change_steps');
    expect(isChangeRefused(error) && error.code).toBe('conflict');
  });

  it('break-glass by an approver runs without a second person, is marked, and returns the roles to ping', async ({
    runner,
    h,
    request,
    restarts,
  }) => {
    const result = await request({ breakGlass: '  3am, nobody answers  ' });
    expect(result.breakGlass).toBe(true);
    expect(result.approval).toMatchObject({
      state: 'approved',
      breakGlass: true,
      decidedBy: 'U1',
      reason: '3am, nobody answers',
    });
    expect(result.pingRoles).toEqual(['DevOps Lead', 'Tech Lead', 'CTO']);
    expect(result.pingAudiences).toEqual([
      { name: 'DevOps Lead', users: [], usergroups: ['S01DEVOPS0'] },
      { name: 'Tech Lead', users: ['U01TECHLD0'], usergroups: [] },
      { name: 'CTO', users: ['U01CTO000'], usergroups: [] },
    ]);
    const requested = h.store.listTimeline(h.incident.id)[0];
    expect(requested).toMatchObject({
      kind: 'approval_requested',
      data: { breakGlass: true, reason: '3am, nobody answers' },
    });
    expect(requested?.summary).toMatch(/^BREAK-GLASS/);

    runner.healthy = true;
    const executed = await executeApproved(h.deps, { approvalId: result.approval.id, actor: 'U1' });
    expect(executed).toMatchObject({
      kind: 'executed',
      healthy: true,
      approval: { state: 'succeeded', breakGlass: true, reason: '3am, nobody answers' },
    });
    expect(restarts()).toBe(1);
    expect(h.store.listTimeline(h.incident.id).at(-1)?.summary).toMatch(/^BREAK-GLASS/);
    expect(countMetric((await h.deps.metrics.render()).body, 'break_glass')).toBe(1);
  });

  it('break-glass by a non-approver (or without a reason) is refused and creates nothing', async ({
    runner,
    h,
    request,
  }) => {
    const error = await request({ requestedBy: 'U9', breakGlass: 'alone' }).catch(
      (caught: unknown) => caught,
    );
    expect(isChangeRefused(error) && error.code).toBe('forbidden');
    expect(isChangeRefused(error) && error.refusal).toMatchObject({ kind: 'not_approver' });
    const empty = await request({ breakGlass: '   ' }).catch((caught: unknown) => caught);
    expect(isChangeRefused(empty) && empty.code).toBe('usage');
    expect(h.store.listTimeline(h.incident.id)).toEqual([]);
    expect(runner.ran).toEqual([]);
    // The lock is free: a normal request goes through.
    await expect(request()).resolves.toMatchObject({ approval: { state: 'pending' } });
  });

  it('returns what the approval card and the error renderer need', async ({ clock, h, request }) => {
    const result = await request();
    const card = renderApprovalCard({
      ...result,
      locale: 'pt-BR',
      now: clock.now(),
      timeZone: h.deps.timeZone,
    });
    const json = JSON.stringify(card.blocks);
    expect(json).toContain('docker compose -f compose.prod.yml restart api');
    expect(json).toContain('até 60 s');
    expect(json).toContain('"action_id":"approve"');
    expect(json).toContain(`"value":"${result.approval.id}"`);
    expect(json).toContain('<!subteam^S0DEVOPS>');

    const refused = await decideApproval(h.deps, {
      approvalId: result.approval.id,
      userId: 'U9',
      decision: 'approve',
    });
    if (refused.kind !== 'refused' || !refused.approvers)
      throw new Error('expected not_approver with approvers');
    const message = renderError({
      kind: 'not_approver',
      params: { approvers: refused.approvers },
      locale: 'en',
    });
    expect(message.text).toContain('<@U2>');
  });
});
