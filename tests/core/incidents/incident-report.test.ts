import { afterEach, describe, expect, it } from 'vitest';
import type { BoundRunbook } from '../../../src/core/catalog.ts';
import type { CoreDeps } from '../../../src/core/core-deps.ts';
import { UserError } from '../../../src/core/errors.ts';
import { buildReport, saveReportFields, suggestReport } from '../../../src/core/incidents/incident-report.ts';
import { resolveIncident } from '../../../src/core/incidents/resolve-incident.ts';
import { errorEvidence } from '../../../src/core/incidents/suggest-report.ts';
import { triggerManyUsers } from '../../../src/core/incidents/trigger-impact.ts';
import { renderIncidentReport } from '../../../src/render/markdown/render-incident-report.ts';
import { renderFinalReport } from '../../../src/render/slack/render-final-report.ts';
import type { Incident } from '../../../src/store/records.ts';
import { apiDownBound, apiDownWith, at, openIncident, type TestWorld, testWorld } from './incident-deps.ts';

const REDIS_ERROR = 'Error: Redis connection to redis:6379 failed - connect ECONNREFUSED 172.18.0.3:6379';

/** What the bot records during a real incident: diagnosis, many users, approved restart, verification. */
async function playIncident(world: TestWorld, bound: BoundRunbook): Promise<Incident> {
  const { deps, clock } = world;
  const en = bound.binding.locale === 'en';
  const incident = openIncident(deps);
  await clock.set(at(14, 0, 5));
  deps.store.appendTimeline({
    incidentId: incident.id,
    actor: 'U0ANA',
    kind: 'section_run',
    summary: 'DIAGNÓSTICO RÁPIDO: 1/3 ok',
    data: {
      sectionId: 'diagnostico-rapido',
      steps: [
        { id: 'verificar-health-check', status: 'fail', verdict: 'expected 200 OK, got HTTP 503' },
        { id: 'verificar-logs-da-api', status: 'info', verdict: '62 lines, 2 with errors' },
        // The summary says 1/3: the data lists the three checks it counts (the report reads the data).
        {
          id: 'verificar-status-dos-containers',
          status: 'fail',
          verdict: 'expected Up (healthy), got Exited (1)',
        },
      ],
      suggestions: ['problema-erro-de-conexao-com-redis'],
    },
  });
  deps.store.updateIncident(incident.id, {
    symptoms: [
      {
        stepId: 'verificar-health-check',
        title: 'Verificar Health Check',
        verdict: 'esperado 200 OK, obtido HTTP 503',
      },
    ],
  });
  await clock.set(at(14, 3));
  triggerManyUsers(deps, { incident, bound, actor: 'U0ANA' });
  await clock.set(at(14, 6));
  deps.store.appendTimeline({
    incidentId: incident.id,
    actor: 'U0ANA',
    kind: 'approval_requested',
    summary: en
      ? 'restart requested: PASSO 2: Restart do Serviço'
      : 'restart pedido: PASSO 2: Restart do Serviço',
  });
  await clock.set(at(14, 7, 10));
  deps.store.appendTimeline({
    incidentId: incident.id,
    actor: 'U0BRUNO',
    kind: 'approval_decided',
    summary: en ? 'restart approved' : 'restart aprovado',
  });
  await clock.set(at(14, 7, 12));
  deps.store.appendTimeline({
    incidentId: incident.id,
    actor: 'bot',
    kind: 'change_run',
    summary: `PASSO 2: Restart do Serviço: docker compose -f compose.prod.yml restart api — ok ${en ? 'in 2.3 s' : 'em 2,3 s'}`,
    data: { sectionId: 'passo-2-restart-do-servico', approvedBy: 'U0BRUNO' },
  });
  await clock.set(at(14, 8));
  deps.store.appendTimeline({
    incidentId: incident.id,
    actor: 'cli:carla',
    kind: 'section_run',
    summary: 'VERIFICAÇÃO PÓS-RESOLUÇÃO: 4/4 ok',
    data: { sectionId: 'verificacao-pos-resolucao', suggestions: [] },
  });
  return deps.store.getIncident(incident.id)!;
}

function fillAndResolve(deps: CoreDeps, incident: Incident, values: Record<string, string>) {
  saveReportFields(deps, { incidentId: incident.id, values, actor: 'U0BRUNO' });
  return resolveIncident(deps, { incidentId: incident.id, actor: 'U0BRUNO' });
}

describe('incident report', () => {
  let world: TestWorld;
  afterEach(() => world?.dispose());

  it('pt-BR: every template field filled, actions from the timeline, 14 min 32 s', async () => {
    const bound = await apiDownBound();
    world = testWorld(bound);
    const incident = await playIncident(world, bound);
    await world.clock.set(at(14, 14));
    const suggested = suggestReport(world.deps, incident);
    await world.clock.set(at(14, 14, 32));
    const resolved = fillAndResolve(world.deps, incident, {
      ...suggested,
      'Causa raiz': 'Redis parado (OOM killer); a API perdeu a conexão (ECONNREFUSED redis:6379).',
      Impacto: 'Cerca de 300 usuários sem atendimento por 14 minutos.',
    });
    expect(resolved.durationMs).toBe(14 * 60_000 + 32_000);
    expect(resolved.incident.status).toBe('resolved');

    const markdown = renderIncidentReport(resolved.report);
    expect(markdown).toMatchSnapshot();
    const labels = [...markdown.matchAll(/^- \*\*(.+?)\*\*:/gm)].map((match) => match[1]);
    expect(labels).toEqual([
      'Timestamp do início',
      'Timestamp da resolução',
      'Sintomas observados',
      'Ações executadas',
      'Causa raiz',
      'Tempo de resolução',
      'Impacto',
      'Prevenção',
    ]);
    expect(markdown).not.toContain('não preenchido');
    expect(markdown).toContain('- **Timestamp do início**: 2026-11-29 14:00:00');
    expect(markdown).toContain('- **Timestamp da resolução**: 2026-11-29 14:14:32');
    expect(markdown).toContain('- **Tempo de resolução**: 14 min 32 s');
    expect(markdown).toContain('  - 14:00:05 · @U0ANA · DIAGNÓSTICO RÁPIDO: 1/3 ok');
    expect(markdown).toContain(
      '  - 14:07:12 · runbook-bot · PASSO 2: Restart do Serviço: docker compose -f compose.prod.yml restart api — ok em 2,3 s',
    );
    expect(markdown).toContain('  - 14:08:00 · carla (CLI) · VERIFICAÇÃO PÓS-RESOLUÇÃO: 4/4 ok');
    expect(markdown).toContain('  - 14:14:32 · @U0BRUNO · incidente resolvido em 14 min 32 s');
    expect(markdown).toContain(
      '- **Prevenção**: Alerta e checagem automática para "Erro de conexão com Redis"',
    );

    const slack = renderFinalReport({ ...resolved.report, fileAttached: true });
    expect(JSON.stringify(slack)).toContain('14 min 32 s');
  });

  it('English binding: same record, English dates and texts', async () => {
    const bound = await apiDownWith({ locale: 'en' });
    world = testWorld(bound);
    const incident = await playIncident(world, bound);
    await world.clock.set(at(14, 14, 32));
    const suggested = suggestReport(world.deps, incident);
    expect(suggested).toEqual({
      'Causa raiz': 'Erro de conexão com Redis',
      Impacto: 'Multiple users affected',
      Prevenção:
        'Alert and automatic check for "Erro de conexão com Redis" (runbook checks: Testar conexão com Redis; Verificar variáveis de ambiente; Verificar se Redis está acessível)',
    });
    const resolved = fillAndResolve(world.deps, incident, suggested);
    const markdown = renderIncidentReport(resolved.report);
    expect(markdown).toMatchSnapshot();
    expect(markdown).toContain('# Incident #1 — RUNBOOK: API DOWN');
    expect(markdown).toContain('- **Tempo de resolução**: 14 min 32 s');
    expect(markdown).toContain('incident resolved in 14 min 32 s');
  });

  it('an open incident builds a report so far', async () => {
    const bound = await apiDownBound();
    world = testWorld(bound);
    const incident = openIncident(world.deps);
    await world.clock.set(at(14, 6));
    const report = buildReport(world.deps, incident);
    expect(report).toMatchObject({
      runbookTitle: 'RUNBOOK: API DOWN',
      locale: 'pt-BR',
      durationMs: 6 * 60_000,
    });
    expect(report.fields).toHaveLength(8);
    expect(renderIncidentReport(report)).toContain('6 min até agora');
  });

  it('resolving twice is refused; so is a missing incident', async () => {
    const bound = await apiDownBound();
    world = testWorld(bound);
    const incident = openIncident(world.deps);
    resolveIncident(world.deps, { incidentId: incident.id, actor: 'U0ANA' });
    expect(() => resolveIncident(world.deps, { incidentId: incident.id, actor: 'U0BRUNO' })).toThrow(
      expect.objectContaining({ code: 'conflict' }),
    );
    expect(() => resolveIncident(world.deps, { incidentId: 99, actor: 'U0ANA' })).toThrow(
      expect.objectContaining({ code: 'not_found' }),
    );
    expect(world.deps.store.listTimeline(incident.id).filter((e) => e.kind === 'resolved')).toHaveLength(1);
  });
});

describe('report suggestions', () => {
  let world: TestWorld;
  afterEach(() => world?.dispose());

  it('names the unreachable service from an error line, in both languages', () => {
    expect(errorEvidence([REDIS_ERROR], 'pt-BR')).toBe('Redis inacessível (ECONNREFUSED redis:6379)');
    expect(errorEvidence([REDIS_ERROR], 'en')).toBe('Redis unreachable (ECONNREFUSED redis:6379)');
    expect(errorEvidence(['connect ECONNREFUSED 127.0.0.1:5432'], 'en')).toBe(
      'Service unreachable (ECONNREFUSED 127.0.0.1:5432)',
    );
    expect(errorEvidence(['all good', 'HTTP 503'], 'en')).toBeNull();
  });

  it('prefers a line that names the host over an earlier one with only an IP address', () => {
    const ioredis = '[ioredis] Unhandled error event: Error: connect ECONNREFUSED 172.18.0.3:6379';
    expect(errorEvidence([ioredis, REDIS_ERROR], 'pt-BR')).toBe(
      'Redis inacessível (ECONNREFUSED redis:6379)',
    );
    expect(errorEvidence([ioredis], 'en')).toBe('Service unreachable (ECONNREFUSED 172.18.0.3:6379)');
    // The line naming the host was cut before its error code: the same port names the service.
    const cut = 'ERROR [RedisService] Error: Redis connection to redis:6379 failed - connect E…';
    expect(errorEvidence([cut, ioredis], 'en')).toBe('Redis unreachable (ECONNREFUSED redis:6379)');
  });

  it('uses error evidence recorded in the timeline; skips fields already written', async () => {
    const bound = await apiDownBound();
    world = testWorld(bound);
    const incident = openIncident(world.deps);
    world.deps.store.appendTimeline({
      incidentId: incident.id,
      actor: 'U0ANA',
      kind: 'section_run',
      summary: 'DIAGNÓSTICO RÁPIDO: 1/3 ok',
      data: { suggestions: [{ sectionId: 'problema-erro-de-conexao-com-redis', evidence: REDIS_ERROR }] },
    });
    expect(suggestReport(world.deps, incident)['Causa raiz']).toBe(
      'Redis inacessível (ECONNREFUSED redis:6379)',
    );
    saveReportFields(world.deps, {
      incidentId: incident.id,
      values: { 'Causa raiz': 'OOM' },
      actor: 'U0ANA',
    });
    const after = suggestReport(world.deps, world.deps.store.getIncident(incident.id)!);
    expect(after['Causa raiz']).toBeUndefined();
    expect(after.Prevenção).toContain('Erro de conexão com Redis');
    expect(after.Impacto).toBeUndefined(); // nobody said many users
  });

  it('falls back to the symptoms when nothing points to a cause', async () => {
    const bound = await apiDownBound();
    world = testWorld(bound);
    const incident = openIncident(world.deps);
    const updated = world.deps.store.updateIncident(incident.id, {
      symptoms: [
        { stepId: 'h', title: 'Verificar Health Check', verdict: 'esperado 200 OK, obtido HTTP 503' },
      ],
    })!;
    expect(suggestReport(world.deps, updated)).toEqual({
      'Causa raiz': 'A confirmar — sintomas: Verificar Health Check — esperado 200 OK, obtido HTTP 503',
    });
  });

  it('a submission for an already resolved incident is refused and overwrites nothing', async () => {
    const bound = await apiDownBound();
    world = testWorld(bound);
    const incident = openIncident(world.deps);
    saveReportFields(world.deps, {
      incidentId: incident.id,
      values: { 'Causa raiz': 'Redis OOM' },
      actor: 'U0ANA',
    });
    resolveIncident(world.deps, { incidentId: incident.id, actor: 'U0ANA' });
    let error: unknown;
    try {
      saveReportFields(world.deps, {
        incidentId: incident.id,
        values: { 'Causa raiz': 'outra coisa', Impacto: 'nenhum' },
        actor: 'U0BRUNO',
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(UserError);
    expect(error).toMatchObject({ code: 'conflict', message: expect.stringContaining('already resolved') });
    expect(world.deps.store.getIncident(incident.id)?.report).toEqual({
      'Causa raiz': 'Redis OOM',
      Impacto: '',
      Prevenção: '',
    });
  });

  it('an invalid submission saves nothing', async () => {
    const bound = await apiDownBound();
    world = testWorld(bound);
    const incident = openIncident(world.deps);
    expect(() =>
      saveReportFields(world.deps, {
        incidentId: incident.id,
        values: { 'Causa raiz': 'x', Impacto: 'y'.repeat(3001) },
        actor: 'U0ANA',
      }),
    ).toThrow(expect.objectContaining({ code: 'usage' }));
    expect(world.deps.store.getIncident(incident.id)?.report).toEqual({});
  });
});
