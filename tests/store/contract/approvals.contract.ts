import { describe, expect } from 'vitest';
import { type OpenContractStore, storeTest } from './store-harness.ts';

/** Behaviour every Store engine must have (run by tests/store/*-store.test.ts). */
export function approvalsContract(openEngine: OpenContractStore): void {
  const it = storeTest(openEngine).extend(
    'request',
    ({ store, clock, incidentId }) =>
      (service = 'api', expiresInMs = 10 * 60_000) =>
        store.createApproval({
          incidentId,
          runbook: 'api-down',
          sectionId: 'passo-2-restart-do-servico',
          service,
          requestedBy: 'U1',
          expiresAt: clock.now() + expiresInMs,
          channel: 'C1',
        }),
  );

  describe('approvals', () => {
    it('creates a pending approval with a uuid id', ({ store, clock, request }) => {
      const approval = request();
      expect(approval.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(approval).toMatchObject({
        state: 'pending',
        requestedBy: 'U1',
        requestedAt: clock.now(),
        decidedBy: null,
        breakGlass: false,
        messageTs: null,
        startedAt: null,
      });
      expect(store.getApproval(approval.id)).toEqual(approval);
      expect(store.getApproval('nope')).toBeNull();
      expect(request().id).not.toBe(approval.id);
    });

    it('moves through pending -> approved -> running -> succeeded, one winner per step', async ({
      store,
      clock,
      request,
    }) => {
      const { id } = request();
      const approved = store.transitionApproval(id, ['pending'], 'approved', { decidedBy: 'U2' });
      expect(approved).toMatchObject({ state: 'approved', decidedBy: 'U2', decidedAt: clock.now() });
      // A double click and a replay lose.
      expect(store.transitionApproval(id, ['pending'], 'approved', { decidedBy: 'U3' })).toBeNull();
      expect(store.transitionApproval(id, ['pending'], 'denied', { decidedBy: 'U3' })).toBeNull();
      await clock.advance(500);
      expect(store.transitionApproval(id, ['approved'], 'running')).toMatchObject({
        state: 'running',
        startedAt: clock.now(),
        decidedBy: 'U2',
      });
      expect(store.transitionApproval(id, ['approved'], 'running')).toBeNull();
      await clock.advance(2_300);
      expect(store.transitionApproval(id, ['running'], 'succeeded')).toMatchObject({
        state: 'succeeded',
        finishedAt: clock.now(),
      });
      expect(store.transitionApproval('missing', ['pending'], 'approved')).toBeNull();
      expect(store.transitionApproval(id, [], 'failed')).toBeNull();
    });

    it('gives 20 concurrent clicks one winner', async ({ store, request }) => {
      const { id } = request();
      const clicks = Array.from({ length: 20 }, (_, i) =>
        Promise.resolve().then(() =>
          store.transitionApproval(id, ['pending'], 'approved', { decidedBy: `U${i}` }),
        ),
      );
      const winners = (await Promise.all(clicks)).filter((approval) => approval !== null);
      expect(winners).toHaveLength(1);
      expect(store.getApproval(id)?.decidedBy).toBe(winners[0]?.decidedBy);
    });

    it('refuses approval after expiry but allows expiring it', async ({ store, clock, request }) => {
      const { id } = request('api', 60_000);
      await clock.advance(60_000);
      expect(store.transitionApproval(id, ['pending'], 'approved', { decidedBy: 'U2' })).toBeNull();
      expect(store.transitionApproval(id, ['pending'], 'running', { decidedBy: 'U2' })).toBeNull();
      expect(store.listExpiredPending(clock.now()).map((a) => a.id)).toEqual([id]);
      expect(store.transitionApproval(id, ['pending'], 'expired')).toMatchObject({ state: 'expired' });
      expect(store.listExpiredPending(clock.now())).toEqual([]);
    });

    it('records deny reason and break-glass', ({ store, clock, incidentId, request }) => {
      const denied = store.transitionApproval(request().id, ['pending'], 'denied', {
        decidedBy: 'U2',
        reason: 'not now',
      });
      expect(denied).toMatchObject({
        state: 'denied',
        decidedBy: 'U2',
        reason: 'not now',
        finishedAt: clock.now(),
      });
      const glass = store.createApproval({
        incidentId,
        runbook: 'api-down',
        sectionId: 'passo-2-restart-do-servico',
        service: 'api',
        requestedBy: 'U1',
        expiresAt: clock.now() + 1,
        channel: 'C1',
        breakGlass: true,
        reason: 'lone on-call, API down',
      });
      expect(glass).toMatchObject({ breakGlass: true, reason: 'lone on-call, API down' });
    });

    it('remembers where the card is', ({ store, request }) => {
      const { id } = request();
      expect(store.setApprovalMessage(id, 'C1', '1764424800.000300')).toBe(true);
      expect(store.getApproval(id)).toMatchObject({ channel: 'C1', messageTs: '1764424800.000300' });
      expect(store.setApprovalMessage('missing', 'C1', '1')).toBe(false);
    });

    it('counts change runs per service since a time (circuit breaker)', async ({ store, clock, request }) => {
      const run = (service: string) => {
        const { id } = request(service);
        store.transitionApproval(id, ['pending'], 'approved', { decidedBy: 'U2' });
        store.transitionApproval(id, ['approved'], 'running');
      };
      run('api');
      await clock.advance(30 * 60_000);
      run('api');
      run('worker');
      request('api'); // pending, never ran
      expect(store.countChangeRuns('api', clock.now() - 60 * 60_000)).toBe(2);
      await clock.advance(31 * 60_000);
      expect(store.countChangeRuns('api', clock.now() - 60 * 60_000)).toBe(1);
      expect(store.countChangeRuns('worker', 0)).toBe(1);
    });
  });
}
