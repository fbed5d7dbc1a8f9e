/** Reading a step's output: line counts, error lines, the few lines worth quoting. */

import { isErrorLine } from '../../exec/judge/error-line.ts';
import { numberFormat } from '../i18n/locale.ts';

/** Non-empty lines, trailing whitespace removed, curl's progress meter left out (display only). */
export function outputLines(output: string): string[] {
  return output
    .split(/\r?\n/)
    .map((line) => withoutCurlProgress(line).trimEnd())
    .filter((line) => line.trim() !== '');
}

const SIZE = String.raw`[\d.]+[kMGTP]?`;
const TIME = String.raw`(?:--:--:--|\d+:\d\d:\d\d|\d+[dh] \d\d[hm])`;
/** One update of curl's meter: `  0  0  0  0  0  0  0  0 --:--:-- --:--:-- --:--:--  0`. */
const PROGRESS_ROW = String.raw`\s*\d+\s+${SIZE}\s+\d+\s+${SIZE}\s+\d+\s+${SIZE}\s+${SIZE}\s+${SIZE}\s+${TIME}\s+${TIME}\s+${TIME}\s+${SIZE}`;
const PROGRESS_ROWS = new RegExp(`^(?:${PROGRESS_ROW})+`);
const PROGRESS_HEADER =
  /^\s*% Total\s+% Received\s+% Xferd\s+Average Speed\s+Time\s+Time\s+Time\s+Current\s*$|^\s*Dload\s+Upload\s+Total\s+Spent\s+Left\s+Speed\s*$/;

/**
 * curl without `-s` draws a progress meter on stderr (two header lines, then rows joined by
 * carriage returns); it says nothing to a person reading a verdict. Any text written right after
 * the rows (the response body on stdout) is kept.
 */
function withoutCurlProgress(line: string): string {
  if (PROGRESS_HEADER.test(line)) return '';
  return line.replace(PROGRESS_ROWS, '');
}

export function lastLine(output: string): string | null {
  return outputLines(output).at(-1) ?? null;
}

export interface OutputSummary {
  lineCount: number;
  errorCount: number;
  /** Distinct error lines when there are any (the last `max` of them), else the last `max` lines. */
  quoted: string[];
}

export function summarizeOutput(output: string, max: number): OutputSummary {
  const lines = outputLines(output);
  const errors = lines.filter(isErrorLine);
  const quoted = [...new Set(errors.length > 0 ? errors : lines)].slice(-max);
  return { lineCount: lines.length, errorCount: errors.length, quoted };
}

/** Cuts one long line to `max` characters, keeping its head and tail. */
export function shortenLine(line: string, max: number): string {
  if (line.length <= max) return line;
  const head = Math.ceil((max - 1) * 0.6);
  const tail = max - 1 - head;
  return `${line.slice(0, head)}…${line.slice(line.length - tail)}`;
}

/** "1,2 MB" style size for dropped-bytes notes (units are the same in both locales). */
export function formatBytes(bytes: number, locale: string): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = unit === 0 ? 0 : 1;
  return `${numberFormat(locale, digits).format(value)} ${units[unit]}`;
}
