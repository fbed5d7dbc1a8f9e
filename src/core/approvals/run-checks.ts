import { selectWaitChecks } from '../../exec/select-wait-checks.ts';
import type { StepResult } from '../../exec/step-result.ts';
import { englishVerdict } from '../../render/common/describe-verdict.ts';
import type { Section } from '../../runbook/model.ts';
import { type BoundRunbook, diagnoseSection } from '../catalog.ts';
import type { CoreDeps } from '../core-deps.ts';
import { runBoundSection } from '../run-bound-section.ts';

/**
 * The health checks shown on an approval card, run now, read-only: the steps a wait step polls
 * (binding `waitFor`, else the diagnose steps with an expectation), else the diagnose section's
 * non-change steps. Nothing is recorded in the timeline: the caller records what it decides.
 */
export async function runFreshChecks(
  deps: CoreDeps,
  bound: BoundRunbook,
  /** Who asked (requester or approver): the binding's operators and sensitive-step rules apply. */
  actor: string,
  /** The binding target the change is for: its checks run there. */
  target?: string | null,
): Promise<StepResult[]> {
  const diagnose = diagnoseSection(bound);
  const waitChecks = selectWaitChecks(bound.runbook, bound.binding);
  const steps = waitChecks.length > 0 ? waitChecks : (diagnose?.steps ?? []);
  const readOnly = steps.filter((step) => step.kind === 'command' && step.risk !== 'change');
  if (readOnly.length === 0) return [];
  const section: Section = {
    id: diagnose?.id ?? 'health-checks',
    title: diagnose?.title ?? 'Health checks',
    level: diagnose?.level ?? 2,
    parent: diagnose?.parent ?? null,
    line: diagnose?.line ?? 0,
    steps: readOnly,
  };
  const run = await runBoundSection(deps, bound, section, {
    approved: false,
    actor,
    ...(target ? { target } : {}),
  });
  return run.steps;
}

/** Every check ran and passed: the service looks healthy. */
export function allChecksPass(checks: readonly StepResult[]): boolean {
  return checks.length > 0 && checks.every((check) => check.status === 'pass');
}

/** Compact form of the checks for timeline data. */
export function checksData(checks: readonly StepResult[]): { id: string; status: string; verdict: string }[] {
  return checks.map((check) => ({
    id: check.stepId,
    status: check.status,
    verdict: englishVerdict(check.detail),
  }));
}
