import type { Clock } from '../core/ports.ts';
import type { CommandStep, WaitStep } from '../runbook/model.ts';
import { mapConcurrent } from './map-concurrent.ts';
import type { RunContext, StepRunner } from './run-step.ts';
import type { StepResult, StepStatus, VerdictDetail } from './step-result.ts';

export const DEFAULT_POLL_INTERVAL_MS = 2000;

export interface RunWaitStepOptions {
  step: WaitStep;
  /** Health checks to poll; `change` steps among them are ignored. */
  checks: readonly CommandStep[];
  runner: StepRunner;
  clock: Clock;
  context?: RunContext;
  pollIntervalMs?: number;
  concurrency?: number;
}

/**
 * `sleep N` in a runbook: polls the checks until all pass or 2·N seconds have elapsed.
 * Without checks it just waits N seconds, as the runbook says.
 */
export async function runWaitStep(options: RunWaitStepOptions): Promise<StepResult> {
  const { step, clock, runner } = options;
  const startedAt = clock.now();
  const limitMs = step.seconds * 2 * 1000;
  const checks = options.checks.filter((check) => check.risk !== 'change');
  if (checks.length === 0) {
    await clock.sleep(step.seconds * 1000);
    return waitResult(step, 'info', { kind: 'waited', seconds: step.seconds }, clock.now() - startedAt, '');
  }
  for (;;) {
    const round = await mapConcurrent(checks, options.concurrency ?? 4, (check) =>
      runner.run(check, options.context),
    );
    const elapsed = clock.now() - startedAt;
    const failing = round.filter((result) => result.status !== 'pass');
    // what the last round saw; the verdict (in the reader's language) names the failing checks
    const output = round.map((result) =>
      result.status === 'pass' ? `✓ ${result.title}` : `✗ ${result.title} (${result.status})`,
    );
    if (failing.length === 0) {
      const seconds = Math.round(elapsed / 1000);
      return waitResult(step, 'pass', { kind: 'healthy_after', seconds }, elapsed, output.join('\n'));
    }
    if (elapsed >= limitMs) {
      const detail: VerdictDetail = {
        kind: 'not_healthy_after',
        seconds: Math.round(limitMs / 1000),
        failingChecks: failing.map((result) => ({ title: result.title, detail: result.detail })),
      };
      return waitResult(step, 'fail', detail, elapsed, output.join('\n'));
    }
    await clock.sleep(Math.min(options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS, limitMs - elapsed));
  }
}

/** How a wait step shows as a command: `wait ≤ 60 s for health`. */
export function waitCommand(step: WaitStep): string {
  return `wait ≤ ${step.seconds * 2} s for health`;
}

export function waitResult(
  step: WaitStep,
  status: StepStatus,
  detail: VerdictDetail,
  durationMs: number,
  output: string,
): StepResult {
  return {
    stepId: step.id,
    title: step.title,
    command: waitCommand(step),
    risk: 'wait',
    status,
    exitCode: null,
    timedOut: false,
    durationMs,
    output,
    outputTruncated: false,
    droppedBytes: 0,
    expect: null,
    detail,
  };
}
