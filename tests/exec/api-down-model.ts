import type { Runbook, Section, Step } from '../../src/runbook/model.ts';
import { commandStep, waitStep } from './make-step.ts';

const F = 'docker compose -f compose.prod.yml';
const cwd = '/opt/atendechat';

function sec(id: string, title: string, level: number, parent: string | null, steps: Step[] = []): Section {
  return { id, title, level, parent, line: 1, steps: steps.map((step) => ({ ...step, sectionId: id })) };
}

function read(id: string, title: string, command: string, expect: string | null = null) {
  return commandStep({ id, title, command, expect, cwd });
}

export const psApi = read(
  'verificar-status-dos-containers',
  'Verificar Status dos Containers',
  `${F} ps api`,
  'Up (healthy)',
);
export const health = read(
  'verificar-health-check',
  'Verificar Health Check',
  'curl -f http://localhost:8080/api/v1/health',
  '200 OK',
);
export const apiLogs = read('verificar-logs-da-api', 'Verificar Logs da API', `${F} logs --tail=50 api`);
const restart = commandStep({
  id: 'restart-da-api',
  title: 'Restart da API',
  command: `${F} restart api`,
  risk: 'change',
  cwd,
});
const wait = waitStep(30, { id: 'aguardar-health-check', title: 'Aguardar health check' });
const psAfter = read('verificar-status', 'Verificar status', `${F} ps api`);

const diagnose = [psApi, health, apiLogs];
const container = [
  read('verificar-logs-de-inicializacao', 'Verificar logs de inicialização', `${F} logs api`),
  commandStep({
    id: 'verificar-env',
    title: 'Verificar .env',
    command: 'cat .env.production | grep -E "(DATABASE_URL|REDIS_URL|JWT_SECRET)"',
    risk: 'sensitive',
    cwd,
  }),
  read('verificar-portas', 'Verificar se portas estão disponíveis', 'netstat -tlnp | grep :8080'),
];
const banco = [
  read(
    'testar-conexao-com-banco',
    'Testar conexão com banco',
    `${F} exec api pnpm prisma db execute --stdin`,
  ),
  commandStep({
    id: 'env-database',
    title: 'Verificar variáveis de ambiente',
    command: `${F} exec api env | grep DATABASE`,
    risk: 'sensitive',
    cwd,
  }),
];
const redis = [
  read('testar-conexao-com-redis', 'Testar conexão com Redis', `${F} exec api redis-cli -h redis ping`),
];
const jwt = [
  commandStep({
    id: 'verificar-jwt-secret',
    title: 'Verificar se JWT_SECRET está definido',
    command: `${F} exec api env | grep JWT`,
    risk: 'sensitive',
    cwd,
  }),
  read('verificar-env-existe', 'Verificar se arquivo .env.production existe', 'ls -la .env.production'),
];

const R = 'resolucao-de-problemas-comuns';
export const apiDown: Runbook = {
  id: 'api-down',
  file: '/work/main/runbooks/api-down.md',
  title: 'RUNBOOK: API DOWN',
  sections: [
    sec('runbook-api-down', 'RUNBOOK: API DOWN', 1, null),
    sec('descricao-do-problema', 'DESCRIÇÃO DO PROBLEMA', 2, 'runbook-api-down'),
    sec('diagnostico-rapido', 'DIAGNÓSTICO RÁPIDO', 2, 'runbook-api-down', diagnose),
    sec('passo-2-restart-do-servico', 'PASSO 2: Restart do Serviço', 3, 'procedimentos-de-emergencia', [
      restart,
      wait,
      psAfter,
    ]),
    sec(R, 'RESOLUÇÃO DE PROBLEMAS COMUNS', 2, 'runbook-api-down', [
      ...container,
      ...banco,
      ...redis,
      ...jwt,
    ]),
    sec('problema-container-nao-inicia', 'Problema: Container não inicia', 3, R, container),
    sec('problema-erro-de-conexao-com-banco', 'Problema: Erro de conexão com banco', 3, R, banco),
    sec('problema-erro-de-conexao-com-redis', 'Problema: Erro de conexão com Redis', 3, R, redis),
    sec('problema-erro-de-jwt-secrets', 'Problema: Erro de JWT/Secrets', 3, R, jwt),
    sec('verificacao-pos-resolucao', 'VERIFICAÇÃO PÓS-RESOLUÇÃO', 2, 'runbook-api-down', [health]),
    sec('escalonamento', 'ESCALONAMENTO', 2, 'runbook-api-down'),
  ],
  escalation: [],
  template: [],
  links: [],
};

export function sectionById(id: string): Section {
  const found = apiDown.sections.find((section) => section.id === id);
  if (!found) throw new Error(`no section ${id}`);
  return found;
}
