/**
 * What `runbook-bot drift` finds (README "Runbooks that do not rot"): the read-only steps of a
 * runbook run against a host that should be healthy, and what no longer matches.
 */

/** Every kind of staleness drift reports; the names are part of `drift --json`. */
export type DriftKind =
  /** The step ran and its expectation (or a zero exit) was not met, or it timed out. */
  | 'expectation-failed'
  /** The step's program is not installed on the host (bash: `X: command not found`). */
  | 'program-missing'
  /** A program the step hands the work to did not find its command (exit 127 in a container, `sudo`). */
  | 'command-not-found'
  /** The working directory the steps run in does not exist. */
  | 'workdir-missing'
  /** A section the binding or the bot uses (a subcommand, verify, rollback, diagnose) has nothing that runs. */
  | 'section-without-runnable-steps'
  /** A role the escalation notifies has no Slack mapping (or an empty one) in the binding. */
  | 'role-unmapped'
  /** A link of the runbook answers an error or nothing (only with `--links`). */
  | 'link-unreachable'
  /** The target itself could not be reached (SSH): nothing was checked there. */
  | 'host-unreachable';

export const DRIFT_KINDS: readonly DriftKind[] = [
  'expectation-failed',
  'program-missing',
  'command-not-found',
  'workdir-missing',
  'section-without-runnable-steps',
  'role-unmapped',
  'link-unreachable',
  'host-unreachable',
];

export interface DriftFinding {
  kind: DriftKind;
  /** The step (for step findings), else the section, role or link it is about. */
  subject: string;
  /** Human title: the step's or section's title, the role name, the link's title. */
  title: string;
  /** The command text (redacted) for step findings. */
  command?: string;
  /** What the runbook or binding says should be. */
  expected: string;
  /** What came back. */
  got: string;
  /** 1-based line in the runbook when known. */
  line?: number;
}

/** A step that was not run and why (not a finding: a sensitive step in a scheduled run, a parameter with no default). */
export interface UncheckedStep {
  stepId: string;
  title: string;
  reason: string;
}

export interface DriftReport {
  runbook: string;
  /** Where the steps ran: `local` or a target name. */
  target: string;
  startedAt: string;
  durationMs: number;
  /** Read-only steps that ran. */
  checked: number;
  /** Steps deliberately left out: changes and waits are never run, so they are only counted. */
  leftOut: { changes: number; waits: number };
  unchecked: UncheckedStep[];
  findings: DriftFinding[];
}

export function drifted(report: DriftReport): boolean {
  return report.findings.length > 0;
}
