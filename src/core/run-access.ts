import type { Binding } from '../runbook/binding/binding-schema.ts';
import { canApprove } from './approvals/approvers.ts';
import type { CoreDeps } from './core-deps.ts';
import { UserError } from './errors.ts';

/** What one actor may do with one runbook's sections. */
export interface RunAccess {
  /** May run sections at all (diagnose, run, request a change). */
  run: boolean;
  /** May run `sensitive` steps (they may print secrets): only operators and approvers, never everyone. */
  sensitive: boolean;
}

/** Who may run sections when the binding names `operators` (the Slack side shows it). */
export interface OperatorAudience {
  users: string[];
  usergroups: string[];
}

export type AccessDeps = Partial<Pick<CoreDeps, 'membersOf' | 'logger'>>;

/**
 * The operator at the machine (`runbook-bot run`, actor `cli:<os user>`): trusted, like the shell
 * they already have. Slack user ids never look like this (they are `U…`/`W…`).
 */
export function isTerminalActor(actor: string): boolean {
  return /^cli:[A-Za-z0-9._-]{1,64}$/.test(actor);
}

/** An alert received on `/alerts/alertmanager` (`alert:<alertname>`); Slack user ids never look like this. */
export function isAlertActor(actor: string): boolean {
  return actor.startsWith('alert:');
}

/**
 * Decides what `actor` may run. The terminal may do everything. A person may run sections when the
 * binding has no `operators`, or names them there (directly or through a user group) or among the
 * approvers; `sensitive` steps only when named in `operators` or `approvers`. User groups resolve
 * the way approvers do (a group that cannot be read counts as "not a member"), and only when the
 * answer depends on them: `needs.sensitive` false (the default) leaves `sensitive` false unasked.
 */
export async function decideRunAccess(
  deps: AccessDeps,
  binding: Binding,
  actor: string,
  needs: { sensitive?: boolean } = {},
): Promise<RunAccess> {
  if (isTerminalActor(actor)) return { run: true, sensitive: true };
  // An alert rule of the binding itself (`alerts:`): it may run its read-only section, never `sensitive` steps.
  if (isAlertActor(actor)) return { run: true, sensitive: false };
  const operators = binding.operators;
  if (!operators && needs.sensitive !== true) return { run: true, sensitive: false };
  if (operators?.users.includes(actor) || binding.approvers.users.includes(actor)) {
    return { run: true, sensitive: true };
  }
  const lookup = {
    membersOf: deps.membersOf ?? (async () => []),
    logger: deps.logger ?? silentLogger,
  };
  const named =
    (operators ? await isMember(lookup, { users: [], usergroups: operators.usergroups }, actor) : false) ||
    (await canApprove(lookup, binding, actor));
  return { run: !operators || named, sensitive: named };
}

async function isMember(
  deps: Pick<CoreDeps, 'membersOf' | 'logger'>,
  audience: OperatorAudience,
  actor: string,
): Promise<boolean> {
  if (audience.users.includes(actor)) return true;
  for (const group of audience.usergroups) {
    try {
      if ((await deps.membersOf(group)).includes(actor)) return true;
    } catch (error) {
      deps.logger.warn({ err: error, usergroup: group }, 'operators: cannot read user group members');
    }
  }
  return false;
}

/** Refused because the binding's `operators` do not name the person: nothing was run. */
export class NotOperatorError extends UserError {
  constructor(
    readonly runbookId: string,
    readonly operators: OperatorAudience,
  ) {
    super(
      'forbidden',
      `only the operators of ${runbookId} may run its sections; nothing was run.`,
      'ask one of them, or add yourself to operators in the binding',
    );
  }
}

export function isNotOperator(error: unknown): error is NotOperatorError {
  return error instanceof NotOperatorError;
}

/** The access of `actor`, or NotOperatorError when they may not run sections of this runbook at all. */
export async function assertMayRun(
  deps: AccessDeps,
  bound: { runbook: { id: string }; binding: Binding },
  actor: string,
  needs: { sensitive?: boolean } = {},
): Promise<RunAccess> {
  const access = await decideRunAccess(deps, bound.binding, actor, needs);
  if (!access.run) {
    const operators = bound.binding.operators ?? { users: [], usergroups: [] };
    throw new NotOperatorError(bound.runbook.id, {
      users: [...operators.users, ...bound.binding.approvers.users],
      usergroups: [...operators.usergroups, ...bound.binding.approvers.usergroups],
    });
  }
  return access;
}

const silentLogger = { warn: () => undefined } as unknown as CoreDeps['logger'];
