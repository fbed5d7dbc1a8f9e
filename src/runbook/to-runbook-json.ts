import type { Runbook, Step } from './model.ts';
import { changeGroupsOf, isStagedProcedure } from './procedure-groups.ts';

/**
 * The step as `inspect --json` prints it (docs/ARCHITECTURE.md, "The runbook model"); binding fixes
 * appear only when set.
 */
function stepJson(step: Step) {
  if (step.kind === 'wait') return { kind: step.kind, id: step.id, title: step.title, seconds: step.seconds };
  return {
    kind: step.kind,
    id: step.id,
    title: step.title,
    command: step.command,
    cwd: step.cwd,
    expect: step.expect,
    ...(step.expectation !== undefined ? { expectation: step.expectation } : {}),
    risk: step.risk,
    ...(step.params !== undefined ? { params: step.params } : {}),
    ...(step.stdin !== undefined ? { stdin: step.stdin } : {}),
    ...(step.timeoutMs !== undefined ? { timeoutMs: step.timeoutMs } : {}),
    ...(step.skip !== undefined ? { skip: step.skip } : {}),
  };
}

/** The runbook model in the exact JSON shape `inspect --json` prints (docs/ARCHITECTURE.md, "The runbook model"). */
export function toRunbookJson(runbook: Runbook) {
  return {
    title: runbook.title,
    sections: runbook.sections.map((section) => ({
      id: section.id,
      title: section.title,
      level: section.level,
      parent: section.parent,
      steps: section.steps.map(stepJson),
      // Only where the changes are split by reads: one approval per group, in order.
      ...(isStagedProcedure(section) ? { changeGroups: changeGroupsOf(section) } : {}),
    })),
    escalation: runbook.escalation.map((rule) => ({
      afterMinutes: rule.afterMinutes,
      condition: rule.condition,
      notify: rule.notify,
      checklist: rule.checklist,
    })),
    template: runbook.template.map((field) => ({ label: field.label, fill: field.fill })),
    links: runbook.links.map((link) => ({ title: link.title, url: link.url })),
  };
}

export type RunbookJson = ReturnType<typeof toRunbookJson>;
