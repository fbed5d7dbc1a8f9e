import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { applyBinding } from '../../src/runbook/binding/apply-binding.ts';
import { loadBinding, parseBinding } from '../../src/runbook/binding/load-binding.ts';
import { parseRunbook } from '../../src/runbook/parse/parse-runbook.ts';
import { apiDownMd, commands, repoRoot } from './runbook-fixtures.ts';

const runbook = parseRunbook(readFileSync(apiDownMd, 'utf8'), apiDownMd);

describe('runbooks/api-down.yml', () => {
  it('is valid and maps every subcommand to a real section', async () => {
    const load = await loadBinding(`${repoRoot}runbooks/api-down.yml`);
    expect(load.problems).toEqual([]);
    const binding = load.binding!;
    expect(binding).toMatchObject({ command: '/apidown', locale: 'pt-BR', workdir: '/opt/atendechat' });
    expect(binding.subcommands).toEqual({
      diagnose: 'diagnostico-rapido',
      deps: 'passo-1-verificar-dependencias',
      restart: 'passo-2-restart-do-servico',
      resources: 'passo-3-verificar-recursos-do-sistema',
      verify: 'verificacao-pos-resolucao',
    });
    const applied = applyBinding(runbook, binding, load);
    expect(applied.problems).toEqual([]);
    const prisma = commands(applied.runbook.sections[0]!.steps).filter((s) =>
      s.command.includes('prisma db execute'),
    );
    expect(prisma.map((s) => [s.stdin, s.risk, s.riskRecognised])).toEqual([
      ['SELECT 1;', 'read', true],
      ['SELECT 1;', 'read', true],
    ]);
    const curlDb = commands(applied.runbook.sections[0]!.steps).find(
      (s) => s.command === 'curl -f $DATABASE_URL',
    );
    expect(curlDb?.skip).toMatch(/not HTTP/);
    expect(Object.keys(binding.roles)).toEqual(['DevOps Lead', 'Tech Lead', 'CTO']);
  });
});

describe('applyBinding', () => {
  it('workdir replaces the cd of every command step, in every section that holds it', () => {
    const { runbook: applied } = applyBinding(
      runbook,
      parseBinding('command: /x\nworkdir: /srv/app\n', 'x.yml').binding!,
    );
    const all = applied.sections.flatMap((s) => commands(s.steps));
    expect(new Set(all.map((s) => s.cwd))).toEqual(new Set(['/srv/app']));
    expect(runbook.sections[0]!.steps[0]).toMatchObject({ cwd: '/opt/atendechat' });
  });

  it('retimes the escalation rule that notifies the same roles', () => {
    const load = parseBinding(
      'command: /x\nescalation:\n  - { notify: [DevOps Lead], after: 5m }\n',
      'x.yml',
    );
    const { runbook: applied, problems } = applyBinding(runbook, load.binding!, load);
    expect(problems).toEqual([]);
    expect(applied.escalation[0]?.afterMinutes).toBe(5);
    expect(runbook.escalation[0]?.afterMinutes).toBe(15);
  });

  it('reports unknown section ids, step ids and roles with the line and the closest id', () => {
    const text = [
      'command: /apidown', //                      1
      'subcommands:', //                           2
      '  diagnose: diagnostico-rapid', //          3
      'steps:', //                                 4
      '  restart-da-apii: { risk: read }', //      5
      '  aguardar-health-check: { skip: no }', //  6
      'roles:', //                                 7
      '  DevOps Leed: { users: [U1] }', //         8
      'escalation:', //                            9
      '  - { notify: [Nobody], after: 1m }', //   10
    ].join('\n');
    const load = parseBinding(text, 'api-down.yml');
    const { problems } = applyBinding(runbook, load.binding!, load);
    expect(problems.map((p) => [p.level, p.line, p.message, p.hint])).toEqual([
      [
        'error',
        3,
        'subcommand "diagnose": "diagnostico-rapid" is not a section of api-down.md',
        expect.stringContaining('"diagnostico-rapido"'),
      ],
      [
        'error',
        5,
        'step "restart-da-apii" is not a step of api-down.md',
        expect.stringContaining('"restart-da-api"'),
      ],
      [
        'warning',
        8,
        'role "DevOps Leed" is not named by the runbook\'s escalation section',
        expect.stringContaining('DevOps Lead'),
      ],
      [
        'error',
        6,
        'step "aguardar-health-check" is a wait (sleep), not a command',
        'overrides apply to command steps only',
      ],
    ]);
  });

  it('an escalation entry that matches no runbook rule adds a rule of its own', () => {
    const load = parseBinding(
      'command: /x\nescalation:\n  - { notify: [DB on-call], after: 45, checklist: [Check replication] }\n  - { notify: [Nobody] }\n',
      'x.yml',
    );
    const { runbook: applied, problems } = applyBinding(runbook, load.binding!, load);
    expect(applied.escalation.slice(runbook.escalation.length)).toEqual([
      {
        afterMinutes: 0.75,
        condition: null,
        notify: ['DB on-call'],
        checklist: ['Check replication'],
        line: 1,
      },
    ]);
    expect(problems.map((p) => [p.level, p.line, p.message])).toEqual([
      ['error', 4, 'escalation rule for Nobody says neither when (after) nor on what condition'],
    ]);
  });
});

describe('parseBinding problems', () => {
  it('an unknown key is an error on its line with the closest valid key', () => {
    const load = parseBinding('command: /apidown\nsubcomands:\n  diagnose: x\n', 'api-down.yml');
    expect(load.binding).toBeNull();
    expect(load.problems).toEqual([
      {
        level: 'error',
        file: 'api-down.yml',
        line: 2,
        message: 'unknown key "subcomands"',
        hint: expect.stringMatching(/^did you mean "subcommands"\?/),
      },
    ]);
  });

  it('unknown keys in nested objects name their path', () => {
    const load = parseBinding(
      'command: /x\nsteps:\n  a:\n    stdn: "SELECT 1;"\napprovers:\n  user: [U1]\n',
      'b.yml',
    );
    expect(load.problems.map((p) => [p.line, p.message, p.hint])).toEqual([
      [
        4,
        'unknown key "stdn" in steps.a',
        expect.stringMatching(/^did you mean "stdin"\? Valid keys: stdin, timeout/),
      ],
      [6, 'unknown key "user" in approvers', expect.stringMatching(/^did you mean "users"\?/)],
    ]);
  });

  it('collects every problem at once: bad values, bad durations, missing keys', () => {
    const load = parseBinding('locale: fr\napprovers:\n  users: [bruno]\n  expiresAfter: soon\n', 'b.yml');
    expect(load.problems.map((p) => [p.line, p.message])).toEqual([
      [1, 'missing required key "command"'],
      [1, expect.stringContaining('locale')],
      [3, expect.stringContaining('Slack user id')],
      [4, expect.stringContaining('duration')],
    ]);
  });

  it('invalid YAML is an error with its line', () => {
    const load = parseBinding('command: /x\nsteps:\n  a: { risk: read\n', 'b.yml');
    expect(load.binding).toBeNull();
    expect(load.problems[0]).toMatchObject({
      level: 'error',
      file: 'b.yml',
      message: expect.stringMatching(/^invalid YAML/),
    });
    expect(load.problems[0]!.line).toBeGreaterThanOrEqual(3);
  });

  it.each([
    ['an alias without its anchor', 'command: /x\napprovers:\n  users: [*nobody]\n'],
    [
      'an alias bomb',
      `a: &a [x, x, x, x, x, x, x, x, x, x]\n${Array.from({ length: 8 }, (_, i) => `${'bcdefghi'[i]}: &${'bcdefghi'[i]} [${`*${i ? 'bcdefghi'[i - 1] : 'a'}, `.repeat(10)}]`).join('\n')}\n`,
    ],
  ])('%s is an invalid-YAML problem, not a crash', (_name, text) => {
    // found by tests/fuzz/binding.fuzz.test.ts: doc.toJS() threw a ReferenceError
    const load = parseBinding(text, 'b.yml');
    expect(load.binding).toBeNull();
    expect(load.problems[0]).toMatchObject({
      level: 'error',
      line: 1,
      message: expect.stringMatching(/^invalid YAML/),
    });
  });

  it('an empty file is an error, durations become milliseconds', () => {
    expect(parseBinding('', 'b.yml').problems[0]?.message).toBe('the binding file is empty');
    const load = parseBinding('command: /x\nsteps:\n  a: { timeout: 20s }\n', 'b.yml');
    expect(load.binding?.steps.a?.timeout).toBe(20_000);
  });

  it('a missing binding file is a problem, not an exception', async () => {
    const load = await loadBinding('/nonexistent/x.yml');
    expect(load.problems[0]?.message).toBe('this binding file does not exist');
  });
});
