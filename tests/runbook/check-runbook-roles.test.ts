import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bindingSchema } from '../../src/runbook/binding/binding-schema.ts';
import { checkRunbook } from '../../src/runbook/lint/check-runbook.ts';
import { parseRunbook } from '../../src/runbook/parse/parse-runbook.ts';
import { apiDownMd } from './runbook-fixtures.ts';

const runbook = parseRunbook(readFileSync(apiDownMd, 'utf8'), apiDownMd);
const roleWarnings = (roles: Record<string, unknown>) =>
  checkRunbook(runbook, bindingSchema.parse({ command: '/apidown', roles }), 'runbooks/api-down.yml')
    .map((problem) => problem.message)
    .filter((message) => message.includes('Slack mapping'));

describe('lint: escalation roles without a Slack mapping', () => {
  const devops = { 'DevOps Lead': { usergroups: ['S01DEVOPS0'] }, 'Tech Lead': { users: ['U01TECHLD0'] } };

  it('warns about a role the binding does not map, once, and not about mapped ones', () => {
    expect(roleWarnings(devops)).toEqual(['role "CTO" has no Slack mapping, so nobody will be notified']);
    expect(roleWarnings({ ...devops, CTO: { users: ['U01CTO000'] } })).toEqual([]);
  });

  it('a role mapped to nobody counts as unmapped (the ping would mention nobody)', () => {
    expect(roleWarnings({ ...devops, CTO: { users: [], usergroups: [] } })).toEqual([
      'role "CTO" has no Slack mapping, so nobody will be notified',
    ]);
  });

  it('matches names as the ping does: case and surrounding spaces do not matter', () => {
    expect(roleWarnings({ ...devops, ' cto ': { users: ['U01CTO000'] } })).toEqual([]);
  });
});
