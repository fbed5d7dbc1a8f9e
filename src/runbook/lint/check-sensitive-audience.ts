import type { Binding } from '../binding/binding-schema.ts';
import type { Runbook } from '../model.ts';
import { type Problem, warning } from '../problem.ts';

/**
 * A runbook with `sensitive` steps (they may print secrets) whose binding names no operators and no
 * approvers: in Slack those steps run for nobody (they are never open to everyone), so say so.
 */
export function checkSensitiveAudience(runbook: Runbook, binding: Binding | null, yml: string): Problem[] {
  const sensitive = runbook.sections
    .flatMap((section) => section.steps)
    .filter((step) => step.kind === 'command' && step.risk === 'sensitive' && step.skip === undefined);
  const first = sensitive[0];
  if (!first) return [];
  const named =
    (binding?.operators?.users.length ?? 0) +
    (binding?.operators?.usergroups.length ?? 0) +
    (binding?.approvers.users.length ?? 0) +
    (binding?.approvers.usergroups.length ?? 0);
  if (named > 0) return [];
  const ids = [...new Set(sensitive.map((step) => step.id))];
  const count = ids.length === 1 ? 'a sensitive step' : `${ids.length} sensitive steps`;
  return [
    warning(
      runbook.file,
      first.line,
      `${count} (${ids.slice(0, 3).join(', ')}${ids.length > 3 ? ', …' : ''}) may print secrets, and ${yml} names no operators or approvers, so nobody may run them from Slack`,
      `add to ${yml}: operators: { users: [U…] } (or approvers); the terminal (runbook-bot run) always may`,
    ),
  ];
}
