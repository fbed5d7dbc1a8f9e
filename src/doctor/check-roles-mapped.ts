import { type CheckResult, failed, listSome, passed } from './check-result.ts';

export interface RolesDeps {
  /** Which runbook, for the message; omit for one global check. */
  runbook?: string;
  /** Role names the runbook's escalation rules notify ("DevOps Lead"). */
  rolesUsed: string[];
  /** Role names the binding maps to Slack users or groups. */
  rolesMapped: string[];
}

export function checkRolesMapped(deps: RolesDeps): CheckResult {
  const name = deps.runbook ? `Escalation roles (${deps.runbook})` : 'Escalation roles';
  const mapped = new Set(deps.rolesMapped.map((role) => role.trim().toLowerCase()));
  const used = [...new Set(deps.rolesUsed)];
  const missing = used.filter((role) => !mapped.has(role.trim().toLowerCase()));
  if (used.length === 0) return passed(name, 'the runbook names nobody to notify');
  if (missing.length === 0) return passed(name, `all mapped: ${listSome(used)}`);
  const file = deps.runbook ? `runbooks/${deps.runbook}.yml` : 'the binding';
  const example = missing[0] ?? 'DevOps Lead';
  return failed(
    name,
    'error',
    `not mapped to anyone in Slack: ${listSome(missing)} — an escalation would ping nobody`,
    `add them under roles: in ${file}, e.g.  ${example}: { users: [U0123ABCD] }`,
  );
}
