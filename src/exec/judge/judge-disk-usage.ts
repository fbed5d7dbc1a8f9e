import type { PipelineCommand } from '../../runbook/risk/output-pipeline.ts';
import type { Judgement } from './judge-step.ts';
import { trimGot } from './pick-relevant-line.ts';

/** At or above this use a filesystem counts as full: the usual "critical" alert level. */
export const DISK_FULL_PERCENT = 95;

const EXPECTED = `Use% < ${DISK_FULL_PERCENT}%`;
/** Always 100% by design: snap/squashfs loop images, CD-ROMs. */
const ALWAYS_FULL = /^\/dev\/(?:loop|sr)\d/;

/**
 * `df` (any flags, alone in its pipeline) with no written expectation still means "is a disk
 * full?": a filesystem at 95% or more of its space (or inodes, `df -i`) fails, naming the mount
 * points. Null when the step is not such a command or nothing is that full (the default verdict).
 */
export function judgeDiskUsage(pipeline: readonly PipelineCommand[], output: string): Judgement | null {
  if (pipeline.length !== 1 || pipeline[0]!.program !== 'df') return null;
  const full: string[] = [];
  for (const line of output.split('\n')) {
    const match = /^(\S+)\s.*?\s(\d{1,3})%\s+(\/.*)$/.exec(line.trimEnd());
    if (!match) continue;
    const [, filesystem, percent, mount] = match;
    if (ALWAYS_FULL.test(filesystem!) || mount!.startsWith('/snap/')) continue;
    if (Number(percent) >= DISK_FULL_PERCENT) full.push(`${mount} ${percent}% (${filesystem})`);
  }
  if (full.length === 0) return null;
  return {
    status: 'fail',
    detail: { kind: 'expected_got', expected: EXPECTED, got: trimGot(full.join(', ')) },
  };
}
