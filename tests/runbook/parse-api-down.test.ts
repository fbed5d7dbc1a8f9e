import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseRunbook } from '../../src/runbook/parse/parse-runbook.ts';
import { toRunbookJson } from '../../src/runbook/to-runbook-json.ts';
import { allSteps, apiDownMd, commands, section } from './runbook-fixtures.ts';

const runbook = parseRunbook(readFileSync(apiDownMd, 'utf8'), apiDownMd);

describe('parseRunbook on runbooks/api-down.md', () => {
  it('reads the title and nests the sections by heading level', () => {
    expect(runbook.id).toBe('api-down');
    expect(runbook.title).toBe('RUNBOOK: API DOWN');
    expect(section(runbook, 'diagnostico-rapido')).toMatchObject({
      title: 'DIAGNÓSTICO RÁPIDO',
      level: 2,
      parent: 'runbook-api-down',
    });
    expect(section(runbook, 'passo-2-restart-do-servico')).toMatchObject({
      title: 'PASSO 2: Restart do Serviço',
      level: 3,
      parent: 'procedimentos-de-emergencia',
    });
  });

  it('diagnostico-rapido: 3 steps with their expectations, cwd from the cd line, no cd step', () => {
    const steps = commands(section(runbook, 'diagnostico-rapido').steps);
    expect(steps.map((step) => [step.command, step.expect, step.cwd, step.risk])).toEqual([
      ['docker compose -f compose.prod.yml ps api', 'Up (healthy)', '/opt/atendechat', 'read'],
      ['curl -f http://localhost:8080/api/v1/health', '200 OK', '/opt/atendechat', 'read'],
      ['docker compose -f compose.prod.yml logs --tail=50 api', null, '/opt/atendechat', 'read'],
    ]);
    expect(section(runbook, 'diagnostico-rapido').steps).toHaveLength(3);
    expect(allSteps(runbook).some((step) => step.kind === 'command' && step.command.startsWith('cd '))).toBe(
      false,
    );
  });

  it('each sub-section is a section with its own steps; titles come from the section', () => {
    const [step] = section(runbook, '1-verificar-status-dos-containers').steps;
    expect(step).toMatchObject({
      id: '1-verificar-status-dos-containers',
      title: '1. Verificar Status dos Containers',
      line: 11,
    });
  });

  it('passo-2: restart (change), a 30 s wait, ps api (read), titled by the comments', () => {
    const steps = section(runbook, 'passo-2-restart-do-servico').steps;
    expect(
      steps.map((step) => [step.kind, step.id, step.kind === 'wait' ? step.seconds : step.risk]),
    ).toEqual([
      ['command', 'restart-da-api', 'change'],
      ['wait', 'aguardar-health-check', 30],
      ['command', 'verificar-status', 'read'],
    ]);
  });

  it('marks the steps that print secrets as sensitive', () => {
    const sensitive = commands(allSteps(runbook))
      .filter((step) => step.risk === 'sensitive')
      .map((step) => step.command);
    expect(sensitive).toEqual([
      'cat .env.production | grep -E "(DATABASE_URL|REDIS_URL|JWT_SECRET)"',
      'docker compose -f compose.prod.yml exec api env | grep DATABASE',
      'docker compose -f compose.prod.yml exec api env | grep REDIS',
      'docker compose -f compose.prod.yml exec api env | grep JWT',
    ]);
  });

  it('prisma db execute is a change nobody recognised (the binding decides)', () => {
    const prisma = commands(allSteps(runbook)).filter((step) => step.command.includes('prisma db execute'));
    expect(prisma.map((step) => [step.id, step.risk, step.riskRecognised])).toEqual([
      ['verificar-se-banco-esta-acessivel', 'change', false],
      ['testar-conexao-com-banco', 'change', false],
    ]);
  });

  it('gives unique step ids, deduplicated in document order', () => {
    const ids = allSteps(runbook).map((step) => step.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toContain('verificar-variaveis-de-ambiente');
    expect(ids).toContain('verificar-variaveis-de-ambiente-2');
  });

  it('reads both escalation rules with roles and checklists', () => {
    expect(runbook.escalation).toEqual([
      {
        afterMinutes: 15,
        condition: null,
        notify: ['DevOps Lead'],
        checklist: [
          'Executar rollback automático (se configurado)',
          'Verificar métricas do Prometheus',
          'Analisar logs do Caddy',
        ],
        line: 137,
      },
      {
        afterMinutes: null,
        condition: 'Se o problema afetar múltiplos usuários',
        notify: ['Tech Lead', 'CTO'],
        checklist: [
          'Verificar status de outros serviços',
          'Considerar restart completo da stack',
          'Verificar se é problema de infraestrutura',
        ],
        line: 143,
      },
    ]);
  });

  it('reads the 8 template fields and what fills each one', () => {
    expect(runbook.template.map((field) => [field.label, field.fill])).toEqual([
      ['Timestamp do início', 'startedAt'],
      ['Timestamp da resolução', 'resolvedAt'],
      ['Sintomas observados', 'symptoms'],
      ['Ações executadas', 'actions'],
      ['Causa raiz', 'manual'],
      ['Tempo de resolução', 'duration'],
      ['Impacto', 'manual'],
      ['Prevenção', 'manual'],
    ]);
    expect(runbook.template[4]?.hint).toBe('Motivo do problema');
  });

  it('reads the 5 links', () => {
    expect(runbook.links).toHaveLength(5);
    expect(runbook.links[0]).toEqual({ title: 'Métricas do Prometheus', url: 'http://localhost:9090' });
    expect(runbook.links[4]).toEqual({ title: 'Guia de Troubleshooting', url: '../troubleshooting.md' });
  });

  it('prints the DESIGN §3 JSON shape', () => {
    const json = toRunbookJson(runbook);
    expect(Object.keys(json)).toEqual(['title', 'sections', 'escalation', 'template', 'links']);
    // The whole-runbook section holds several change steps split by reads: a staged procedure.
    expect(Object.keys(json.sections[0] ?? {})).toEqual([
      'id',
      'title',
      'level',
      'parent',
      'steps',
      'changeGroups',
    ]);
    const restart = json.sections.find((section) => section.id === 'passo-2-restart-do-servico');
    expect(Object.keys(restart ?? {})).toEqual(['id', 'title', 'level', 'parent', 'steps']);
    expect(json.escalation[0]).toEqual({
      afterMinutes: 15,
      condition: null,
      notify: ['DevOps Lead'],
      checklist: expect.any(Array),
    });
    expect(json.template[0]).toEqual({ label: 'Timestamp do início', fill: 'startedAt' });
  });
});
