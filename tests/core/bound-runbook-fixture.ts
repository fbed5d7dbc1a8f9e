import { type Binding, bindingSchema } from '../../src/runbook/binding/binding-schema.ts';
import type { CommandStep, Runbook, Section } from '../../src/runbook/model.ts';

function step(
  id: string,
  command: string,
  risk: CommandStep['risk'],
  expect: string | null = null,
): CommandStep {
  return {
    kind: 'command',
    id,
    title: id,
    command,
    cwd: '/opt/app',
    expect,
    risk,
    riskReason: command,
    riskRecognised: true,
    sectionId: id,
    line: 1,
  };
}

function section(id: string, title: string, steps: Section['steps']): Section {
  return { id, title, level: 2, parent: null, line: 1, steps };
}

/** A small hand-built runbook with a read section, a change section and a verification section. */
export function smallBoundRunbook(overrides: Partial<Record<string, unknown>> = {}) {
  const runbook: Runbook = {
    id: 'api-down',
    file: '/runbooks/api-down.md',
    title: 'RUNBOOK: API DOWN',
    sections: [
      section('diagnostico-rapido', 'DIAGNÓSTICO RÁPIDO', [
        step('status', 'docker compose ps api', 'read', 'Up (healthy)'),
        step('health', 'curl -f http://localhost:8080/health', 'read', '200 OK'),
      ]),
      section('passo-2-restart-do-servico', 'PASSO 2: Restart do Serviço', [
        step('restart-da-api', 'docker compose restart api', 'change'),
      ]),
      section('verificacao-pos-resolucao', 'VERIFICAÇÃO PÓS-RESOLUÇÃO', [
        step('health-2', 'curl -f http://localhost:8080/health', 'read'),
      ]),
      section('links-uteis', 'LINKS ÚTEIS', []),
    ],
    escalation: [],
    template: [],
    links: [],
  };
  const binding: Binding = bindingSchema.parse({
    command: '/apidown',
    subcommands: { diagnose: 'diagnostico-rapido', restart: 'passo-2-restart-do-servico' },
    ...overrides,
  });
  return { runbook, binding };
}
