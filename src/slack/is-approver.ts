import type { Binding } from '../runbook/binding-schema.ts';
import type { BotDeps } from './bot-deps.ts';

/** Listed in `approvers.users`, or a member of one of `approvers.usergroups`. */
export async function isApprover(
  deps: Pick<BotDeps, 'membersOf'>,
  binding: Binding,
  user: string,
): Promise<boolean> {
  if (binding.approvers.users.includes(user)) return true;
  for (const group of binding.approvers.usergroups) {
    if ((await deps.membersOf(group)).includes(user)) return true;
  }
  return false;
}
