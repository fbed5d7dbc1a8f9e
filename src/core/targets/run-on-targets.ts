import { mapConcurrent } from '../../exec/map-concurrent.ts';
import type { StepResult } from '../../exec/step-result.ts';
import type { TargetRun } from '../../exec/targets/target-run.ts';
import type { Section } from '../../runbook/model.ts';
import type { BoundRunbook } from '../catalog.ts';
import type { CoreDeps } from '../core-deps.ts';
import type { AccessDeps } from '../run-access.ts';
import { type BoundSectionRun, runBoundSection } from '../run-bound-section.ts';

export type { TargetRun };

/** Targets run at once by default: a fleet of this size costs the slowest host, not the sum. */
export const DEFAULT_TARGET_CONCURRENCY = 16;

/**
 * Runs a section on each target in parallel (at most `concurrency` at once). Each target gets its
 * own runner (`runnerFor(bound, target)`); an SSH target is connected first, so an unreachable
 * host is reported as such (after its connect timeout) without running anything there and without
 * holding the others. Results come back in the order of `targets`.
 */
export async function runOnTargets(
  deps: Pick<CoreDeps, 'runnerFor' | 'clock' | 'metrics'> & AccessDeps,
  bound: BoundRunbook,
  section: Section,
  targets: readonly string[],
  options: Omit<BoundSectionRun, 'onStepDone'> & {
    concurrency?: number;
    onStepDone?: (target: string, result: StepResult) => void;
    onTargetDone?: (result: TargetRun) => void;
  },
): Promise<TargetRun[]> {
  return mapConcurrent(targets, options.concurrency ?? DEFAULT_TARGET_CONCURRENCY, async (target) => {
    const result = await runOnTarget(deps, bound, section, target, options);
    options.onTargetDone?.(result);
    return result;
  });
}

async function runOnTarget(
  deps: Pick<CoreDeps, 'runnerFor' | 'clock' | 'metrics'> & AccessDeps,
  bound: BoundRunbook,
  section: Section,
  target: string,
  options: Omit<BoundSectionRun, 'onStepDone'> & {
    onStepDone?: (target: string, result: StepResult) => void;
  },
): Promise<TargetRun> {
  const prepared = await deps.runnerFor(bound, target);
  const connected = prepared.connect ? await prepared.connect() : { ok: true as const };
  if (!connected.ok)
    return { target, reachable: false, reason: prepared.redactor(connected.reason), run: null };
  const run = await runBoundSection({ ...deps, runnerFor: async () => prepared }, bound, section, {
    approved: options.approved,
    actor: options.actor,
    ...(options.params ? { params: options.params } : {}),
    onStepDone: (result) => options.onStepDone?.(target, result),
  });
  return { target, reachable: true, run };
}
