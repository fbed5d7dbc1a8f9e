import type { Binding } from '../runbook/binding/binding-schema.ts';
import type { Runbook } from '../runbook/model.ts';

/** What the doctor needs to know about one runbook and its binding. */
export interface DoctorRunbook {
  id: string;
  /** Command text of every step, once each. */
  commands: string[];
  /** Working directories the steps run in. */
  workdirs: string[];
  /** Roles the escalation rules notify (runbook and binding). */
  rolesUsed: string[];
  /** Roles the binding maps to at least one Slack user or group. */
  rolesMapped: string[];
}

type BindingPart = Pick<Binding, 'roles' | 'escalation'> & { workdir?: string | undefined };

/** Sections repeat their sub-sections' steps: collect each step once, by id. */
export function doctorRunbookFrom(runbook: Runbook, binding: BindingPart | null): DoctorRunbook {
  const commands = new Map<string, string>();
  const workdirs = new Set<string>();
  for (const section of runbook.sections) {
    for (const step of section.steps) {
      if (step.kind !== 'command' || step.skip) continue;
      commands.set(step.id, step.command);
      if (step.cwd) workdirs.add(step.cwd);
    }
  }
  // The binding's workdir replaces the runbook's `cd` for every step.
  if (binding?.workdir) {
    workdirs.clear();
    workdirs.add(binding.workdir);
  }
  const rolesUsed = new Set(runbook.escalation.flatMap((rule) => rule.notify));
  for (const rule of binding?.escalation ?? []) for (const role of rule.notify) rolesUsed.add(role);
  const rolesMapped = Object.entries(binding?.roles ?? {})
    .filter(([, audience]) => audience.users.length + audience.usergroups.length > 0)
    .map(([role]) => role);
  return {
    id: runbook.id,
    commands: [...commands.values()],
    workdirs: [...workdirs],
    rolesUsed: [...rolesUsed],
    rolesMapped,
  };
}
