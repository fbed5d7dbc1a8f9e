import { afterEach, describe, expect, it } from 'vitest';
import { nextEscalationOf, runDueEscalations } from '../../../src/core/incidents/escalation-tick.ts';
import { scheduleForIncident } from '../../../src/core/incidents/plan-escalations.ts';
import { resolveIncident } from '../../../src/core/incidents/resolve-incident.ts';
import { renderEscalationPing } from '../../../src/render/slack/render-escalation-ping.ts';
import {
  apiDownBound,
  apiDownWith,
  at,
  counterValue,
  MINUTE,
  openIncident,
  SECOND,
  type TestWorld,
  testWorld,
} from './incident-deps.ts';

describe('escalation tick (DevOps Lead after 15 minutes)', () => {
  let world: TestWorld;
  afterEach(() => world?.dispose());

  async function opened() {
    const bound = await apiDownBound();
    world = testWorld(bound);
    const incident = openIncident(world.deps);
    scheduleForIncident(world.deps, incident, bound);
    scheduleForIncident(world.deps, incident, bound); // idempotent: opening twice schedules once
    return { bound, incident };
  }

  it('no ping at 14:14:59, one at 14:15:00 naming the DevOps Lead group, never twice', async () => {
    const { incident } = await opened();
    expect(world.deps.store.listEscalations(incident.id)).toHaveLength(1);

    await world.clock.set(at(14, 14, 59));
    expect(runDueEscalations(world.deps)).toEqual([]);

    await world.clock.set(at(14, 15, 0));
    const pings = runDueEscalations(world.deps);
    expect(pings).toHaveLength(1);
    const [ping] = pings;
    expect(ping!.incident.id).toBe(incident.id);
    expect(ping!.roles).toEqual([
      { name: 'DevOps Lead', users: [], usergroups: ['S01DEVOPS0'], mapped: true },
    ]);
    expect(ping!.checklist).toEqual([
      'Executar rollback automático (se configurado)',
      'Verificar métricas do Prometheus',
      'Analisar logs do Caddy',
    ]);
    expect(ping!.dueAt).toBe(at(14, 15));
    expect(ping!.sentLate).toBe(false);
    expect(ping!.rollbackAvailable).toBe(false);
    expect(ping!.outboxKey).toBe(`escalation:${ping!.escalation.id}`);
    expect(ping!.message).toMatchObject({ afterMinutes: 15, condition: null, incidentId: incident.id });

    const text = JSON.stringify(renderEscalationPing(ping!.message));
    expect(text).toContain(
      '⏰ 15 min sem resolução — <!subteam^S01DEVOPS0> (DevOps Lead), por favor assuma.',
    );

    expect(runDueEscalations(world.deps)).toEqual([]);
    await world.clock.advance(60 * MINUTE);
    expect(runDueEscalations(world.deps)).toEqual([]);

    const kinds = world.deps.store
      .listTimeline(incident.id)
      .map((entry) => [entry.kind, entry.actor, entry.summary]);
    expect(kinds).toContainEqual(['escalation', 'bot', 'escalonamento: DevOps Lead (15 min sem resolução)']);
    expect(await counterValue(world.metrics, 'runbook_bot_escalations_total', { trigger: 'timer' })).toBe(1);
  });

  it('the card shows the next escalation until it fires', async () => {
    const { incident } = await opened();
    expect(nextEscalationOf(world.deps, incident)).toEqual({ roles: ['DevOps Lead'], dueAt: at(14, 15) });
    await world.clock.set(at(14, 15));
    runDueEscalations(world.deps);
    expect(nextEscalationOf(world.deps, incident)).toBeNull();
  });

  it('sends nothing after the incident is resolved', async () => {
    const { incident } = await opened();
    await world.clock.set(at(14, 10));
    resolveIncident(world.deps, { incidentId: incident.id, actor: 'U0BRUNO' });
    const resolved = world.deps.store.getIncident(incident.id)!;
    expect(nextEscalationOf(world.deps, resolved)).toBeNull();
    await world.clock.set(at(14, 15));
    expect(runDueEscalations(world.deps)).toEqual([]);
    expect(world.deps.store.listEscalations(incident.id)[0]?.cancelledAt).toBe(at(14, 10));
  });

  it('two bot processes on one database ticking at once: one ping', async () => {
    const { incident } = await opened();
    const other = world.secondProcess();
    await world.clock.set(at(14, 15));
    const results = await Promise.all([
      Promise.resolve().then(() => runDueEscalations(world.deps)),
      Promise.resolve().then(() => runDueEscalations(other)),
    ]);
    expect(results.flat()).toHaveLength(1);
    expect(runDueEscalations(world.deps)).toEqual([]);
    expect(runDueEscalations(other)).toEqual([]);
    const escalations = world.deps.store.listTimeline(incident.id).filter((e) => e.kind === 'escalation');
    expect(escalations).toHaveLength(1);
  });

  it('two processes both finding it due, then claiming: only the claimer gets it', async () => {
    await opened();
    const other = world.secondProcess();
    await world.clock.set(at(14, 15));
    // Both see it due before either claims (the race the atomic claim settles).
    expect(world.deps.store.dueEscalations(world.clock.now())).toHaveLength(1);
    expect(other.store.dueEscalations(world.clock.now())).toHaveLength(1);
    const first = runDueEscalations(other);
    const second = runDueEscalations(world.deps);
    expect([first.length, second.length]).toEqual([1, 0]);
  });

  it('a bot that was down sends the ping on start, saying when it was due', async () => {
    const { incident } = await opened();
    world.deps.store.close();
    await world.clock.set(at(14, 31));
    const restarted = world.secondProcess(); // the new process opens the same file
    const [ping] = runDueEscalations(restarted);
    expect(ping?.incident.id).toBe(incident.id);
    expect(ping?.sentLate).toBe(true);
    expect(ping?.dueAt).toBe(at(14, 15));
    const text = JSON.stringify(renderEscalationPing(ping!.message));
    expect(text).toContain('14:15');
    expect(runDueEscalations(restarted)).toEqual([]);
  });

  it('a ping 60 s late or less is not flagged late', async () => {
    await opened();
    await world.clock.set(at(14, 16));
    expect(runDueEscalations(world.deps)[0]?.sentLate).toBe(false);
  });

  it('the binding override `after: 5s` (demo timing) fires after 5 seconds', async () => {
    const bound = await apiDownWith({ escalation: [{ notify: ['DevOps Lead'], after: '5s' }] });
    world = testWorld(bound);
    const incident = openIncident(world.deps);
    scheduleForIncident(world.deps, incident, bound);
    await world.clock.advance(4999);
    expect(runDueEscalations(world.deps)).toEqual([]);
    await world.clock.advance(1);
    const [ping] = runDueEscalations(world.deps);
    expect(ping?.rule).toMatchObject({ afterMs: 5 * SECOND, overridden: true });
    expect(ping?.message.afterMinutes).toBe(0.08);
    expect(ping?.message.afterMs).toBe(5 * SECOND);
  });

  it('reports an unmapped role and offers rollback when the binding defines it', async () => {
    const bound = await apiDownWith({
      roles: { 'Tech Lead': { users: ['U01TECHLD0'] } },
      rollback: 'passo-2-restart-do-servico',
    });
    world = testWorld(bound);
    const incident = openIncident(world.deps);
    scheduleForIncident(world.deps, incident, bound);
    await world.clock.set(at(14, 15));
    const [ping] = runDueEscalations(world.deps);
    expect(ping?.roles).toEqual([{ name: 'DevOps Lead', users: [], usergroups: [], mapped: false }]);
    expect(ping?.rollbackAvailable).toBe(true);
    const text = JSON.stringify(renderEscalationPing(ping!.message));
    expect(text).toContain('DevOps Lead');
    expect(text).toContain('runbooks/api-down.yml');
    expect(world.deps.store.listTimeline(incident.id).at(-1)?.data.unmapped).toEqual(['DevOps Lead']);
  });
});
