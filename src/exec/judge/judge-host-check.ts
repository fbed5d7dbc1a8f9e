import type { PipelineCommand } from '../../runbook/risk/output-pipeline.ts';
import { judgeComposePs } from './judge-compose-ps.ts';
import { judgeCrashedLogs } from './judge-crashed-logs.ts';
import { judgeDiskUsage } from './judge-disk-usage.ts';
import type { Judgement, StepOutcome } from './judge-step.ts';

/**
 * What the host's state means beyond the exit code, for commands an on-call reads by eye:
 * a `compose ps SERVICE` table with no row (the service is not running, whatever the expectation
 * said), and, when the runbook wrote no expectation, a full disk in `df` and a service whose
 * logs end with it dying. Null: the ordinary verdict applies.
 */
export function judgeHostCheck(
  pipeline: readonly PipelineCommand[],
  expect: string | null,
  outcome: StepOutcome,
): Judgement | null {
  if (outcome.exitCode !== 0) return null;
  const notListed = notRunning(pipeline, expect, outcome.output);
  if (notListed) return notListed;
  if (expect !== null && expect.trim().length > 0) return null;
  return judgeDiskUsage(pipeline, outcome.output) ?? judgeCrashedLogs(pipeline, outcome.output);
}

function notRunning(
  pipeline: readonly PipelineCommand[],
  expect: string | null,
  output: string,
): Judgement | null {
  const hasRow = output.split('\n').some((line) => line.trim() && !/^NAME\s+/.test(line));
  if (hasRow) return null;
  const judged = judgeComposePs(pipeline, output);
  if (judged?.detail.kind !== 'expected_got') return null;
  const expected = expect?.trim() || judged.detail.expected;
  return { status: 'fail', detail: { ...judged.detail, expected } };
}
