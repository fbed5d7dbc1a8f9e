import type { Binding } from '../../runbook/binding/binding-schema.ts';
import type { CoreDeps } from '../core-deps.ts';

/** Who may approve a change of a runbook: the binding's users and user groups (the card shows them). */
export interface ApproverAudience {
  users: string[];
  usergroups: string[];
}

export function approverAudience(binding: Binding): ApproverAudience {
  return { users: [...binding.approvers.users], usergroups: [...binding.approvers.usergroups] };
}

/**
 * True when `userId` is one of the binding's approvers, directly or as a member of an approver user
 * group. Fails closed: a user group whose members cannot be read counts as "not a member" (logged).
 * Says nothing about self-approval: the caller checks the requester.
 */
export async function canApprove(
  deps: Pick<CoreDeps, 'membersOf' | 'logger'>,
  binding: Binding,
  userId: string,
): Promise<boolean> {
  if (binding.approvers.users.includes(userId)) return true;
  for (const group of binding.approvers.usergroups) {
    try {
      if ((await deps.membersOf(group)).includes(userId)) return true;
    } catch (error) {
      deps.logger.warn({ err: error, usergroup: group }, 'approvers: cannot read user group members');
    }
  }
  return false;
}
