import type { BoundRunbook } from '../catalog.ts';
import { diagnoseSection, findSection, verifySection } from '../catalog.ts';
import type { DriftFinding } from './drift-report.ts';

/**
 * Drift that needs no host: sections the bot would run that have nothing left to run, and roles
 * the escalation notifies that reach nobody.
 */
export function staticDrift(bound: BoundRunbook): DriftFinding[] {
  return [...sectionsWithoutRunnableSteps(bound), ...unmappedRoles(bound)];
}

/**
 * A section is used when the binding names it (a subcommand, `verify`, `rollback`) or it is the
 * diagnose section. It is runnable when at least one command step is neither skipped by the
 * binding nor refused for its parameters. A section with only change steps still runs (with an
 * approval), so it counts.
 */
export function sectionsWithoutRunnableSteps(bound: BoundRunbook): DriftFinding[] {
  const { runbook, binding } = bound;
  const used = new Map<string, string>();
  for (const [word, id] of Object.entries(binding.subcommands)) used.set(id, `subcommand "${word}"`);
  const verify = verifySection(bound);
  if (verify && !used.has(verify.id)) used.set(verify.id, 'the verification after a change');
  if (binding.rollback && !used.has(binding.rollback)) used.set(binding.rollback, 'rollback');
  const diagnose = diagnoseSection(bound);
  if (diagnose && !used.has(diagnose.id)) used.set(diagnose.id, 'diagnose');

  const findings: DriftFinding[] = [];
  for (const [id, usedAs] of used) {
    const section = findSection(runbook, id);
    if (!section) continue; // an unknown id is a binding error: lint refuses it before drift runs
    const commands = section.steps.filter((step) => step.kind === 'command');
    const runnable = commands.filter((step) => step.skip === undefined && step.paramsRefused === undefined);
    if (runnable.length > 0) continue;
    const skipped = commands.length - runnable.length;
    findings.push({
      kind: 'section-without-runnable-steps',
      subject: section.id,
      title: section.title,
      expected: `at least one step to run (${usedAs})`,
      got:
        commands.length === 0
          ? 'no command block in the section'
          : `all ${skipped} step${skipped === 1 ? '' : 's'} skipped or refused`,
      line: section.line,
    });
  }
  return findings;
}

/** Roles named by the escalation (runbook and binding) with no binding entry, or an empty one. */
export function unmappedRoles(bound: BoundRunbook): DriftFinding[] {
  const { runbook, binding } = bound;
  const mapped = new Map(
    Object.entries(binding.roles).map(([name, role]) => [name.trim().toLowerCase(), reachesSomeone(role)]),
  );
  const findings: DriftFinding[] = [];
  const seen = new Set<string>();
  const rules = [
    ...runbook.escalation.map((rule) => ({ notify: rule.notify, line: rule.line as number | undefined })),
    ...binding.escalation.map((rule) => ({ notify: rule.notify, line: undefined })),
  ];
  for (const rule of rules) {
    for (const role of rule.notify) {
      const key = role.trim().toLowerCase();
      if (seen.has(key)) continue;
      seen.add(key);
      const state = mapped.get(key);
      if (state === true) continue;
      findings.push({
        kind: 'role-unmapped',
        subject: role,
        title: role,
        expected: `a Slack mapping under roles: in the binding`,
        got: state === false ? 'mapped to nobody' : 'no entry',
        ...(rule.line !== undefined ? { line: rule.line } : {}),
      });
    }
  }
  return findings;
}

/** Slack users or groups, or a pager (pagerduty, opsgenie, webhook) when the binding has them. */
function reachesSomeone(role: Record<string, unknown>): boolean {
  return Object.values(role).some((value) =>
    Array.isArray(value)
      ? value.length > 0
      : value !== undefined && value !== null && typeof value === 'object',
  );
}
