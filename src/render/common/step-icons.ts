import type { StepStatus } from '../../exec/step-result.ts';
import type { IncidentStatus } from '../../store/records.ts';

export const STEP_ICONS: Readonly<Record<StepStatus, string>> = {
  pass: '✅',
  fail: '❌',
  error: '⚠️',
  timeout: '⏱️',
  info: 'ℹ️',
  skipped: '⏭️',
};

export const INCIDENT_STATUS_ICONS: Readonly<Record<IncidentStatus, string>> = {
  investigating: '🔴',
  awaiting_approval: '🟠',
  mitigating: '🟡',
  monitoring: '🔵',
  resolved: '✅',
};

/** A step that needs attention: anything but pass, info and skipped. */
export function isProblem(status: StepStatus): boolean {
  return status === 'fail' || status === 'error' || status === 'timeout';
}
