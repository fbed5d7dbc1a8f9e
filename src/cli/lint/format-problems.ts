import { relative } from 'node:path';
import type { Problem } from '../../runbook/problem.ts';

/** Paths as the user would type them: relative to the working directory when inside it. */
export function displayPath(file: string, cwd: string): string {
  const rel = relative(cwd, file);
  return rel === '' || rel.startsWith('..') ? file : rel;
}

/** `file:line: level: message` and, under it, `  hint: …`. */
export function formatProblem(problem: Problem, cwd: string): string {
  const head = `${displayPath(problem.file, cwd)}:${problem.line}: ${problem.level}: ${problem.message}`;
  return problem.hint ? `${head}\n  hint: ${problem.hint}` : head;
}

export function formatProblems(problems: Problem[], cwd: string): string {
  return problems.map((problem) => formatProblem(problem, cwd)).join('\n');
}
