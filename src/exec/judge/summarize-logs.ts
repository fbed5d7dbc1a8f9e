import { isErrorLine } from './error-line.ts';
import { trimGot } from './pick-relevant-line.ts';

const MAX_SAMPLES = 3;

export interface LogSummary {
  lines: number;
  errorLines: number;
  /** The last few distinct error lines (most recent last), trimmed. */
  samples: string[];
}

export function summarizeLogs(output: string): LogSummary {
  const lines = output.split('\n').filter((line) => line.trim().length > 0 && !isOmissionMarker(line));
  const errors = lines.filter(isErrorLine);
  const samples: string[] = [];
  for (let index = errors.length - 1; index >= 0 && samples.length < MAX_SAMPLES; index--) {
    const sample = trimGot(errors[index]!);
    if (!samples.includes(sample)) samples.unshift(sample);
  }
  return { lines: lines.length, errorLines: errors.length, samples };
}

function isOmissionMarker(line: string): boolean {
  return /^\[… [\d,]+ bytes omitted …\]$/.test(line);
}
