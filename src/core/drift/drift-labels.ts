import type { DriftKind, DriftReport } from './drift-report.ts';

/** Short words for each kind of drift, shared by the table, the Markdown report and the chat summary. */
export const DRIFT_LABELS: Readonly<Record<DriftKind, string>> = {
  'expectation-failed': 'expectation failed',
  'program-missing': 'program missing',
  'command-not-found': 'command not found',
  'workdir-missing': 'workdir missing',
  'section-without-runnable-steps': 'nothing to run',
  'role-unmapped': 'role unmapped',
  'link-unreachable': 'link unreachable',
  'host-unreachable': 'host unreachable',
};

/** "2 findings in api-down (local): 12 read-only steps checked, 1 change and 1 wait not run". */
export function driftHeadline(report: DriftReport): string {
  const count = report.findings.length;
  const found = count === 0 ? 'no drift' : `${count} finding${count === 1 ? '' : 's'}`;
  const { changes, waits } = report.leftOut;
  const notRun = [plural(changes, 'change'), plural(waits, 'wait')].filter(Boolean).join(' and ');
  return `${found} in ${report.runbook} (${report.target}): ${plural(report.checked, 'read-only step') || '0 read-only steps'} checked${notRun ? `, ${notRun} not run` : ''}`;
}

function plural(n: number, word: string): string {
  return n === 0 ? '' : `${n} ${word}${n === 1 ? '' : 's'}`;
}
