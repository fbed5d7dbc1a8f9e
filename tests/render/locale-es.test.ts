import { describe, expect, it } from 'vitest';
import { describeDetail } from '../../src/render/common/describe-verdict.ts';
import { fillTemplate } from '../../src/render/common/fill-template.ts';
import { renderIncidentReport } from '../../src/render/markdown/render-incident-report.ts';
import { escapeMrkdwn } from '../../src/render/slack/escape-mrkdwn.ts';
import { mentionActor } from '../../src/render/slack/mentions.ts';
import { renderIncidentCard } from '../../src/render/slack/render-incident-card.ts';
import type { Incident, TimelineEntry } from '../../src/store/records.ts';
import { allText } from './check-limits.ts';
import { at, incident as fixtureIncident, NOW, TIME_ZONE, template } from './fixtures.ts';

/** The fixtures' incident, with symptoms as the bot stores them: the English line plus the verdict as data. */
const incident: Incident = {
  ...fixtureIncident,
  id: 12,
  symptoms: [
    {
      stepId: 'ps',
      title: 'Verificar Status dos Containers',
      verdict: 'expected Up (healthy), got Up 12 minutes (unhealthy)',
      detail: { kind: 'expected_got', expected: 'Up (healthy)', got: 'Up 12 minutes (unhealthy)' },
    },
    {
      stepId: 'pods',
      title: 'Pods',
      verdict: 'expected Ready, got api-7d9f 0/1 CrashLoopBackOff',
      detail: { kind: 'expected_got', expected: 'Ready', got: 'api-7d9f 0/1 CrashLoopBackOff' },
    },
  ],
};

const sections = [
  { id: 'diagnostico-rapido', title: 'Diagnóstico rápido' },
  { id: 'passo-2-restart', title: 'Restart da API' },
];

/** The timeline as the use cases write it: English summaries, the facts in `data`. */
let nextId = 1;
const entry = (time: number, actor: string, kind: TimelineEntry['kind'], summary: string, data = {}) => ({
  id: nextId++,
  incidentId: 12,
  at: time,
  actor,
  kind,
  summary,
  data,
});
const timeline: TimelineEntry[] = [
  entry(at(14, 2, 10), 'U0ANA', 'opened', 'incident opened'),
  entry(at(14, 2, 12), 'U0ANA', 'section_run', 'Diagnóstico rápido: 1/3 ok', {
    sectionId: 'diagnostico-rapido',
    steps: [{ status: 'pass' }, { status: 'fail' }, { status: 'timeout' }],
  }),
  entry(
    at(14, 9, 30),
    'U0ANA',
    'approval_requested',
    'Restart da API requested by U0ANA, awaiting approval',
    {
      sectionId: 'passo-2-restart',
      breakGlass: false,
    },
  ),
  entry(at(14, 11, 5), 'U0BRUNO', 'approval_decided', 'Approved by U0BRUNO', {
    decision: 'approved',
    sectionId: 'passo-2-restart',
    confirmRecovered: false,
  }),
  entry(at(14, 11, 40), 'U0BRUNO', 'change_run', 'Restart da API: succeeded, healthy again', {
    sectionId: 'passo-2-restart',
    state: 'succeeded',
    healthy: true,
  }),
  entry(at(14, 12, 0), 'bot', 'approval_decided', 'Approval expired without a decision: nothing ran', {
    decision: 'expired',
    sectionId: 'passo-2-restart',
  }),
];

const ENGLISH =
  /\b(expected|got|requested|awaiting|approved|succeeded|healthy again|opened|expired|nothing ran)\b/i;

const card = (locale: 'es' | 'pt-BR') =>
  renderIncidentCard({
    incident,
    runbookTitle: 'RUNBOOK: API DOWN',
    runbookFile: 'api-down.md',
    commandName: '/apidown',
    locale,
    now: NOW,
    timeZone: TIME_ZONE,
    nextEscalation: { roles: ['DevOps Lead'], dueAt: at(14, 17, 10) },
    template: fillTemplate({
      fields: template,
      incident,
      timeline,
      locale,
      timeZone: TIME_ZONE,
      now: NOW,
      formatActor: mentionActor,
      formatText: escapeMrkdwn,
      sections,
    }),
  });

describe('the bot speaks Spanish (locale: es)', () => {
  it('renders the incident card in Spanish, symptoms included', () => {
    const text = allText(card('es'));
    expect(text).toContain('🚨 API DOWN · incidente #12 · 🔴 investigando');
    expect(text).toContain('Abierto por <@U0ANA> a las 14:02 (hace 6 min)');
    expect(text).toContain(
      '❌ Verificar Status dos Containers — se esperaba Up (healthy), se obtuvo Up 12 minutes (unhealthy)',
    );
    expect(text).toContain('*Próximo escalado:* DevOps Lead a las 14:17 (en 9 min)');
    expect(text).toContain('Diagnosticar');
    expect(text).not.toMatch(/\b(expected|got|Opened by|Next escalation|Symptoms)\b/);
  });
});

describe('no English in pt-BR and es messages', () => {
  it.each(['pt-BR', 'es'] as const)('the card’s symptoms are in %s', (locale) => {
    const symptoms = allText(card(locale))
      .split('\n')
      .filter((line) => line.startsWith('❌'));
    expect(symptoms).toHaveLength(2);
    for (const line of symptoms) expect(line).not.toMatch(ENGLISH);
  });

  it.each(['pt-BR', 'es'] as const)('the report’s action lines are in %s', (locale) => {
    const report = renderIncidentReport({
      incident,
      runbookTitle: 'RUNBOOK: API DOWN',
      fields: template,
      timeline,
      locale,
      timeZone: TIME_ZONE,
      now: NOW,
      sections,
    });
    const actions = report.split('\n').filter((line) => /^ {2}- \d\d:\d\d:\d\d · /.test(line));
    expect(actions).toHaveLength(timeline.length);
    for (const line of actions) expect(line).not.toMatch(ENGLISH);
    expect(actions.join('\n')).toContain('Restart da API');
  });

  it('says which checks still fail after a wait in the reader’s language', () => {
    const detail = {
      kind: 'not_healthy_after' as const,
      seconds: 60,
      failing: ['Health: expected 200 OK, got HTTP 503'],
      failingChecks: [
        { title: 'Health', detail: { kind: 'expected_got' as const, expected: '200 OK', got: 'HTTP 503' } },
      ],
    };
    expect(describeDetail(detail, 'pt-BR')).toBe(
      'não ficou saudável em 1 min · ainda falhando: Health: esperado 200 OK, obtido HTTP 503',
    );
    expect(describeDetail(detail, 'es')).toBe(
      'no quedó sano en 1 min · todavía fallan: Health: se esperaba 200 OK, se obtuvo HTTP 503',
    );
  });
});
