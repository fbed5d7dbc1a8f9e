import { describe, expect, it } from 'vitest';
import type { EscalationPingInput } from '../../src/render/slack/render-escalation-ping.ts';
import { renderEscalationPing } from '../../src/render/slack/render-escalation-ping.ts';
import { allText, buttons, limitViolations } from './check-limits.ts';
import { at, LOCALES, TIME_ZONE } from './fixtures.ts';

const timed = (locale: 'pt-BR' | 'en'): EscalationPingInput => ({
  roles: [{ name: 'DevOps Lead', users: [], usergroups: ['S0DEVOPS'] }],
  afterMinutes: 15,
  condition: null,
  checklist: [
    'Executar rollback automático (se configurado)',
    'Verificar métricas do Prometheus',
    'Analisar logs do Caddy',
  ],
  rollbackAvailable: false,
  incidentId: 7,
  bindingFile: 'runbooks/api-down.yml',
  locale,
  timeZone: TIME_ZONE,
  dueAt: at(14, 17, 10),
});

const manyUsers = (locale: 'pt-BR' | 'en'): EscalationPingInput => ({
  ...timed(locale),
  roles: [
    { name: 'Tech Lead', users: ['U0TECH'], usergroups: [] },
    { name: 'CTO', users: [], usergroups: [] },
  ],
  afterMinutes: null,
  condition: 'Se o problema afetar múltiplos usuários',
  checklist: ['Verificar status de outros serviços', 'Considerar restart completo da stack'],
  rollbackAvailable: true,
});

describe('renderEscalationPing', () => {
  it.each(LOCALES)('pings the DevOps Lead after 15 minutes (%s)', (locale) => {
    const message = renderEscalationPing(timed(locale));
    expect(message).toMatchSnapshot();
    expect(limitViolations(message)).toEqual([]);
    expect(buttons(message)).toEqual([]);
  });

  it('shows a sub-minute demo delay as a duration, not as fractional minutes', () => {
    const pt = allText(renderEscalationPing({ ...timed('pt-BR'), afterMinutes: 0.13, afterMs: 8000 }));
    expect(pt).toContain('⏰ 8,0 s sem resolução — <!subteam^S0DEVOPS> (DevOps Lead)');
    expect(pt).not.toContain('min');
    const en = allText(renderEscalationPing({ ...timed('en'), afterMinutes: 90, afterMs: 90 * 60_000 }));
    expect(en).toContain('⏰ 1 h 30 min without resolution');
  });

  it('reads like the design sketch', () => {
    const text = allText(renderEscalationPing(timed('pt-BR')));
    expect(text).toContain('⏰ 15 min sem resolução — <!subteam^S0DEVOPS> (DevOps Lead), por favor assuma.');
    expect(text).toContain(
      '*Checklist:* Executar rollback automático (se configurado) · Verificar métricas do Prometheus',
    );
  });

  it.each(LOCALES)('pings Tech Lead and CTO, flags the unmapped role, offers rollback (%s)', (locale) => {
    const message = renderEscalationPing(manyUsers(locale));
    expect(message).toMatchSnapshot();
    expect(buttons(message)).toEqual([{ action_id: 'rollback', value: '7' }]);
  });

  it('explains how to map a role and says when a late ping was due', () => {
    const text = allText(renderEscalationPing({ ...manyUsers('pt-BR'), sentLate: true }));
    expect(text).toContain(
      '⚠️ Papel "CTO" sem mapeamento no Slack: adicione `roles: CTO: {users: [...]}` em runbooks/api-down.yml',
    );
    expect(text).toContain('(devido às 14:17; o bot estava fora do ar)');
    expect(text).toContain('<@U0TECH> (Tech Lead), CTO, por favor assumam.');
  });
});
