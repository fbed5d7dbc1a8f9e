import { describe, expect } from 'vitest';
import { type OpenContractStore, storeTest } from './store-harness.ts';

/** Behaviour every Store engine must have (run by tests/store/*-store.test.ts). */
export function outboxContract(openEngine: OpenContractStore): void {
  const it = storeTest(openEngine);

  describe('outbox', () => {
    it('enqueues once per key and keeps the payload as given', ({ store, incidentId }) => {
      const payload = { channel: 'C1', thread_ts: '1764424800.000100', text: 'olá' };
      const first = store.enqueueMessage({ key: 'escalation:1', incidentId, kind: 'escalation', payload });
      expect(first.created).toBe(true);
      expect(
        store.enqueueMessage({ key: 'escalation:1', incidentId, kind: 'escalation', payload: {} }),
      ).toEqual({
        id: first.id,
        created: false,
      });
      expect(store.getMessage(first.id)).toMatchObject({
        key: 'escalation:1',
        incidentId,
        kind: 'escalation',
        payload,
        attempts: 0,
        deliveredAt: null,
      });
    });

    it('retries after failures at the time given, then stops once delivered', async ({ store, clock }) => {
      const { id } = store.enqueueMessage({ key: 'k1', kind: 'post', payload: { text: 'a' } });
      const { id: id2 } = store.enqueueMessage({ key: 'k2', kind: 'post', payload: { text: 'b' } });
      expect(store.pendingMessages(10).map((m) => m.id)).toEqual([id, id2]);
      expect(store.pendingMessages(1).map((m) => m.id)).toEqual([id]);

      expect(store.markAttempt(id, 'ratelimited', clock.now() + 1_000)).toBe(true);
      expect(store.pendingMessages(10).map((m) => m.id)).toEqual([id2]);
      await clock.advance(1_000);
      expect(store.pendingMessages(10)[0]).toMatchObject({ id, attempts: 1, lastError: 'ratelimited' });

      expect(store.markDelivered(id, '1764424800.000500')).toBe(true);
      expect(store.markDelivered(id, '1764424800.000600')).toBe(false);
      expect(store.getMessage(id)).toMatchObject({
        attempts: 2,
        resultTs: '1764424800.000500',
        deliveredAt: clock.now(),
      });
      expect(store.markAttempt(id, 'late', clock.now())).toBe(false);
      expect(store.pendingMessages(10).map((m) => m.id)).toEqual([id2]);
    });

    it('leases a message to one sender at a time', async ({ store, clock }) => {
      const { id } = store.enqueueMessage({ key: 'k', kind: 'post', payload: {} });
      expect(store.claimMessage(id, 30_000)).toBe(true);
      expect(store.claimMessage(id, 30_000)).toBe(false);
      expect(store.pendingMessages(10)).toEqual([]);
      await clock.advance(30_000);
      expect(store.claimMessage(id, 30_000)).toBe(true);
      store.markDelivered(id, null);
      await clock.advance(60_000);
      expect(store.claimMessage(id, 30_000)).toBe(false);
    });

    it('a sender still working renews its lease; nobody else takes the message meanwhile', async ({
      store,
      clock,
    }) => {
      const { id } = store.enqueueMessage({ key: 'slow', kind: 'post', payload: {} });
      expect(store.claimMessage(id, 30_000)).toBe(true);
      await clock.advance(20_000);
      expect(store.renewMessageLease(id, 30_000)).toBe(true);
      await clock.advance(20_000);
      expect(store.claimMessage(id, 30_000)).toBe(false);
      store.markDelivered(id, '1764424800.000100');
      expect(store.renewMessageLease(id, 30_000)).toBe(false);
    });

    it('an attempt that may have posted, or whose sender died mid-call, makes the next one check first', async ({
      store,
      clock,
    }) => {
      const { id } = store.enqueueMessage({ key: 'ambiguous', kind: 'post', payload: {} });
      expect(store.claimMessage(id, 30_000)).toBe(true);
      store.markAttempt(id, 'rate_limited: ratelimited', clock.now());
      expect(store.claimMessage(id, 30_000)).toBe(true);
      expect(store.getMessage(id)?.uncertainSince).toBeNull(); // a 429 posted nothing
      const started = clock.now();
      // The sender dies: no outcome recorded. Its lease runs out and another sender claims it.
      await clock.advance(30_000);
      expect(store.claimMessage(id, 30_000)).toBe(true);
      expect(store.getMessage(id)?.uncertainSince).toBe(started);
      store.markUncertain(id, 'uncertain: http_503', clock.now());
      expect(store.getMessage(id)).toMatchObject({ uncertainSince: started, attempts: 2 });
    });

    it('remembers that Slack lost an incident card (first reason kept)', ({ store, incidentId }) => {
      expect(store.cardProblem(incidentId)).toBeNull();
      store.noteCardProblem(incidentId, 'message_not_found');
      store.noteCardProblem(incidentId, 'thread_not_found');
      expect(store.cardProblem(incidentId)).toBe('message_not_found');
    });
  });
}
