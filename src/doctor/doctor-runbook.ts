import { pagerKeyEnv, pagerName, pagerTargetsOf } from '../core/pages/page-types.ts';
import { type SshTarget, sshTargetOf } from '../exec/targets/ssh-target.ts';
import { rolePagers } from '../runbook/alerts/alert-rule-section.ts';
import type { Binding } from '../runbook/binding/binding-schema.ts';
import type { Runbook } from '../runbook/model.ts';
import type { PagerKey } from './check-pager-keys.ts';

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
  /** The binding's SSH targets (probed by doctor over SSH; their workdirs are not on this host). */
  sshTargets?: SshTarget[];
  /** Pagers of the binding's roles: the variables their keys must be in. */
  pagerKeys?: PagerKey[];
  /** How many `alerts:` rules the binding has. */
  alertRules?: number;
}

type BindingPart = Pick<Binding, 'roles' | 'escalation'> & {
  alerts?: Binding['alerts'];
  workdir?: string | undefined;
  targets?: Binding['targets'];
};

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
  const sshTargets = Object.entries(binding?.targets ?? {}).flatMap(([name, spec]) => {
    const target = sshTargetOf(name, { ...spec, workdir: spec.workdir ?? binding?.workdir });
    return target ? [target] : [];
  });
  // Steps run on the SSH targets: their workdirs are checked there, not on this host.
  if (sshTargets.length > 0) workdirs.clear();
  const rolesUsed = new Set(runbook.escalation.flatMap((rule) => rule.notify));
  for (const rule of binding?.escalation ?? []) for (const role of rule.notify) rolesUsed.add(role);
  const rolesMapped = Object.entries(binding?.roles ?? {})
    .filter(([, role]) => role.users.length + role.usergroups.length + rolePagers(role).length > 0)
    .map(([role]) => role);
  const pagerKeys = Object.entries(binding?.roles ?? {}).flatMap(([role, config]) =>
    pagerTargetsOf(config).map((target) => ({
      runbook: runbook.id,
      role,
      pager: pagerName(target),
      env: pagerKeyEnv(target),
    })),
  );
  return {
    id: runbook.id,
    commands: [...commands.values()],
    workdirs: [...workdirs],
    rolesUsed: [...rolesUsed],
    rolesMapped,
    sshTargets,
    pagerKeys,
    alertRules: binding?.alerts?.length ?? 0,
  };
}
