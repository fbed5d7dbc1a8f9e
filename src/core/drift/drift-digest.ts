import { createHash } from 'node:crypto';
import type { DriftReport } from './drift-report.ts';

/**
 * A digest of what drifted, stable across runs that found the same things: each finding's kind,
 * subject and expectation, sorted. What came back is left out on purpose: it holds uptimes and
 * timestamps ("Up 3 minutes") that differ on every run.
 */
export function driftDigest(report: Pick<DriftReport, 'findings'>): string {
  const keys = report.findings
    .map((finding) => `${finding.kind}\u0000${finding.subject}\u0000${finding.expected}`)
    .sort();
  return createHash('sha256').update(keys.join('\n')).digest('hex').slice(0, 32);
}
