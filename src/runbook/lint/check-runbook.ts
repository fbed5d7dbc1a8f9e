import { basename } from 'node:path';
import { rolePagers } from '../alerts/alert-rule-section.ts';
import type { Binding } from '../binding/binding-schema.ts';
import type { CommandStep, Runbook } from '../model.ts';
import { checkStepParams } from '../params/check-step-params.ts';
import { looksLikeCommand } from '../parse/looks-like-output.ts';
import { note, type Problem, warning } from '../problem.ts';
import { checkSensitiveAudience } from './check-sensitive-audience.ts';

/**
 * Warnings about a runbook as it will run (binding applied when valid): nothing to run, roles
 * nobody is mapped to, and steps that are `change` only because no rule knew the command.
 */
export function checkRunbook(
  runbook: Runbook,
  binding: Binding | null,
  bindingFile: string | null,
  /** True when the binding exists but has errors: its roles are unknown, so they are not checked. */
  bindingBroken = false,
): Problem[] {
  const problems: Problem[] = [];
  const yml = bindingFile ? basename(bindingFile) : `${runbook.id}.yml`;
  if (runbook.sections.length === 0) {
    problems.push(
      warning(
        runbook.file,
        1,
        'the runbook has no headings, so no sections to run',
        'start sections with "## Title"',
      ),
    );
    return problems;
  }
  const steps = new Map<string, CommandStep>();
  for (const step of runbook.sections.flatMap((section) => section.steps)) {
    if (step.kind === 'command') steps.set(step.id, step);
  }
  if (steps.size === 0) {
    problems.push(
      warning(
        runbook.file,
        1,
        'the runbook has no command steps',
        'put commands in fenced code blocks tagged bash, sh, shell or console',
      ),
    );
  }
  for (const finding of runbook.findings ?? []) {
    const make = finding.level === 'note' ? note : warning;
    problems.push(make(runbook.file, finding.line, finding.message, finding.hint));
  }
  problems.push(...checkStepParams(runbook, bindingBroken ? null : binding, yml));
  for (const step of steps.values()) {
    if (step.riskRecognised || step.skip !== undefined) continue;
    if (!looksLikeCommand(step.command)) {
      problems.push(
        warning(
          runbook.file,
          step.line,
          `step "${step.id}" does not read like a command ("${step.command.slice(0, 60)}"), yet it would run as one`,
          `if it is sample output, put it in a \`\`\`text fence; if it must not run, add to ${yml}: steps: { ${step.id}: { skip: "why" } }`,
        ),
      );
      continue;
    }
    problems.push(
      warning(
        runbook.file,
        step.line,
        `step "${step.id}" counts as a change only because nothing recognised it (${step.riskReason})`,
        `if it only reads, add to ${yml}: steps: { ${step.id}: { risk: read } }`,
      ),
    );
  }
  if (bindingBroken) return problems;
  problems.push(...checkSensitiveAudience(runbook, binding, yml));
  // Same matching as the ping (name ignoring case and spaces); a role mapped to nobody is unmapped.
  const mapped = new Set(
    Object.entries(binding?.roles ?? {})
      .filter(([, role]) => role.users.length + role.usergroups.length + rolePagers(role).length > 0)
      .map(([name]) => roleKey(name)),
  );
  const reported = new Set<string>();
  for (const rule of runbook.escalation) {
    for (const role of rule.notify) {
      if (mapped.has(roleKey(role)) || reported.has(role)) continue;
      reported.add(role);
      problems.push(
        warning(
          runbook.file,
          rule.line,
          `role "${role}" has no Slack mapping, so nobody will be notified`,
          `add to ${yml}: roles: { ${role}: { users: [U…] } }`,
        ),
      );
    }
  }
  return problems;
}

function roleKey(name: string): string {
  return name.trim().toLowerCase();
}
