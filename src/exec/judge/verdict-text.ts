import type { VerdictDetail } from '../step-result.ts';

/** The English fallback text of a verdict (renderers localise from the detail instead). */
export function describeVerdict(detail: VerdictDetail): string {
  switch (detail.kind) {
    case 'ok':
      return 'ok';
    case 'matched':
      return detail.got;
    case 'expected_got':
      return `expected ${detail.expected}, got ${detail.got ?? 'no output'}`;
    case 'exit_code':
      return detail.line === null ? `exit code ${detail.code}` : `exit code ${detail.code}: ${detail.line}`;
    case 'no_match':
      return 'no matching lines';
    case 'log_summary':
      return `${detail.lines} ${plural(detail.lines, 'line')}, ${detail.errorLines} with errors`;
    case 'not_found':
      return `command not found: ${detail.program}`;
    case 'bad_cwd':
      return `working directory not found: ${detail.cwd}`;
    case 'spawn_error':
      return `could not start: ${detail.message}`;
    case 'timeout':
      return `timed out after ${formatSeconds(detail.ms)}`;
    case 'skipped':
      return `skipped: ${detail.reason}`;
    case 'needs_approval':
      return 'skipped: needs approval';
    case 'needs_operator':
      return 'not run: it may print secrets, and only operators and approvers may run it';
    case 'after_failure':
      return `skipped: earlier change step ${detail.stepId} failed`;
    case 'healthy_after':
      return `healthy after ${detail.seconds} s`;
    case 'not_healthy_after':
      return `not healthy after ${detail.seconds} s`;
    case 'waited':
      return `waited ${detail.seconds} s (no health checks)`;
  }
}

function plural(count: number, word: string): string {
  return count === 1 ? word : `${word}s`;
}

function formatSeconds(ms: number): string {
  const seconds = ms / 1000;
  return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)} s`;
}
