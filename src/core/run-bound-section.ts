import { runSection } from '../exec/run-section.ts';
import { selectWaitChecks } from '../exec/select-wait-checks.ts';
import type { SectionRun, StepResult } from '../exec/step-result.ts';
import type { Section } from '../runbook/model.ts';
import type { BoundRunbook } from './catalog.ts';
import type { CoreDeps } from './core-deps.ts';

/**
 * Runs a section of a runbook on its host with the runbook's runner (workdir, redaction), the
 * binding's wait checks and suggestion keywords, counting every step in the metrics. Records
 * nothing else: callers decide what goes in the timeline.
 */
export async function runBoundSection(
  deps: Pick<CoreDeps, 'runnerFor' | 'clock' | 'metrics'>,
  bound: BoundRunbook,
  section: Section,
  approved: boolean,
  /** Also told about each step as it finishes (the CLI's progress lines). */
  onStepDone?: (result: StepResult) => void,
): Promise<SectionRun> {
  const prepared = await deps.runnerFor(bound);
  return runSection({
    runbook: bound.runbook,
    section,
    runner: prepared.runner,
    clock: deps.clock,
    context: { workdir: prepared.workdir },
    approved,
    waitChecks: selectWaitChecks(bound.runbook, bound.binding),
    binding: bound.binding,
    onStepDone: (result) => {
      deps.metrics.stepFinished(bound.runbook.id, result.status, result.durationMs);
      onStepDone?.(result);
    },
  });
}
