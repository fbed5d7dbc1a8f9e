import type { Binding } from '../runbook/binding/binding-schema.ts';
import type { CommandStep, Runbook } from '../runbook/model.ts';

/**
 * The health checks a wait step polls: the binding's `waitFor` step ids, else the diagnose
 * section's steps that have an expectation (never `change` steps).
 */
export function selectWaitChecks(
  runbook: Runbook,
  binding?: Pick<Binding, 'waitFor' | 'subcommands'>,
): CommandStep[] {
  const steps = commandSteps(runbook);
  if (binding?.waitFor && binding.waitFor.length > 0) {
    return binding.waitFor
      .map((id) => steps.get(id))
      .filter((step): step is CommandStep => step !== undefined && step.risk !== 'change');
  }
  const diagnoseId = binding?.subcommands?.diagnose;
  const section =
    runbook.sections.find((candidate) => candidate.id === diagnoseId) ??
    runbook.sections.find((candidate) => /diagnos/.test(candidate.id));
  if (!section) return [];
  return section.steps.filter(
    (step): step is CommandStep => step.kind === 'command' && step.expect !== null && step.risk !== 'change',
  );
}

function commandSteps(runbook: Runbook): Map<string, CommandStep> {
  const steps = new Map<string, CommandStep>();
  for (const section of runbook.sections) {
    for (const step of section.steps) {
      if (step.kind === 'command') steps.set(step.id, step);
    }
  }
  return steps;
}
