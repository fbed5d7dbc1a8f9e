import type { SectionRun, StepResult } from '../../src/exec/step-result.ts';
import type { Binding } from '../../src/runbook/binding/binding-schema.ts';
import { bindingSchema } from '../../src/runbook/binding/binding-schema.ts';
import type { TemplateField } from '../../src/runbook/model.ts';
import type { Approval, Incident, TimelineEntry } from '../../src/store/records.ts';

/** Fixed clock for stable snapshots: 2026-11-29 14:08:00 in São Paulo (UTC-3). */
export const TIME_ZONE = 'America/Sao_Paulo';
export const at = (hh: number, mm: number, ss = 0): number => Date.UTC(2026, 10, 29, hh + 3, mm, ss);
export const NOW = at(14, 8);

export const REDIS_ERROR =
  'Error: Redis connection to redis:6379 failed - connect ECONNREFUSED 172.18.0.3:6379';

const PS_OUTPUT = [
  'NAME               IMAGE                   COMMAND                  SERVICE   CREATED       STATUS                      PORTS',
  'atendechat-api-1   atendechat/api:2.14.0   "docker-entrypoint.s…"   api       3 hours ago   Up 12 minutes (unhealthy)   0.0.0.0:8080->8080/tcp',
].join('\n');

function logOutput(): string {
  const lines: string[] = [];
  for (let i = 0; i < 60; i++) {
    lines.push(
      `api-1  | 2026-11-29T17:0${Math.floor(i / 10)}:${String(i % 60).padStart(2, '0')}Z GET /api/v1/health 503 2ms`,
    );
  }
  lines.splice(20, 0, `api-1  | ${REDIS_ERROR}`);
  lines.splice(45, 0, `api-1  | ${REDIS_ERROR}`);
  return lines.join('\n');
}

export function step(
  overrides: Partial<StepResult> & Pick<StepResult, 'stepId' | 'title' | 'command'>,
): StepResult {
  return {
    risk: 'read',
    status: 'pass',
    exitCode: 0,
    timedOut: false,
    durationMs: 1000,
    output: '',
    outputTruncated: false,
    droppedBytes: 0,
    expect: null,
    detail: { kind: 'ok' },
    ...overrides,
  };
}

export const psApiUnhealthy = step({
  stepId: 'verificar-status-dos-containers',
  title: 'Verificar Status dos Containers',
  command: 'docker compose -f compose.prod.yml ps api',
  status: 'fail',
  durationMs: 1012,
  output: PS_OUTPUT,
  expect: 'Up (healthy)',
  detail: { kind: 'expected_got', expected: 'Up (healthy)', got: 'Up 12 minutes (unhealthy)' },
});

export const health503 = step({
  stepId: 'verificar-health-check',
  title: 'Verificar Health Check',
  command: 'curl -f http://localhost:8080/api/v1/health',
  status: 'fail',
  exitCode: 22,
  durationMs: 1004,
  output: 'curl: (22) The requested URL returned error: 503',
  expect: '200 OK',
  detail: { kind: 'expected_got', expected: '200 OK', got: 'HTTP 503' },
});

export const logsEconnrefused = step({
  stepId: 'verificar-logs-da-api',
  title: 'Verificar Logs da API',
  command: 'docker compose -f compose.prod.yml logs --tail=50 api',
  status: 'info',
  durationMs: 998,
  output: logOutput(),
  detail: { kind: 'log_summary', lines: 62, errorLines: 2, samples: [REDIS_ERROR] },
});

export const redisSuggestion = {
  sectionId: 'problema-erro-de-conexao-com-redis',
  title: 'Problema: Erro de conexão com Redis',
  evidence: REDIS_ERROR,
};

export const redisDownRun: SectionRun = {
  runbook: 'api-down',
  section: 'diagnostico-rapido',
  sectionTitle: 'Diagnóstico rápido',
  startedAt: '2026-11-29T17:07:58.000Z',
  durationMs: 1090,
  steps: [psApiUnhealthy, health503, logsEconnrefused],
  suggestions: [redisSuggestion],
};

export const healthyStep = (index: number): StepResult =>
  step({
    stepId: `check-${index}`,
    title: `Check ${index}`,
    command: `curl -f http://localhost:8080/check/${index}`,
    durationMs: 40 + index,
  });

export const incident: Incident = {
  id: 7,
  runbook: 'api-down',
  channel: 'C0123ABC',
  cardTs: '1764435730.000100',
  status: 'investigating',
  openedBy: 'U0ANA',
  openedAt: at(14, 2, 10),
  resolvedBy: null,
  resolvedAt: null,
  symptoms: [
    {
      stepId: health503.stepId,
      title: 'Verificar Health Check',
      verdict: 'esperado 200 OK, obtido HTTP 503',
    },
    {
      stepId: psApiUnhealthy.stepId,
      title: 'Verificar Status dos Containers',
      verdict: 'esperado Up (healthy), obtido Up 12 minutes (unhealthy)',
    },
  ],
  manyUsers: false,
  report: {},
};

export const resolvedIncident: Incident = {
  ...incident,
  status: 'resolved',
  resolvedBy: 'U0BRUNO',
  resolvedAt: at(14, 16, 42),
  report: {
    'Causa raiz': 'Redis parado (OOM killer); a API perdeu a conexão (ECONNREFUSED redis:6379).',
    Impacto: 'Cerca de 300 usuários sem atendimento por 14 minutos.\nNenhuma mensagem perdida.',
  },
};

export const template: TemplateField[] = [
  { label: 'Timestamp do início', fill: 'startedAt', hint: 'YYYY-MM-DD HH:MM:SS' },
  { label: 'Timestamp da resolução', fill: 'resolvedAt', hint: 'YYYY-MM-DD HH:MM:SS' },
  { label: 'Sintomas observados', fill: 'symptoms', hint: 'Descrição do problema' },
  { label: 'Ações executadas', fill: 'actions', hint: 'Comandos e procedimentos' },
  { label: 'Causa raiz', fill: 'manual', hint: 'Motivo do problema' },
  { label: 'Tempo de resolução', fill: 'duration', hint: 'Duração total' },
  { label: 'Impacto', fill: 'manual', hint: 'Número de usuários afetados' },
  { label: 'Prevenção', fill: 'manual', hint: 'Medidas para evitar recorrência' },
];

const entry = (
  id: number,
  time: number,
  actor: string,
  kind: TimelineEntry['kind'],
  summary: string,
): TimelineEntry => ({
  id,
  incidentId: 7,
  at: time,
  actor,
  kind,
  summary,
  data: {},
});

export const timeline: TimelineEntry[] = [
  entry(1, at(14, 2, 10), 'U0ANA', 'opened', 'incidente aberto com /apidown diagnose'),
  entry(
    2,
    at(14, 2, 12),
    'U0ANA',
    'section_run',
    'Diagnóstico rápido: 1 de 3 ok (ps api unhealthy, health 503)',
  ),
  entry(3, at(14, 9, 30), 'U0ANA', 'approval_requested', 'restart da API pedido'),
  entry(4, at(14, 11, 5), 'U0BRUNO', 'approval_decided', 'restart aprovado'),
  entry(
    5,
    at(14, 11, 8),
    'bot',
    'change_run',
    'docker compose -f compose.prod.yml restart api — ok em 2,3 s',
  ),
  entry(6, at(14, 12, 0), 'cli:carla', 'command', 'runbook-bot run api-down verify — 4/4 ok'),
  entry(7, at(14, 16, 42), 'U0BRUNO', 'resolved', 'incidente resolvido'),
];

export const approval: Approval = {
  id: 'apr_01JD7Q3M8K',
  incidentId: 7,
  runbook: 'api-down',
  sectionId: 'passo-2-restart-do-servico',
  service: 'atendechat-api',
  state: 'pending',
  requestedBy: 'U0ANA',
  requestedAt: at(14, 9, 30),
  expiresAt: at(14, 19, 30),
  decidedBy: null,
  decidedAt: null,
  breakGlass: false,
  reason: null,
  channel: 'C0123ABC',
  messageTs: '1764436170.000200',
};

export const restartSteps = [
  { kind: 'command' as const, command: 'docker compose -f compose.prod.yml restart api' },
  { kind: 'wait' as const, seconds: 30 },
  { kind: 'command' as const, command: 'docker compose -f compose.prod.yml ps api' },
];

export const binding: Binding = bindingSchema.parse({
  command: '/apidown',
  locale: 'pt-BR',
  workdir: '/opt/atendechat',
  channels: ['C0123ABC'],
  subcommands: {
    diagnose: 'diagnostico-rapido',
    deps: 'passo-1-verificar-dependencias',
    restart: 'passo-2-restart-do-servico',
    resources: 'passo-3-verificar-recursos-do-sistema',
    verify: 'verificacao-pos-resolucao',
  },
  approvers: { users: ['U0BRUNO'], usergroups: ['S0DEVOPS'] },
  roles: { 'DevOps Lead': { usergroups: ['S0DEVOPS'] }, 'Tech Lead': { users: ['U0TECH'] } },
});

export const LOCALES = ['pt-BR', 'en'] as const;
