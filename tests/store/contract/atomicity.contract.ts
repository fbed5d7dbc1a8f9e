import { describe, expect } from 'vitest';
import type { Store } from '../../../src/store/store.ts';
import { type OpenContractStore, storeTest } from './store-harness.ts';

/**
 * Two handles on one database (two processes, two replicas): every claim has one winner between
 * them, and what one writes the other reads at once. `a` is the test's store, `b` a second handle.
 */
export function atomicityContract(openEngine: OpenContractStore): void {
  const it = storeTest(openEngine).extend('second', ({ reopen }, { onCleanup }) => {
    const second = reopen();
    onCleanup(() => second.close());
    return second;
  });

  describe('claims across two handles on one database', () => {
    it('de-duplicates, decides approvals and opens incidents once between the two', ({
      store: a,
      second: b,
      clock,
      incidentId,
    }) => {
      expect(a.claimOnce('command:T1')).toBe(true);
      expect(b.claimOnce('command:T1')).toBe(false);
      expect(b.openIncident({ runbook: 'api-down', channel: 'C1', openedBy: 'U2' })).toMatchObject({
        created: false,
        incident: { id: incidentId },
      });
      const approval = a.createApproval({
        incidentId,
        runbook: 'api-down',
        sectionId: 'restart',
        service: 'api',
        requestedBy: 'U1',
        expiresAt: clock.now() + 60_000,
        channel: 'C1',
      });
      expect(b.transitionApproval(approval.id, ['pending'], 'approved', { decidedBy: 'U2' })?.state).toBe(
        'approved',
      );
      expect(a.transitionApproval(approval.id, ['pending'], 'approved', { decidedBy: 'U3' })).toBeNull();
      expect(
        a.transitionApproval(approval.id, ['approved'], 'running', {
          runOwner: 'a',
          heartbeatEveryMs: 1_000,
        }),
      ).toMatchObject({ state: 'running', runOwner: 'a', heartbeatAt: clock.now() });
      expect(b.transitionApproval(approval.id, ['approved'], 'running', { runOwner: 'b' })).toBeNull();
      // Only the owner beats; the other replica cannot take a run whose owner beat since.
      expect(b.heartbeatApproval(approval.id, 'b')).toBe(false);
      expect(a.heartbeatApproval(approval.id, 'a')).toBe(true);
      expect(b.failInterruptedRun(approval.id, clock.now() - 1, 'owner gone')).toBeNull();
      expect(b.failInterruptedRun(approval.id, clock.now(), 'owner gone')).toMatchObject({
        state: 'failed',
        reason: 'owner gone',
      });
      expect(a.failInterruptedRun(approval.id, clock.now(), 'owner gone')).toBeNull();
    });

    it('hands a lock to the other only after its lease ran out', async ({ store: a, second: b, clock }) => {
      expect(a.acquireLock('restart:api', 'a', 1_000)).toBe(true);
      expect(b.acquireLock('restart:api', 'b', 1_000)).toBe(false);
      expect(b.renewLock('restart:api', 'b', 1_000)).toBe(false);
      expect(b.releaseLock('restart:api', 'b')).toBe(false);
      await clock.advance(1_000);
      expect(a.renewLock('restart:api', 'a', 1_000)).toBe(false);
      expect(b.acquireLock('restart:api', 'b', 1_000)).toBe(true);
      expect(a.releaseLock('restart:api', 'a')).toBe(false);
      expect(b.releaseLock('restart:api', 'b')).toBe(true);
    });

    it('fires an escalation level and leases an outbox message to one of them', ({
      store: a,
      second: b,
      clock,
      incidentId,
    }) => {
      const [level] = a.scheduleEscalations(incidentId, [
        { ruleIndex: 0, roles: ['DevOps Lead'], trigger: 'timer', dueAt: clock.now() },
      ]);
      const fire = (store: Store) =>
        store.fireEscalation({
          id: level!.id,
          now: clock.now(),
          timeline: { incidentId, actor: 'bot', kind: 'escalation', summary: 'DevOps Lead' },
          messages: [
            { key: `escalation:${level!.id}`, incidentId, kind: 'escalation_ping', payload: { n: 1 } },
          ],
        });
      expect(fire(b)).toBe(true);
      expect(fire(a)).toBe(false);
      expect(a.claimEscalation(level!.id, clock.now())).toBe(false);
      const [message] = a.pendingMessages(10);
      expect(message).toMatchObject({ kind: 'escalation_ping', payload: { n: 1 } });
      expect(b.claimMessage(message!.id, 30_000)).toBe(true);
      expect(a.claimMessage(message!.id, 30_000)).toBe(false);
      expect(a.pendingMessages(10)).toEqual([]);
      expect(b.markDelivered(message!.id, '1.2')).toBe(true);
      expect(a.getMessage(message!.id)).toMatchObject({ deliveredAt: clock.now(), resultTs: '1.2' });
    });

    it('opens a new incident in the channel once the open one is resolved', ({
      store: a,
      second: b,
      incidentId,
    }) => {
      expect(b.resolveIncident(incidentId, 'U2')).toBe(true);
      expect(a.resolveIncident(incidentId, 'U3')).toBe(false);
      const next = a.openIncident({ runbook: 'api-down', channel: 'C1', openedBy: 'U1' });
      expect(next.created).toBe(true);
      expect(next.incident.id).not.toBe(incidentId);
      expect(b.getOpenIncident('api-down', 'C1')?.id).toBe(next.incident.id);
    });
  });
}
