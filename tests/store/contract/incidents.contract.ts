import { describe, expect } from 'vitest';
import { type OpenContractStore, storeTest } from './store-harness.ts';

/** Behaviour every Store engine must have (run by tests/store/*-store.test.ts). */
export function incidentsContract(openEngine: OpenContractStore): void {
  const it = storeTest(openEngine).extend(
    'open',
    ({ store }) =>
      (channel = 'C1', openedBy = 'U1') =>
        store.openIncident({ runbook: 'api-down', channel, openedBy }),
  );

  describe('incidents', () => {
    it('keeps at most one open incident per runbook and channel', ({ store, clock, open }) => {
      const first = open();
      expect(first.created).toBe(true);
      expect(first.incident).toMatchObject({
        runbook: 'api-down',
        channel: 'C1',
        status: 'investigating',
        openedBy: 'U1',
        openedAt: clock.now(),
        cardTs: null,
        symptoms: [],
        manyUsers: false,
        report: {},
      });
      const again = open('C1', 'U2');
      expect(again).toEqual({ incident: first.incident, created: false });
      expect(open('C2').created).toBe(true);
      expect(store.openIncident({ runbook: 'db-down', channel: 'C1', openedBy: 'U1' }).created).toBe(true);
    });

    it('opens a new incident once the previous one is resolved', ({ store, open }) => {
      const first = open().incident;
      expect(store.resolveIncident(first.id, 'U2')).toBe(true);
      const second = open();
      expect(second.created).toBe(true);
      expect(second.incident.id).not.toBe(first.id);
      expect(store.getOpenIncident('api-down', 'C1')?.id).toBe(second.incident.id);
    });

    it('resolves once, records who and when, and freezes the incident', async ({ store, clock, open }) => {
      const { id } = open().incident;
      await clock.advance(14 * 60_000);
      expect(store.resolveIncident(id, 'U2')).toBe(true);
      expect(store.resolveIncident(id, 'U3')).toBe(false);
      expect(store.resolveIncident(999, 'U3')).toBe(false);
      const resolved = store.getIncident(id);
      expect(resolved).toMatchObject({ status: 'resolved', resolvedBy: 'U2', resolvedAt: clock.now() });
      expect(store.updateIncident(id, { status: 'investigating' })).toBeNull();
      expect(store.getIncident(id)?.status).toBe('resolved');
    });

    it('refuses a report after resolution and merges it before', ({ store, open }) => {
      const { id } = open().incident;
      expect(store.saveReport(id, { 'Causa raiz': 'Redis fora', Impacto: 'API' })).toBe(true);
      expect(store.saveReport(id, { Impacto: 'API inteira' })).toBe(true);
      expect(store.getIncident(id)?.report).toEqual({ 'Causa raiz': 'Redis fora', Impacto: 'API inteira' });
      store.resolveIncident(id, 'U2');
      expect(store.saveReport(id, { 'Causa raiz': 'outra' })).toBe(false);
      expect(store.getIncident(id)?.report['Causa raiz']).toBe('Redis fora');
      expect(store.saveReport(999, {})).toBe(false);
    });

    it('updates status, symptoms, many-users and the card ts', ({ store, open }) => {
      const { id } = open().incident;
      const symptoms = [
        { stepId: 'health', title: 'Health check', verdict: 'esperado 200 OK, obtido HTTP 503' },
      ];
      expect(store.setIncidentCard(id, '1764424800.000100')).toBe(true);
      const updated = store.updateIncident(id, { status: 'awaiting_approval', symptoms });
      expect(updated).toMatchObject({ status: 'awaiting_approval', symptoms, cardTs: '1764424800.000100' });
      expect(store.updateIncident(id, { manyUsers: true })).toMatchObject({ manyUsers: true, symptoms });
      expect(store.updateIncident(404, { manyUsers: true })).toBeNull();
    });

    it('lists newest first, by status or open', ({ store, open }) => {
      const a = open('C1').incident;
      const b = open('C2').incident;
      const c = open('C3').incident;
      store.resolveIncident(b.id, 'U1');
      expect(store.listIncidents({ limit: 10 }).map((i) => i.id)).toEqual([c.id, b.id, a.id]);
      expect(store.listIncidents({ status: 'open', limit: 10 }).map((i) => i.id)).toEqual([c.id, a.id]);
      expect(store.listIncidents({ status: 'resolved', limit: 10 }).map((i) => i.id)).toEqual([b.id]);
      expect(store.listIncidents({ limit: 1 })).toHaveLength(1);
    });

    it('appends the timeline in order with the clock time and the data given', async ({
      store,
      clock,
      open,
    }) => {
      const { id } = open().incident;
      const first = store.appendTimeline({ incidentId: id, actor: 'U1', kind: 'opened', summary: 'aberto' });
      await clock.advance(1_000);
      const second = store.appendTimeline({
        incidentId: id,
        actor: 'bot',
        kind: 'section_run',
        summary: 'diagnóstico: 2 falhas',
        data: { failed: ['health', 'status'], durationMs: 1100 },
      });
      expect(first).toMatchObject({ incidentId: id, at: clock.now() - 1_000, data: {} });
      expect(store.listTimeline(id)).toEqual([first, second]);
      expect(second.data).toEqual({ failed: ['health', 'status'], durationMs: 1100 });
      expect(() =>
        store.appendTimeline({ incidentId: 999, actor: 'U1', kind: 'note', summary: 'x' }),
      ).toThrow(/foreign key/i);
    });

    it('finds the open incident after a restart on the same database', ({ store, reopen, open }) => {
      const { id } = open().incident;
      store.setIncidentCard(id, '1764424800.000100');
      store.appendTimeline({ incidentId: id, actor: 'U1', kind: 'opened', summary: 'aberto' });
      store.close();
      const reopened = reopen();
      try {
        expect(reopened.getOpenIncident('api-down', 'C1')).toMatchObject({ id, cardTs: '1764424800.000100' });
        expect(reopened.openIncident({ runbook: 'api-down', channel: 'C1', openedBy: 'U9' }).created).toBe(
          false,
        );
        expect(reopened.listTimeline(id)).toHaveLength(1);
      } finally {
        reopened.close();
      }
    });
  });
}
