import { rolePagers } from '../../runbook/alerts/alert-rule-section.ts';
import type { Binding } from '../../runbook/binding/binding-schema.ts';

/** A role of the runbook as Slack sees it: who to mention. `mapped: false` = nobody in the binding. */
export interface RoleAudience {
  /** The runbook's role name ("DevOps Lead"). */
  name: string;
  users: string[];
  usergroups: string[];
  mapped: boolean;
}

/**
 * The runbook's role names -> Slack users and user groups from the binding's `roles:` (exact name
 * first, then ignoring case and surrounding spaces). An unmapped role is kept, with `mapped: false`,
 * so the ping can say which role has no mapping and how to add it.
 */
export function rolesToAudience(
  binding: Pick<Binding, 'roles'>,
  roleNames: readonly string[],
): RoleAudience[] {
  const entries = Object.entries(binding.roles);
  return roleNames.map((name) => {
    const audience =
      binding.roles[name] ??
      entries.find(([key]) => key.trim().toLowerCase() === name.trim().toLowerCase())?.[1];
    const users = [...(audience?.users ?? [])];
    const usergroups = [...(audience?.usergroups ?? [])];
    // A role paged only through PagerDuty/Opsgenie/a webhook is mapped too: it is reached.
    const paged = audience ? rolePagers(audience).length > 0 : false;
    return { name, users, usergroups, mapped: users.length + usergroups.length > 0 || paged };
  });
}
