import { describe, expect } from 'vitest';
import { type OpenContractStore, storeTest } from './store-harness.ts';

const minute = 60_000;

/** Behaviour every Store engine must have (run by tests/store/*-store.test.ts). */
export function escalationsContract(openEngine: OpenContractStore): void {
  const it = storeTest(openEngine).extend(
    'schedule',
    ({ store, clock, incidentId }) =>
      () =>
        store.scheduleEscalations(incidentId, [
          { ruleIndex: 0, roles: ['DevOps Lead'], trigger: 'timer', dueAt: clock.now() + 15 * minute },
          { ruleIndex: 2, roles: ['CTO'], trigger: 'timer', dueAt: clock.now() + 45 * minute },
        ]),
  );

  describe('escalations', () => {
    it('schedules idempotently per rule', ({ store, incidentId, schedule }) => {
      const first = schedule();
      expect(first.map((e) => [e.ruleIndex, e.roles, e.firedAt, e.cancelledAt])).toEqual([
        [0, ['DevOps Lead'], null, null],
        [2, ['CTO'], null, null],
      ]);
      expect(schedule()).toEqual(first);
      expect(store.listEscalations(incidentId)).toEqual(first);
      expect(store.nextEscalation(incidentId)).toEqual(first[0]);
    });

    it('is due at 15:00, not at 14:59, and is claimed once', async ({
      store,
      clock,
      incidentId,
      schedule,
    }) => {
      const [devops] = schedule();
      await clock.advance(15 * minute - 1);
      expect(store.dueEscalations(clock.now())).toEqual([]);
      await clock.advance(1);
      expect(store.dueEscalations(clock.now()).map((e) => e.id)).toEqual([devops!.id]);
      expect(store.claimEscalation(devops!.id, clock.now())).toBe(true);
      expect(store.claimEscalation(devops!.id, clock.now())).toBe(false);
      expect(store.dueEscalations(clock.now())).toEqual([]);
      expect(store.nextEscalation(incidentId)?.ruleIndex).toBe(2);
      expect(store.listEscalations(incidentId)[0]?.firedAt).toBe(clock.now());
    });

    it('keeps an overdue escalation due (a bot that was down sends it on start)', async ({
      store,
      clock,
      schedule,
    }) => {
      schedule();
      await clock.advance(50 * minute);
      expect(store.dueEscalations(clock.now()).map((e) => e.ruleIndex)).toEqual([0, 2]);
    });

    it('a manual trigger fires at once and once', ({ store, clock, incidentId }) => {
      const [manual] = store
        .scheduleEscalations(incidentId, [
          { ruleIndex: 1, roles: ['Tech Lead', 'CTO'], trigger: 'manual', dueAt: clock.now() },
        ])
        .filter((e) => e.trigger === 'manual');
      expect(store.dueEscalations(clock.now()).map((e) => e.id)).toEqual([manual!.id]);
      expect(store.claimEscalation(manual!.id, clock.now())).toBe(true);
      store.scheduleEscalations(incidentId, [
        { ruleIndex: 1, roles: ['Tech Lead'], trigger: 'manual', dueAt: clock.now() },
      ]);
      expect(store.dueEscalations(clock.now())).toEqual([]);
      expect(store.nextEscalation(incidentId)).toBeNull();
    });

    it('cancels explicitly and on resolution; nothing is due afterwards', async ({
      store,
      clock,
      incidentId,
      schedule,
    }) => {
      schedule();
      expect(store.cancelEscalations(incidentId, clock.now())).toBe(2);
      expect(store.cancelEscalations(incidentId, clock.now())).toBe(0);
      await clock.advance(20 * minute);
      expect(store.dueEscalations(clock.now())).toEqual([]);
      expect(store.nextEscalation(incidentId)).toBeNull();

      const other = store.openIncident({ runbook: 'api-down', channel: 'C2', openedBy: 'U1' }).incident.id;
      const [timer] = store.scheduleEscalations(other, [
        { ruleIndex: 0, roles: ['DevOps Lead'], trigger: 'timer', dueAt: clock.now() + minute },
      ]);
      store.resolveIncident(other, 'U2');
      expect(store.listEscalations(other)[0]?.cancelledAt).toBe(clock.now());
      await clock.advance(2 * minute);
      expect(store.dueEscalations(clock.now())).toEqual([]);
      expect(store.claimEscalation(timer!.id, clock.now())).toBe(false);
    });

    it('fires, writes the timeline and queues the messages in one transaction, once', async ({
      store,
      clock,
      incidentId,
      schedule,
    }) => {
      const [devops] = schedule();
      await clock.advance(15 * minute);
      const fire = () =>
        store.fireEscalation({
          id: devops!.id,
          now: clock.now(),
          timeline: { incidentId, actor: 'bot', kind: 'escalation', summary: 'DevOps Lead' },
          messages: [
            {
              key: `card:${incidentId}:escalation:${devops!.id}`,
              incidentId,
              kind: 'card_refresh',
              payload: {},
            },
            {
              key: `escalation:${devops!.id}`,
              incidentId,
              kind: 'escalation_ping',
              payload: { text: 'ping' },
            },
          ],
        });
      expect(fire()).toBe(true);
      expect(fire()).toBe(false);
      expect(store.listTimeline(incidentId).filter((entry) => entry.kind === 'escalation')).toHaveLength(1);
      expect(store.pendingMessages(10).map((m) => m.kind)).toEqual(['card_refresh', 'escalation_ping']);
      expect(store.dueEscalations(clock.now())).toEqual([]);
    });

    it('a failure while queueing leaves the level unfired (nothing half done)', async ({
      store,
      clock,
      incidentId,
      schedule,
    }) => {
      const [devops] = schedule();
      await clock.advance(15 * minute);
      expect(() =>
        store.fireEscalation({
          id: devops!.id,
          now: clock.now(),
          timeline: { incidentId, actor: 'bot', kind: 'escalation', summary: 'DevOps Lead' },
          // An incident that does not exist: the foreign key fails inside the transaction.
          messages: [{ key: 'escalation:broken', incidentId: 9999, kind: 'escalation_ping', payload: {} }],
        }),
      ).toThrow();
      expect(store.dueEscalations(clock.now()).map((e) => e.id)).toEqual([devops!.id]);
      expect(store.listTimeline(incidentId).filter((entry) => entry.kind === 'escalation')).toHaveLength(0);
      expect(store.pendingMessages(10)).toEqual([]);
    });
  });
}
