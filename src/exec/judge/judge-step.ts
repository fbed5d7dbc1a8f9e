import type { CommandStep } from '../../runbook/model.ts';
import { outputPipeline, type PipelineCommand } from '../../runbook/risk/output-pipeline.ts';
import type { StepStatus, VerdictDetail } from '../step-result.ts';
import { expectedHttpStatus, visibleHttpStatus } from './http-status.ts';
import { judgeBuiltIn } from './judge-built-in.ts';
import { judgeComposePs } from './judge-compose-ps.ts';
import { judgeHostCheck } from './judge-host-check.ts';
import { writtenOutHttpCode } from './judge-http-code.ts';
import { judgeListening } from './judge-listening.ts';
import { checkExpectation, findMatchingLine } from './match-expectation.ts';
import { pickRelevantLine, trimGot } from './pick-relevant-line.ts';
import { summarizeLogs } from './summarize-logs.ts';

export interface StepOutcome {
  exitCode: number | null;
  timedOut: boolean;
  timeoutMs: number;
  /** Redacted output, stdout and stderr interleaved. */
  output: string;
}

export interface Judgement {
  status: StepStatus;
  detail: VerdictDetail;
}

const GREP = new Set(['grep', 'egrep', 'fgrep', 'rg', 'zgrep']);
const CONTAINER_CLIS = new Set(['docker', 'docker-compose', 'podman', 'kubectl', 'oc']);

/**
 * What a run of `step` means (docs/ARCHITECTURE.md, "Verdicts"): expectations, grep, logs, missing
 * programs; where the runbook wrote no expectation, the built-in judges (HTTP codes, pods, systemd,
 * listening sockets).
 */
export function judgeStep(step: CommandStep, outcome: StepOutcome): Judgement {
  const { output, exitCode } = outcome;
  if (outcome.timedOut) return { status: 'timeout', detail: { kind: 'timeout', ms: outcome.timeoutMs } };
  const missing = exitCode !== 0 ? missingProgram(output, exitCode) : null;
  if (missing !== null) return { status: 'error', detail: { kind: 'not_found', program: missing } };

  // which tools ran, from the bash syntax tree of what ran (the risk classifier's front end)
  const pipeline = outputPipeline(step.runs ?? step.command);
  const programs = pipeline.map((command) => command.program);
  const endsInGrep = GREP.has(programs.at(-1) ?? '');
  const notListening = exitCode === 0 || exitCode === 1 ? judgeListening(pipeline, output) : null;
  if (notListening) return notListening;
  if (endsInGrep && exitCode === 1 && output.trim().length === 0) {
    return { status: 'info', detail: { kind: 'no_match' } };
  }
  const hostCheck = judgeHostCheck(pipeline, step.expect, outcome);
  if (hostCheck) return hostCheck;
  const understood = step.expectation;
  if (understood && understood.kind !== 'text' && understood.kind !== 'contains' && step.expect !== null) {
    // prose expectations ("at least one IP address", "non-empty") are checked for what they mean
    const { met, line } = checkExpectation(understood, outcome.output);
    if (met && exitCode === 0)
      return { status: 'pass', detail: { kind: 'matched', expected: step.expect, got: trimGot(line ?? '') } };
    return {
      status: 'fail',
      detail: {
        kind: 'expected_got',
        expected: step.expect,
        got: line === null ? (lastLine(outcome.output) ?? `exit code ${exitCode}`) : trimGot(line),
      },
    };
  }
  if (step.expect !== null && step.expect.trim().length > 0) {
    return judgeExpectation(step.expect, programs, outcome, writtenOutHttpCode(pipeline, output));
  }
  const builtIn = judgeBuiltIn(pipeline, outcome);
  if (builtIn) return builtIn;
  if (exitCode !== 0) return failedExit(exitCode, output);
  const composePs = judgeComposePs(pipeline, output);
  if (composePs) return composePs;
  if (isLogsCommand(pipeline[0])) {
    const summary = summarizeLogs(output);
    return { status: endsInGrep ? 'pass' : 'info', detail: { kind: 'log_summary', ...summary } };
  }
  return { status: 'pass', detail: { kind: 'ok' } };
}

function judgeExpectation(
  expected: string,
  programs: string[],
  outcome: StepOutcome,
  writtenOut: number | null,
): Judgement {
  const { output, exitCode } = outcome;
  const wantedStatus = expectedHttpStatus(expected);
  if (wantedStatus !== null && programs.some((program) => program === 'curl' || program === 'wget')) {
    const seen = writtenOut ?? visibleHttpStatus(output);
    if (exitCode === 0 && (seen === null || seen === wantedStatus)) {
      return { status: 'pass', detail: { kind: 'matched', expected, got: `HTTP ${seen ?? wantedStatus}` } };
    }
    const got = seen !== null ? `HTTP ${seen}` : (lastLine(output) ?? `exit code ${exitCode}`);
    return { status: 'fail', detail: { kind: 'expected_got', expected, got } };
  }
  const line = findMatchingLine(expected, output);
  if (line !== null && exitCode === 0) {
    return {
      status: 'pass',
      detail: { kind: 'matched', expected, got: pickRelevantLine(expected, output, line) ?? '' },
    };
  }
  return {
    status: 'fail',
    detail: { kind: 'expected_got', expected, got: pickRelevantLine(expected, output) },
  };
}

function failedExit(exitCode: number | null, output: string): Judgement {
  return { status: 'fail', detail: { kind: 'exit_code', code: exitCode ?? -1, line: lastLine(output) } };
}

/**
 * `bash: line 1: journalctl: command not found` -> `journalctl`. Under pipefail a missing
 * program early in a pipeline may exit 1 (the grep after it), so bash's own message decides;
 * `../x: No such file or directory` counts only with exit 127.
 */
function missingProgram(output: string, exitCode: number | null): string | null {
  const notFound = /^bash: (?:line \d+: )?([^\s:]+): command not found\s*$/m.exec(output);
  if (notFound) return notFound[1]!;
  if (exitCode !== 127) return null;
  const noFile = /^bash: (?:line \d+: )?([^\s:]+): No such file or directory\s*$/m.exec(output);
  return noFile ? noFile[1]! : null;
}

/** `journalctl …`, `docker logs …`, `docker compose logs …`, `kubectl logs …` first in the pipeline. */
function isLogsCommand(first: PipelineCommand | undefined): boolean {
  if (first === undefined) return false;
  return first.program === 'journalctl' || (CONTAINER_CLIS.has(first.program) && first.args.includes('logs'));
}

function lastLine(output: string): string | null {
  const lines = output.split('\n').filter((line) => line.trim().length > 0);
  const last = lines.at(-1);
  return last === undefined ? null : trimGot(last);
}
