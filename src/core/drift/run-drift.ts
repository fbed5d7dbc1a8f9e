import { runSection } from '../../exec/run-section.ts';
import type { StepResult } from '../../exec/step-result.ts';
import type { CommandStep, Section } from '../../runbook/model.ts';
import type { BoundRunbook } from '../catalog.ts';
import type { Clock } from '../ports.ts';
import type { PreparedRunner } from '../prepare-runner.ts';
import type { DriftFinding, DriftReport, UncheckedStep } from './drift-report.ts';
import { type LinkProbeDeps, linkDrift } from './link-drift.ts';
import { staticDrift } from './static-drift.ts';
import { stepDrift } from './step-drift.ts';

export interface DriftOptions {
  /** The runbook's prepared runner (the same as `run` uses: redaction, scrubbed env, workdir). */
  prepared: PreparedRunner;
  clock: Clock;
  /** `local` or the target name, for the report. */
  target?: string;
  /**
   * Run `sensitive` steps (read-only, but they may print secrets; their output is redacted and
   * drift shows only a one-line verdict). The terminal operator: yes, as `run` does; a scheduled
   * run that posts to a channel: no.
   */
  allowSensitive: boolean;
  /** Check the runbook's links too (network): off unless given. */
  links?: LinkProbeDeps;
  /** Steps in flight at once. Default 4. */
  concurrency?: number;
  onStepDone?: (result: StepResult) => void;
}

/**
 * Runs every read-only step of the runbook once (never a change, never a wait) through the same
 * runner and section machinery as `run`, and reports what no longer matches: failed
 * expectations, missing programs, sections with nothing to run, unmapped roles, dead links.
 */
export async function runDrift(bound: BoundRunbook, options: DriftOptions): Promise<DriftReport> {
  const { clock, prepared } = options;
  const startedAt = clock.now();
  const { reads, changes, waits, sensitiveLeftOut } = readOnlySteps(bound, options.allowSensitive);
  const unchecked: UncheckedStep[] = sensitiveLeftOut.map((step) => ({
    stepId: step.id,
    title: prepared.redactor(step.title),
    reason: 'sensitive (may print secrets): not run here',
  }));
  const findings: DriftFinding[] = [];

  await prepared.redactor.refresh?.();
  const section: Section = {
    id: `drift:${bound.runbook.id}`,
    title: `Drift of ${bound.runbook.title}`,
    level: 1,
    parent: null,
    line: 1,
    steps: reads,
  };
  const run = await runSection({
    runbook: bound.runbook,
    section,
    runner: prepared.runner,
    redact: prepared.redactor,
    clock,
    context: { workdir: prepared.workdir, params: defaultParams(bound) },
    approved: false,
    allowSensitive: options.allowSensitive,
    ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
    ...(options.onStepDone ? { onStepDone: options.onStepDone } : {}),
  });
  const byId = new Map(reads.map((step) => [step.id, step]));
  for (const result of run.steps) {
    const step = byId.get(result.stepId);
    if (!step) continue;
    const outcome = stepDrift(step, result);
    if (outcome === null) continue;
    if ('finding' in outcome) findings.push(outcome.finding);
    else unchecked.push(outcome.unchecked);
  }
  findings.push(
    ...staticDrift(bound).map((finding) => ({ ...finding, title: prepared.redactor(finding.title) })),
  );
  if (options.links)
    findings.push(...(await linkDrift(bound.runbook.file, bound.runbook.links, options.links)));

  return {
    runbook: bound.runbook.id,
    target: options.target ?? 'local',
    startedAt: new Date(startedAt).toISOString(),
    durationMs: clock.now() - startedAt,
    checked: run.steps.filter((result) => result.status !== 'skipped').length,
    leftOut: { changes, waits },
    unchecked,
    findings,
  };
}

/**
 * Each command step once (sections repeat their sub-sections' steps), in document order:
 * `read` ones, and `sensitive` ones when allowed. Changes and waits are only counted.
 */
export function readOnlySteps(
  bound: BoundRunbook,
  allowSensitive: boolean,
): { reads: CommandStep[]; changes: number; waits: number; sensitiveLeftOut: CommandStep[] } {
  const seen = new Set<string>();
  const reads: CommandStep[] = [];
  const sensitiveLeftOut: CommandStep[] = [];
  let changes = 0;
  let waits = 0;
  for (const section of bound.runbook.sections) {
    for (const step of section.steps) {
      if (seen.has(step.id)) continue;
      seen.add(step.id);
      if (step.kind === 'wait') waits++;
      else if (step.risk === 'change') changes++;
      else if (step.risk === 'sensitive' && !allowSensitive) sensitiveLeftOut.push(step);
      else reads.push(step);
    }
  }
  return { reads, changes, waits, sensitiveLeftOut };
}

/** The binding's default values: a step whose parameter has none is reported as not checked. */
function defaultParams(bound: BoundRunbook): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, spec] of Object.entries(bound.binding.params))
    if (spec.default !== undefined) values[name] = spec.default;
  return values;
}
