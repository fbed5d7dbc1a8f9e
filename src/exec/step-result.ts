import type { Risk } from '../runbook/model.ts';

/**
 * One result shape for every outcome of a step (execa style; docs/ARCHITECTURE.md, "Verdicts").
 * `pass`: exit 0 and the expectation met. `fail`: ran, but non-zero exit or expectation not met.
 * `info`: nothing to judge (a grep that found nothing). `error`: could not run (command not found,
 * bad cwd). `timeout`: killed at its timeout. `skipped`: the binding says skip, or not approved.
 */
export type StepStatus = 'pass' | 'fail' | 'info' | 'error' | 'timeout' | 'skipped';

export interface StepResult {
  stepId: string;
  title: string;
  /** The command text, or `wait ≤ 60 s for health` for a wait step. */
  command: string;
  risk: Risk | 'wait';
  status: StepStatus;
  exitCode: number | null;
  timedOut: boolean;
  durationMs: number;
  /** Redacted, capped output (stdout and stderr interleaved). */
  output: string;
  outputTruncated: boolean;
  /** Bytes dropped from the middle of the output by the cap. */
  droppedBytes: number;
  expect: string | null;
  /**
   * The verdict as data. Its text ("expected Up (healthy), got Up 12 minutes (unhealthy)") is made
   * only when rendering, in the reader's language: `render/common/describe-verdict.ts`.
   */
  detail: VerdictDetail;
}

/** What the verdict says, as data (renderers turn it into pt-BR, English or Spanish). */
export type VerdictDetail =
  | { kind: 'ok' }
  | { kind: 'matched'; expected: string; got: string }
  | { kind: 'expected_got'; expected: string; got: string | null }
  | { kind: 'exit_code'; code: number; line: string | null }
  | { kind: 'no_match' }
  | { kind: 'log_summary'; lines: number; errorLines: number; samples: string[] }
  | { kind: 'not_found'; program: string }
  | { kind: 'bad_cwd'; cwd: string }
  | { kind: 'spawn_error'; message: string }
  /** It started, and the process running it ended before it did: its end is unknown. */
  | { kind: 'interrupted'; message: string }
  | { kind: 'timeout'; ms: number }
  | { kind: 'skipped'; reason: string }
  | { kind: 'needs_approval' }
  /** Parameters (`RB_…` placeholders) the step uses but nobody gave a value for. */
  | { kind: 'missing_params'; names: string[] }
  /** A `sensitive` step (may print secrets) asked for by someone who is not an operator or approver. */
  | { kind: 'needs_operator' }
  | { kind: 'after_failure'; stepId: string }
  | { kind: 'healthy_after'; seconds: number }
  | {
      kind: 'not_healthy_after';
      seconds: number;
      /** The checks still failing, as data. */
      failingChecks: { title: string; detail: VerdictDetail }[];
      /** Records written before `failingChecks`: "title: English verdict" per check. Never written now. */
      failing?: string[];
    }
  | { kind: 'waited'; seconds: number };

export interface Suggestion {
  sectionId: string;
  title: string;
  /** The output line that points there (redacted). */
  evidence: string;
}

export interface SectionRun {
  runbook: string;
  section: string;
  sectionTitle: string;
  startedAt: string;
  durationMs: number;
  steps: StepResult[];
  suggestions: Suggestion[];
}
