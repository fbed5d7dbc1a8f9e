import { runSection } from '../exec/run-section.ts';
import { selectWaitChecks } from '../exec/select-wait-checks.ts';
import type { SectionRun, StepResult } from '../exec/step-result.ts';
import type { Section } from '../runbook/model.ts';
import type { BoundRunbook } from './catalog.ts';
import type { CoreDeps } from './core-deps.ts';
import { type AccessDeps, assertMayRun } from './run-access.ts';

export interface BoundSectionRun {
  /** Change steps run only when true (an approval was recorded). */
  approved: boolean;
  /**
   * Who runs it: a Slack user id, or `cli:<os user>` for the terminal (trusted). Decides whether
   * the section runs at all (binding `operators`) and whether its `sensitive` steps run.
   */
  actor: string;
  /** Also told about each step as it finishes (the CLI's progress lines). */
  onStepDone?: (result: StepResult) => void;
  /** Parameter values by name (already checked against the binding's rules). */
  params?: Readonly<Record<string, string>>;
  /** A binding target (`api-2`) to run on; unset: the runbook's own runner (this host). */
  target?: string | null;
}

/**
 * Runs a section of a runbook on its host with the runbook's runner (workdir, redaction), the
 * binding's wait checks and suggestion keywords, counting every step in the metrics. Refuses
 * (NotOperatorError, nothing runs) when the binding's operators do not include the actor; skips
 * `sensitive` steps unless the actor is an operator or approver. Records nothing else: callers
 * decide what goes in the timeline.
 */
export async function runBoundSection(
  deps: Pick<CoreDeps, 'runnerFor' | 'clock' | 'metrics'> & AccessDeps,
  bound: BoundRunbook,
  section: Section,
  options: BoundSectionRun,
): Promise<SectionRun> {
  const sensitive = section.steps.some(
    (step) => step.kind === 'command' && step.risk === 'sensitive' && step.skip === undefined,
  );
  const access = await assertMayRun(deps, bound, options.actor, { sensitive });
  const prepared = options.target ? await deps.runnerFor(bound, options.target) : await deps.runnerFor(bound);
  // A rotated `.env` secret is redacted from this run on (a stat per file when nothing changed).
  await prepared.redactor.refresh?.();
  return runSection({
    runbook: bound.runbook,
    section,
    runner: prepared.runner,
    redact: prepared.redactor,
    clock: deps.clock,
    context: { workdir: prepared.workdir, ...(options.params ? { params: options.params } : {}) },
    approved: options.approved,
    allowSensitive: access.sensitive,
    waitChecks: selectWaitChecks(bound.runbook, bound.binding),
    binding: bound.binding,
    onStepDone: (result) => {
      deps.metrics.stepFinished(bound.runbook.id, result.status, result.durationMs);
      options.onStepDone?.(result);
    },
  });
}
