import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bindingSchema } from '../../src/runbook/binding/binding-schema.ts';
import { parseBinding } from '../../src/runbook/binding/load-binding.ts';
import { checkRunbook } from '../../src/runbook/lint/check-runbook.ts';
import { parseRunbook } from '../../src/runbook/parse/parse-runbook.ts';
import { apiDownMd } from './runbook-fixtures.ts';

describe('binding: operators', () => {
  it('is unset by default (anyone in the allowed channels runs sections)', () => {
    const load = parseBinding('command: /apidown\n', 'x.yml');
    expect(load.problems).toEqual([]);
    expect(load.binding?.operators).toBeUndefined();
  });

  it('takes users and user groups', () => {
    const load = parseBinding(
      'command: /apidown\noperators:\n  users: [U0OPER1]\n  usergroups: [S0ONCALL]\n',
      'x.yml',
    );
    expect(load.binding?.operators).toEqual({ users: ['U0OPER1'], usergroups: ['S0ONCALL'] });
    expect(
      parseBinding('command: /apidown\noperators: { users: [U0A] }\n', 'x.yml').binding?.operators,
    ).toEqual({ users: ['U0A'], usergroups: [] });
  });

  it('reports bad ids and unknown keys with their line, and loads nothing', () => {
    const load = parseBinding(
      'command: /apidown\noperators:\n  users: [bruno]\n  usergruops: [S0X]\n',
      'x.yml',
    );
    expect(load.binding).toBeNull();
    expect(load.problems.map((problem) => [problem.line, problem.message])).toEqual([
      [3, 'operators.users[0]: expected a Slack user id such as U0123ABCD'],
      [4, 'unknown key "usergruops" in operators'],
    ]);
    expect(load.problems[1]?.hint).toContain('did you mean "usergroups"?');
  });
});

describe('lint: sensitive steps nobody may run', () => {
  const runbook = parseRunbook(readFileSync(apiDownMd, 'utf8'), apiDownMd);
  const warnings = (binding: Record<string, unknown> | null) =>
    checkRunbook(
      runbook,
      binding ? bindingSchema.parse({ command: '/apidown', ...binding }) : null,
      'runbooks/api-down.yml',
    ).filter((problem) => problem.message.includes('may print secrets'));

  it('warns when the runbook has sensitive steps and the binding names no operators or approvers', () => {
    const found = warnings({});
    expect(found).toHaveLength(1);
    expect(found[0]?.message).toMatch(/sensitive steps? .*names no operators or approvers/);
    expect(found[0]?.hint).toContain('operators: { users: [U…] }');
    expect(warnings(null)).toHaveLength(1);
  });

  it('is quiet when operators or approvers are named', () => {
    expect(warnings({ operators: { users: ['U0OPER1'] } })).toEqual([]);
    expect(warnings({ approvers: { usergroups: ['S0LEADS'] } })).toEqual([]);
  });
});
