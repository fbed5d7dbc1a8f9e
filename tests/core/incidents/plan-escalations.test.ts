import { describe, expect, it } from 'vitest';
import { planEscalations, unmatchedOverrides } from '../../../src/core/incidents/plan-escalations.ts';
import { rolesToAudience } from '../../../src/core/incidents/resolve-roles.ts';
import { apiDownBound, apiDownWith } from './incident-deps.ts';

describe('planEscalations', () => {
  it('reads the runbook rules: a timer for the DevOps Lead, a manual trigger for Tech Lead and CTO', async () => {
    const plan = planEscalations(await apiDownBound());
    expect(
      plan.map(({ index, afterMinutes, afterMs, trigger, notify, overridden }) => ({
        index,
        afterMinutes,
        afterMs,
        trigger,
        notify,
        overridden,
      })),
    ).toEqual([
      {
        index: 0,
        afterMinutes: 15,
        afterMs: 900_000,
        trigger: 'timer',
        notify: ['DevOps Lead'],
        overridden: false,
      },
      {
        index: 1,
        afterMinutes: null,
        afterMs: null,
        trigger: 'manual',
        notify: ['Tech Lead', 'CTO'],
        overridden: false,
      },
    ]);
    expect(plan[1]?.condition).toBe('Se o problema afetar múltiplos usuários');
  });

  it('applies overrides to the rule notifying the same roles (any order/case), others untouched', async () => {
    const bound = await apiDownWith({
      escalation: [
        { notify: ['devops lead'], after: '5s' },
        { notify: ['CTO', 'Tech Lead'], condition: 'Mais de 100 clientes sem atendimento' },
        { notify: ['SRE'], after: '1m' },
      ],
    });
    const [devops, leads] = planEscalations(bound);
    expect(devops).toMatchObject({
      afterMs: 5000,
      afterMinutes: 5000 / 60_000,
      trigger: 'timer',
      overridden: true,
    });
    expect(leads).toMatchObject({
      afterMs: null,
      trigger: 'manual',
      condition: 'Mais de 100 clientes sem atendimento',
      checklist: expect.arrayContaining(['Verificar status de outros serviços']),
    });
    expect(unmatchedOverrides(bound)).toEqual([['SRE']]);
  });
});

describe('rolesToAudience', () => {
  it('maps roles to users and groups; an unmapped role is reported', async () => {
    const { binding } = await apiDownBound();
    expect(rolesToAudience(binding, ['Tech Lead', 'cto', 'SRE Lead'])).toEqual([
      { name: 'Tech Lead', users: ['U01TECHLD0'], usergroups: [], mapped: true },
      { name: 'cto', users: ['U01CTO000'], usergroups: [], mapped: true },
      { name: 'SRE Lead', users: [], usergroups: [], mapped: false },
    ]);
  });
});
