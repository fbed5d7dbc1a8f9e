import type { PipelineCommand } from '../../runbook/risk/output-pipeline.ts';
import { judgeHttpCode } from './judge-http-code.ts';
import { judgeGetPods } from './judge-pods.ts';
import { judgeServiceState } from './judge-service-state.ts';
import type { Judgement, StepOutcome } from './judge-step.ts';

/**
 * Judges for reads whose output says the service is broken although the command succeeded (or
 * failed only because of it), used when the runbook wrote no expectation: the HTTP code printed
 * by `curl -w`, pods not Ready, systemd units not active. Null: the ordinary verdict applies.
 */
export function judgeBuiltIn(pipeline: readonly PipelineCommand[], outcome: StepOutcome): Judgement | null {
  const http = judgeHttpCode(pipeline, outcome.output);
  if (http) return http;
  const service = judgeServiceState(pipeline, outcome.output);
  if (service) return service;
  return outcome.exitCode === 0 ? judgeGetPods(pipeline, outcome.output) : null;
}
