import type { StepStatus } from '../../exec/step-result.ts';
import type { TargetRun } from '../../exec/targets/target-run.ts';
import { describeVerdict } from '../common/describe-verdict.ts';
import { shortenLine } from '../common/output-lines.ts';
import { isProblem } from '../common/step-icons.ts';
import type { Locale } from '../i18n/locale.ts';
import { painter, stripControl } from './ansi.ts';
import { STATUS_STYLE, type TerminalOptions } from './render-step-line.ts';

/** One fixed-width mark per status, so the columns line up in any terminal. */
const MARKS: Readonly<Record<StepStatus, string>> = {
  pass: 'ok',
  fail: 'FAIL',
  error: 'ERR',
  timeout: 'TIME',
  info: 'info',
  skipped: '-',
};

/**
 * A fleet run in the terminal: one row per host, one column per check (numbered, titles below),
 * then a line per host that is not fine (unreachable, or its failing checks with their verdicts).
 *
 *   host    1    2     3
 *   api-1   ok   ok    ok
 *   api-2   ok   FAIL  ok
 *   api-3   unreachable: Connection refused
 */
export function renderTargetMatrix(
  runs: readonly TargetRun[],
  locale: Locale,
  options: TerminalOptions = { color: false },
): string {
  const paint = painter(options.color);
  const first = runs.find((run) => run.run !== null)?.run ?? null;
  const columns = first?.steps.map((step) => ({ id: step.stepId, title: step.title })) ?? [];
  const hostWidth = Math.max(4, ...runs.map((run) => run.target.length));
  const widths = columns.map((_, index) => Math.max(String(index + 1).length, 4));
  const pad = (text: string, width: number) => text + ' '.repeat(Math.max(0, width - text.length));
  const lines: string[] = [];
  if (first) lines.push(paint('bold', stripControl(`${first.sectionTitle} on ${runs.length} targets`)), '');
  lines.push(
    [pad('host', hostWidth), ...columns.map((_, index) => pad(String(index + 1), widths[index] ?? 4))]
      .join('  ')
      .trimEnd(),
  );
  for (const run of runs) {
    if (run.run === null) {
      lines.push(
        `${pad(run.target, hostWidth)}  ${paint('yellow', `unreachable: ${stripControl(shortenLine(run.reason, 200))}`)}`,
      );
      continue;
    }
    const byId = new Map(run.run.steps.map((step) => [step.stepId, step]));
    const cells = columns.map((column, index) => {
      const step = byId.get(column.id);
      const mark = step ? MARKS[step.status] : '?';
      return step
        ? paint(STATUS_STYLE[step.status], pad(mark, widths[index] ?? 4))
        : pad(mark, widths[index] ?? 4);
    });
    lines.push(`${pad(run.target, hostWidth)}  ${cells.join('  ')}`.trimEnd());
  }
  if (columns.length > 0) {
    lines.push('');
    columns.forEach((column, index) => {
      lines.push(paint('dim', `${String(index + 1).padStart(3)}. ${stripControl(column.title)}`));
    });
  }
  const problems = runs.flatMap((run) =>
    (run.run?.steps ?? [])
      .filter((step) => isProblem(step.status))
      .map(
        (step) =>
          `${run.target}: ${stripControl(step.title)} — ${stripControl(shortenLine(describeVerdict(step, locale), 300))}`,
      ),
  );
  if (problems.length > 0) lines.push('', ...problems.map((line) => paint('red', line)));
  return lines.join('\n');
}
