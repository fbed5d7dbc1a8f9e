import type { PipelineCommand } from '../../runbook/risk/output-pipeline.ts';
import type { Judgement } from './judge-step.ts';
import { trimGot } from './pick-relevant-line.ts';
import { summarizeLogs } from './summarize-logs.ts';

/** `docker logs`, `docker compose logs`, `docker-compose logs`, `podman logs`. */
const CONTAINER_CLIS = new Set(['docker', 'docker-compose', 'podman']);
/** How the last words of a process that died look in its log (npm/pnpm/yarn, Compose, the kernel). */
const DIED =
  /\bELIFECYCLE\b|\bCommand failed with exit code [1-9]\d*|\bexited with code [1-9]\d*|\bKilled\b|Segmentation fault|JavaScript heap out of memory/i;
/** Only the end of the log says how the process is now: a crash followed by a new boot is history. */
const LAST_LINES = 3;

/**
 * `docker compose logs SERVICE` (alone in its pipeline, no expectation) whose last lines are the
 * process dying is a failure, not information: the service crashed and is not running. The
 * verdict keeps the log summary, with the dying line as the last sample (it is the evidence that
 * points to "container does not start"). Null otherwise.
 */
export function judgeCrashedLogs(pipeline: readonly PipelineCommand[], output: string): Judgement | null {
  const only = pipeline.length === 1 ? pipeline[0]! : null;
  if (only === null || !CONTAINER_CLIS.has(only.program) || !only.args.includes('logs')) return null;
  const lines = output.split('\n').filter((line) => line.trim().length > 0);
  const died = lines.slice(-LAST_LINES).findLast((line) => DIED.test(line));
  if (died === undefined) return null;
  const summary = summarizeLogs(output);
  const last = trimGot(died);
  const samples = [...summary.samples.filter((sample) => sample !== last).slice(-2), last];
  const errorLines = summary.samples.includes(last) ? summary.errorLines : summary.errorLines + 1;
  return { status: 'fail', detail: { kind: 'log_summary', lines: summary.lines, errorLines, samples } };
}
