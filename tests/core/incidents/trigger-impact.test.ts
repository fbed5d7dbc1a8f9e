import { afterEach, describe, expect, it } from 'vitest';
import { UserError } from '../../../src/core/errors.ts';
import { runDueEscalations } from '../../../src/core/incidents/escalation-tick.ts';
import { scheduleForIncident } from '../../../src/core/incidents/plan-escalations.ts';
import { resolveIncident } from '../../../src/core/incidents/resolve-incident.ts';
import { triggerManyUsers } from '../../../src/core/incidents/trigger-impact.ts';
import { renderEscalationPing } from '../../../src/render/slack/render-escalation-ping.ts';
import { apiDownBound, at, counterValue, openIncident, type TestWorld, testWorld } from './incident-deps.ts';

describe('many users affected', () => {
  let world: TestWorld;
  afterEach(() => world?.dispose());

  it('pings Tech Lead and CTO at once with their checklist, once per incident', async () => {
    const bound = await apiDownBound();
    world = testWorld(bound);
    const incident = openIncident(world.deps);
    scheduleForIncident(world.deps, incident, bound);
    await world.clock.set(at(14, 3));

    const ping = triggerManyUsers(world.deps, { incident, bound, actor: 'U0ANA' });
    expect(ping?.roles).toEqual([
      { name: 'Tech Lead', users: ['U01TECHLD0'], usergroups: [], mapped: true },
      { name: 'CTO', users: ['U01CTO000'], usergroups: [], mapped: true },
    ]);
    expect(ping?.checklist).toEqual([
      'Verificar status de outros serviços',
      'Considerar restart completo da stack',
      'Verificar se é problema de infraestrutura',
    ]);
    expect(ping?.sentLate).toBe(false);
    expect(ping?.incident.manyUsers).toBe(true);
    expect(ping?.message).toMatchObject({
      afterMinutes: null,
      condition: 'Se o problema afetar múltiplos usuários',
    });
    const text = JSON.stringify(renderEscalationPing(ping!.message));
    expect(text).toContain('<@U01TECHLD0> (Tech Lead), <@U01CTO000> (CTO)');

    // Again (double click, second person, other process): nothing more.
    expect(triggerManyUsers(world.deps, { incident, bound, actor: 'U0BRUNO' })).toBeNull();
    expect(triggerManyUsers(world.secondProcess(), { incident, bound, actor: 'U0CARLA' })).toBeNull();
    // The timer tick does not send it again either.
    expect(runDueEscalations(world.deps)).toEqual([]);

    const impact = world.deps.store.listTimeline(incident.id).filter((entry) => entry.kind === 'impact');
    expect(impact.map((entry) => [entry.actor, entry.summary])).toEqual([
      ['U0ANA', 'impacto: vários usuários afetados — Tech Lead, CTO acionados'],
    ]);
    expect(world.deps.store.getIncident(incident.id)?.manyUsers).toBe(true);
    expect(await counterValue(world.metrics, 'runbook_bot_escalations_total', { trigger: 'manual' })).toBe(1);

    // The DevOps Lead timer is independent and still fires at 14:15.
    await world.clock.set(at(14, 15));
    expect(runDueEscalations(world.deps).map((p) => p.escalation.roles)).toEqual([['DevOps Lead']]);
  });

  it('is refused for a resolved incident', async () => {
    const bound = await apiDownBound();
    world = testWorld(bound);
    const incident = openIncident(world.deps);
    resolveIncident(world.deps, { incidentId: incident.id, actor: 'U0ANA' });
    expect(() => triggerManyUsers(world.deps, { incident, bound, actor: 'U0ANA' })).toThrow(UserError);
  });
});
