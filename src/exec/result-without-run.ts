import type { CommandStep } from '../runbook/model.ts';
import type { StepResult, StepStatus, VerdictDetail } from './step-result.ts';

/** The result of a command step that did not run: skipped, refused, bad cwd, could not start. */
export function resultWithoutRun(
  step: CommandStep,
  status: StepStatus,
  detail: VerdictDetail,
  durationMs = 0,
): StepResult {
  return {
    stepId: step.id,
    title: step.title,
    command: step.command,
    risk: step.risk,
    status,
    exitCode: null,
    timedOut: false,
    durationMs,
    output: '',
    outputTruncated: false,
    droppedBytes: 0,
    expect: step.expect,
    detail,
  };
}
