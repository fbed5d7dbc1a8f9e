import type { StepResult } from '../../exec/step-result.ts';
import { englishVerdict } from '../../render/common/describe-verdict.ts';
import type { CommandStep } from '../../runbook/model.ts';
import type { DriftFinding, UncheckedStep } from './drift-report.ts';

/** How another program says it found no such command: a container runtime, env, sudo, kubectl exec. */
const INNER_NOT_FOUND =
  /executable file not found|command not found|no such file or directory: unknown|sudo: [^:\n]+: command not found|OCI runtime exec failed/i;

const MAX_GOT = 200;

/**
 * What one finished read step says about drift: nothing (it passed, or had nothing to judge), a
 * finding (the host no longer matches the runbook), or a step that could not be checked (a value
 * it needs has no default; the binding skips it).
 */
export function stepDrift(
  step: CommandStep,
  result: StepResult,
): { finding: DriftFinding } | { unchecked: UncheckedStep } | null {
  const base = {
    subject: step.id,
    title: result.title,
    command: result.command,
    expected: step.expect ?? 'exit code 0',
    line: step.line,
  };
  const detail = result.detail;
  switch (result.status) {
    case 'pass':
    case 'info':
      return null;
    case 'skipped':
      return { unchecked: { stepId: step.id, title: result.title, reason: verdictOf(result) } };
    case 'timeout':
      return { finding: { ...base, kind: 'expectation-failed', got: `no answer within ${seconds(detail)}` } };
    case 'error':
      if (detail?.kind === 'not_found')
        return {
          finding: {
            ...base,
            kind: 'program-missing',
            expected: `${detail.program} installed`,
            got: verdictOf(result),
          },
        };
      if (detail?.kind === 'bad_cwd')
        return {
          finding: {
            ...base,
            kind: 'workdir-missing',
            expected: `directory ${detail.cwd}`,
            got: 'does not exist',
          },
        };
      // a value with no default, or values that cannot be given safely: not the host's fault
      if (detail?.kind === 'skipped')
        return { unchecked: { stepId: step.id, title: result.title, reason: detail.reason } };
      if (detail?.kind === 'missing_params')
        return {
          unchecked: {
            stepId: step.id,
            title: result.title,
            reason: `needs a value for ${detail.names.join(', ')}`,
          },
        };
      return { finding: { ...base, kind: 'expectation-failed', got: clip(verdictOf(result)) } };
    case 'fail':
      if (result.exitCode === 127 || (result.exitCode !== 0 && INNER_NOT_FOUND.test(result.output)))
        return { finding: { ...base, kind: 'command-not-found', got: clip(notFoundLine(result)) } };
      return { finding: { ...base, kind: 'expectation-failed', got: clip(cameBack(result)) } };
  }
}

function seconds(detail: StepResult['detail']): string {
  return detail?.kind === 'timeout' ? `${Math.round(detail.ms / 1000)} s` : 'its timeout';
}

function notFoundLine(result: StepResult): string {
  const line = result.output
    .split('\n')
    .find((text) => INNER_NOT_FOUND.test(text) || /not found/i.test(text));
  return (line ?? verdictOf(result)).trim();
}

function clip(text: string): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > MAX_GOT ? `${one.slice(0, MAX_GOT - 1)}…` : one;
}

/** The English verdict line: drift reports are read by operators and scripts, like `run --json`. */
function verdictOf(result: StepResult): string {
  return englishVerdict(result.detail);
}

/** Only what came back ("Up 3 minutes (unhealthy)", "exit code 22: …"): the expectation has its own column. */
function cameBack(result: StepResult): string {
  const detail = result.detail;
  if (detail.kind === 'expected_got') return detail.got ?? '(no output)';
  return verdictOf(result);
}
