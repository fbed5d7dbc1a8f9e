import { describe, expect, it } from 'vitest';
import { fillTemplate } from '../../src/render/common/fill-template.ts';
import { escapeMrkdwn } from '../../src/render/slack/escape-mrkdwn.ts';
import { mentionActor } from '../../src/render/slack/mentions.ts';
import { renderIncidentCard } from '../../src/render/slack/render-incident-card.ts';
import { allText, buttons, limitViolations } from './check-limits.ts';
import { at, incident, LOCALES, NOW, resolvedIncident, TIME_ZONE, template, timeline } from './fixtures.ts';

const base = {
  runbookTitle: 'RUNBOOK: API DOWN',
  runbookFile: 'api-down.md @3f2a1c',
  commandName: '/apidown',
  now: NOW,
  timeZone: TIME_ZONE,
  nextEscalation: { roles: ['DevOps Lead'], dueAt: at(14, 17, 10) },
};

const filled = (locale: 'pt-BR' | 'en') =>
  fillTemplate({
    fields: template,
    incident,
    timeline,
    locale,
    timeZone: TIME_ZONE,
    now: NOW,
    formatActor: mentionActor,
    formatText: escapeMrkdwn,
  });

describe('renderIncidentCard', () => {
  it.each(LOCALES)('renders an investigating incident (%s)', (locale) => {
    const message = renderIncidentCard({ ...base, incident, locale, template: filled(locale) });
    expect(message).toMatchSnapshot();
    expect(limitViolations(message)).toEqual([]);
  });

  it('reads like the design sketch', () => {
    const text = allText(renderIncidentCard({ ...base, incident, locale: 'pt-BR' }));
    expect(text).toContain('🚨 API DOWN · incidente #7 · 🔴 investigando');
    expect(text).toContain('Aberto por <@U0ANA> às 14:02 (há 6 min) · runbook api-down.md @3f2a1c');
    expect(text).toContain('❌ Verificar Health Check — esperado 200 OK, obtido HTTP 503');
    expect(text).toContain('*Próximo escalonamento:* DevOps Lead às 14:17 (em 9 min)');
  });

  it('has the stable action ids, valued with the incident id', () => {
    const message = renderIncidentCard({ ...base, incident, locale: 'en' });
    expect(buttons(message)).toEqual(
      ['diagnose', 'request_restart', 'many_users', 'fill_report', 'resolve'].map((action_id) => ({
        action_id,
        value: '7',
      })),
    );
    const many = renderIncidentCard({ ...base, incident: { ...incident, manyUsers: true }, locale: 'en' });
    expect(buttons(many).map((b) => b.action_id)).not.toContain('many_users');
  });

  it.each([
    ['awaiting_approval', '🟠 aguardando aprovação'],
    ['mitigating', '🟡 mitigando'],
    ['monitoring', '🔵 monitorando'],
  ] as const)('shows status %s', (status, expected) => {
    const message = renderIncidentCard({ ...base, incident: { ...incident, status }, locale: 'pt-BR' });
    expect(allText(message)).toContain(expected);
  });

  it.each(LOCALES)('renders a resolved incident without buttons or escalation (%s)', (locale) => {
    const message = renderIncidentCard({ ...base, incident: resolvedIncident, locale, now: at(14, 17) });
    expect(message).toMatchSnapshot();
    expect(buttons(message)).toEqual([]);
    expect(allText(message)).toContain(
      locale === 'pt-BR' ? '✅ resolvido em 14 min 32 s' : '✅ resolved in 14 min 32 s',
    );
  });

  it('asks for a diagnosis when there are no symptoms yet', () => {
    const message = renderIncidentCard({ ...base, incident: { ...incident, symptoms: [] }, locale: 'en' });
    expect(allText(message)).toContain('*Symptoms:* none recorded yet — run `/apidown diagnose`');
  });
});

describe('symptoms in the reader language', () => {
  it('says a symptom kept with its structured verdict in pt-BR and in English', () => {
    const withDetail = {
      ...incident,
      symptoms: [
        {
          stepId: 'health',
          title: 'Verificar Health Check',
          verdict: 'expected 200 OK, got HTTP 503',
          detail: { kind: 'expected_got' as const, expected: '200 OK', got: 'HTTP 503' },
        },
      ],
    };
    const base = { runbookTitle: 'RUNBOOK: API DOWN', now: NOW, timeZone: TIME_ZONE };
    expect(allText(renderIncidentCard({ ...base, incident: withDetail, locale: 'pt-BR' }))).toContain(
      'esperado 200 OK, obtido HTTP 503',
    );
    expect(allText(renderIncidentCard({ ...base, incident: withDetail, locale: 'en' }))).toContain(
      'expected 200 OK, got HTTP 503',
    );
  });
});
