import { describe, expect, it } from 'vitest';
import type { Runbook } from '../../src/runbook/model.ts';
import { parseRunbook } from '../../src/runbook/parse/parse-runbook.ts';
import { allSteps, commands, parseFixture, section } from './runbook-fixtures.ts';

/** Steps as a reader lists them: id, title, risk, expectation text. */
const readSteps = (runbook: Runbook) =>
  commands(allSteps(runbook)).map((step) => [step.id, step.title, step.risk, step.expect]);
const rules = (runbook: Runbook) =>
  runbook.escalation.map((rule) => [rule.afterMinutes, rule.condition, rule.notify]);
const fields = (runbook: Runbook) => runbook.template.map((field) => [field.label, field.fill]);

describe('runbooks written in six styles, read as a person would', () => {
  it('Kubernetes: numbered procedure titles and ids from the list items, sample output is not a step', () => {
    const runbook = parseFixture('styles/k8s-payments');
    expect(runbook.sections.map((s) => s.id)).toEqual([
      'payments-api-pods-crash-looping',
      'symptoms',
      'procedure',
      'escalation',
      'postmortem-template',
    ]);
    expect(section(runbook, 'symptoms').steps).toEqual([]);
    expect(readSteps(runbook)).toEqual([
      ['check-that-the-pods-are-running', 'Check that the pods are running', 'read', 'Running'],
      ['look-at-the-recent-events', 'Look at the recent events', 'read', null],
      ['read-the-logs-of-the-crashing-container', 'Read the logs of the crashing container', 'read', null],
      [
        'check-the-database-service-resolves',
        'Check the database service resolves',
        expect.any(String),
        'at least one IP address',
      ],
      ['restart-the-deployment', 'Restart the deployment', 'change', null],
      ['watch-the-rollout-finish', 'Watch the rollout finish', 'read', 'successfully rolled out'],
      [
        'roll-back-to-the-previous-release-if-the-restart-did-not-help',
        'Roll back to the previous release if the restart did not help',
        'change',
        null,
      ],
    ]);
    const resolves = commands(allSteps(runbook)).find((s) => s.id === 'check-the-database-service-resolves');
    expect(resolves?.expectation).toEqual({ kind: 'atLeast', n: 1, what: 'IP address' });
    expect(
      allSteps(runbook).some((s) => s.kind === 'command' && /CrashLoopBackOff|ERROR/.test(s.command)),
    ).toBe(false);
    expect(rules(runbook)).toEqual([
      [15, null, ['Payments on-call']],
      [30, null, ['DB on-call']],
      [null, 'If customers report double charges', ['Incident Commander', 'Head of Payments']],
    ]);
    expect(fields(runbook)).toEqual([
      ['Start time', 'startedAt'],
      ['Resolved at', 'resolvedAt'],
      ['Symptoms', 'symptoms'],
      ['Actions taken', 'actions'],
      ['Root cause', 'manual'],
      ['Duration', 'duration'],
    ]);
  });

  it('ids come from the list item text, so reordering the list keeps them', () => {
    const item = (n: number, text: string, command: string) =>
      `${n}. ${text}:\n\n   \`\`\`bash\n   ${command}\n   \`\`\`\n`;
    const check = ['Check that the pods are running', 'kubectl get pods -n prod'] as const;
    const restart = ['Restart the deployment', 'kubectl rollout restart deployment/payments'] as const;
    const idsOf = (markdown: string) =>
      Object.fromEntries(
        commands(allSteps(parseRunbook(markdown, 'r.md'))).map((step) => [step.command, step.id]),
      );
    const before = idsOf(`# R\n\n## Procedure\n\n${item(1, ...check)}\n${item(2, ...restart)}`);
    const after = idsOf(`# R\n\n## Procedure\n\n${item(1, ...restart)}\n${item(2, ...check)}`);
    expect(before).toEqual(after);
    expect(Object.values(before)).toEqual(['check-that-the-pods-are-running', 'restart-the-deployment']);
  });

  it('Spanish systemd: mixed heading levels, Salida esperada, Escalado, Plantilla del incidente', () => {
    const runbook = parseFixture('styles/nginx-systemd-es');
    expect(runbook.sections.map((s) => [s.id, s.level, s.parent])).toEqual([
      ['nginx-caido-en-los-servidores-web', 1, null],
      ['diagnostico', 2, 'nginx-caido-en-los-servidores-web'],
      ['estado-del-servicio', 3, 'diagnostico'],
      ['configuracion', 4, 'estado-del-servicio'],
      ['puertos', 3, 'diagnostico'],
      ['solucion', 2, 'nginx-caido-en-los-servidores-web'],
      ['escalado', 2, 'nginx-caido-en-los-servidores-web'],
      ['plantilla-del-incidente', 2, 'nginx-caido-en-los-servidores-web'],
    ]);
    expect(readSteps(runbook).map(([id, title, , expected]) => [id, title, expected])).toEqual([
      ['estado-del-servicio', 'Estado del servicio', 'active (running)'],
      [
        'comprobar-que-la-configuracion-es-valida',
        'Comprobar que la configuración es válida',
        'syntax is ok',
      ],
      ['puertos', 'Puertos', 'LISTEN'],
      ['reiniciar-el-servicio', 'Reiniciar el servicio', null],
      ['si-sigue-fallando-revisar-los-registros', 'Si sigue fallando, revisar los registros', null],
    ]);
    expect(commands(section(runbook, 'solucion').steps).map((s) => s.risk)).toEqual(['change', 'read']);
    expect(rules(runbook)).toEqual([
      [15, null, ['Responsable de Guardia']],
      [30, null, ['Equipo de Plataforma']],
      [null, 'Si afecta a todos los clientes', ['Director de Operaciones']],
    ]);
    expect(fields(runbook)).toEqual([
      ['Inicio', 'startedAt'],
      ['Resolución', 'resolvedAt'],
      ['Síntomas', 'symptoms'],
      ['Acciones realizadas', 'actions'],
      ['Duración', 'duration'],
      ['Causa raíz', 'manual'],
    ]);
  });

  it('Docker Compose in English: intro sentences and # comments title the steps; sleep is a wait', () => {
    const runbook = parseFixture('styles/compose-worker');
    expect(section(runbook, 'restart-the-worker').steps.map((s) => [s.kind, s.id])).toEqual([
      ['command', 'restart-the-worker-container'],
      ['wait', 'give-it-time-to-reconnect'],
      ['command', 'confirm-it-is-processing-again'],
    ]);
    expect(readSteps(runbook)).toEqual([
      ['make-sure-every-container-is-up', 'Make sure every container is up', 'read', 'Up'],
      ['queue-depth-should-be-small', 'Queue depth (should be small)', expect.any(String), null],
      ['restart-the-worker-container', 'Restart the worker container', 'change', null],
      ['confirm-it-is-processing-again', 'Confirm it is processing again', 'read', 'processed job'],
    ]);
    expect(runbook.escalation.map((r) => [r.afterMinutes, r.condition, r.notify, r.checklist])).toEqual([
      [20, null, ['Backend on-call'], ['Share the queue depth in #incidents']],
      [null, 'If jobs are being lost', ['Engineering Manager'], []],
    ]);
    expect(fields(runbook)).toEqual([
      ['Started at', 'startedAt'],
      ['Ended at', 'resolvedAt'],
      ['Symptoms', 'symptoms'],
      ['What was done', 'actions'],
    ]);
  });

  it('Portuguese: Saída esperada as a count, Escalonamento as sentences, Template do incidente', () => {
    const runbook = parseFixture('styles/disco-pt');
    expect(readSteps(runbook)).toEqual([
      ['ver-o-uso-das-particoes', 'Ver o uso das partições', 'read', 'pelo menos 2 linhas'],
      ['listar-os-maiores-diretorios-de-log', 'Listar os maiores diretórios de log', 'read', null],
      ['apagar-logs-com-mais-de-7-dias', 'Apagar logs com mais de 7 dias', 'change', null],
    ]);
    expect(commands(allSteps(runbook))[0]?.expectation).toEqual({ kind: 'atLeast', n: 2, what: 'linhas' });
    expect(rules(runbook)).toEqual([
      [15, null, ['DBA de plantão']],
      [30, null, ['Gerente de Infraestrutura']],
    ]);
    expect(fields(runbook).map(([, fill]) => fill)).toEqual([
      'startedAt',
      'resolvedAt',
      'symptoms',
      'actions',
      'duration',
    ]);
  });

  it('tables: | After | Notify | Actions | escalation and | Field | Value | template; PromQL is not a step', () => {
    const runbook = parseFixture('styles/tables-cache');
    expect(readSteps(runbook)).toEqual([['check', 'Check', 'read', 'keyspace_hits']]);
    expect(
      runbook.escalation.map((r) => [r.afterMinutes, r.condition, r.notify, r.checklist, r.line]),
    ).toEqual([
      [10, null, ['Cache on-call'], ['Check the hit ratio dashboard'], 21],
      [30, null, ['SRE Lead', 'CTO'], ['Consider failing over'], 22],
      [null, 'Data loss suspected', ['Security'], ['Freeze deploys'], 23],
    ]);
    expect(runbook.template).toEqual([
      { label: 'Start', fill: 'startedAt', hint: 'first alert' },
      { label: 'End', fill: 'resolvedAt', hint: 'ratio above 90%' },
      { label: 'Symptoms', fill: 'symptoms', hint: 'slow pages' },
      { label: 'Root cause', fill: 'manual', hint: null },
    ]);
  });

  it('paragraphs: the sentence before a block titles it; escalation sentences become rules', () => {
    const runbook = parseFixture('styles/paragraphs-dns');
    expect(readSteps(runbook)).toEqual([
      [
        'first-see-whether-the-resolver-answers-at-all',
        'First see whether the resolver answers at all',
        'read',
        'at least one IP address',
      ],
      ['then-look-at-the-resolvers-own-logs', "Then look at the resolver's own logs", 'read', null],
      [
        'restart-the-resolver-which-clears-its-cache',
        'Restart the resolver, which clears its cache',
        'change',
        null,
      ],
    ]);
    expect(rules(runbook)).toEqual([
      [60, null, ['network team']],
      [null, 'When several regions fail at once', ['Infrastructure Director']],
    ]);
  });
});
