import type { CheckResult } from './check-result.ts';

const ansi = {
  green: '\u001b[32m',
  red: '\u001b[31m',
  yellow: '\u001b[33m',
  dim: '\u001b[2m',
  reset: '\u001b[0m',
};

function icon(result: CheckResult, color: boolean): string {
  const [symbol, tint] = result.ok
    ? ['✔', ansi.green]
    : result.severity === 'error'
      ? ['✖', ansi.red]
      : ['!', ansi.yellow];
  return color ? `${tint}${symbol}${ansi.reset}` : symbol;
}

/** A line per check (✔ ok, ✖ error, ! warning) with its fix hint indented below, then a summary. */
export function renderDoctorReport(results: CheckResult[], options: { color: boolean }): string {
  const lines: string[] = [];
  for (const result of results) {
    lines.push(`${icon(result, options.color)} ${result.name}: ${result.message}`);
    if (!result.ok && result.hint) {
      for (const hintLine of result.hint.split('\n')) {
        lines.push(options.color ? `    ${ansi.dim}${hintLine}${ansi.reset}` : `    ${hintLine}`);
      }
    }
  }
  const errors = results.filter((result) => !result.ok && result.severity === 'error').length;
  const warnings = results.filter((result) => !result.ok && result.severity === 'warning').length;
  const counts = `${errors} ${errors === 1 ? 'error' : 'errors'}, ${warnings} ${warnings === 1 ? 'warning' : 'warnings'}`;
  lines.push('');
  lines.push(
    errors > 0
      ? `${counts}: fix the ✖ lines before the next incident.`
      : `${counts}: ready to handle incidents.`,
  );
  return `${lines.join('\n')}\n`;
}
