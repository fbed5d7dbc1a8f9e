import { type CheckResult, failed, passed } from './check-result.ts';

/** One lint finding, as `runbook-bot lint` reports it. */
export interface LintProblem {
  file: string;
  line: number | null;
  level: 'error' | 'warning';
  message: string;
  hint?: string | null;
}

const name = 'Runbooks and bindings';
const shownProblems = 8;

function describe(problem: LintProblem): string {
  const where = problem.line ? `${problem.file}:${problem.line}` : problem.file;
  const fix = problem.hint ? ` — ${problem.hint}` : '';
  return `${where}: ${problem.level}: ${problem.message}${fix}`;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

export function checkRunbooksLint(deps: { problems: LintProblem[]; runbookCount?: number }): CheckResult {
  const errors = deps.problems.filter((problem) => problem.level === 'error');
  const warnings = deps.problems.filter((problem) => problem.level === 'warning');
  const counted = deps.runbookCount === undefined ? '' : ` (${plural(deps.runbookCount, 'runbook')})`;
  if (deps.problems.length === 0) return passed(name, `lint clean${counted}`);
  const ordered = [...errors, ...warnings];
  const lines = ordered.slice(0, shownProblems).map(describe);
  if (ordered.length > shownProblems)
    lines.push(`… ${ordered.length - shownProblems} more: run runbook-bot lint`);
  const summary = [
    errors.length ? plural(errors.length, 'error') : '',
    warnings.length ? plural(warnings.length, 'warning') : '',
  ]
    .filter(Boolean)
    .join(', ');
  return failed(
    name,
    errors.length ? 'error' : 'warning',
    `lint found ${summary}${counted}`,
    lines.join('\n'),
  );
}
