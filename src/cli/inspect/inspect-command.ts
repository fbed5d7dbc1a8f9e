import { basename, resolve } from 'node:path';
import { UserError } from '../../core/errors.ts';
import { renderRunbookTree } from '../../render/terminal/render-runbook-tree.ts';
import { loadRunbookFile } from '../../runbook/load-runbooks.ts';
import type { Problem } from '../../runbook/problem.ts';
import { toRunbookJson } from '../../runbook/to-runbook-json.ts';
import type { CliCommand } from '../cli-deps.ts';
import { displayPath, formatProblem } from '../lint/format-problems.ts';
import { parseInspectArgs } from './parse-inspect-args.ts';

/** Errors that stop inspect -> one paragraph naming every file and line. */
function toUserError(errors: Problem[], cwd: string): UserError {
  const [first] = errors;
  const isBinding = first !== undefined && /\.ya?ml$/i.test(first.file);
  const missing = errors.length === 1 && first?.message.endsWith('does not exist');
  const code = missing ? 'not_found' : isBinding ? 'invalid_binding' : 'invalid_runbook';
  if (errors.length === 1 && first) {
    return new UserError(
      code,
      `${displayPath(first.file, cwd)}:${first.line}: ${first.message}.`,
      first.hint ?? undefined,
    );
  }
  const list = errors.map((problem) => `  ${formatProblem(problem, cwd).replace(/\n/g, '\n  ')}`).join('\n');
  return new UserError(
    code,
    `${errors.length} problems stop this runbook from loading:\n${list}`,
    'fix them, or pass --no-binding to inspect the Markdown alone',
  );
}

/** `runbook-bot inspect FILE.md [--json] [--no-binding]`: the runbook model as a tree or as JSON. */
export const inspectCommand: CliCommand = async (argv, deps) => {
  const options = parseInspectArgs(argv);
  const file = resolve(deps.cwd, options.file);
  const { loaded, problems } = await loadRunbookFile(file, { useBinding: options.binding });
  const errors = problems.filter((problem) => problem.level === 'error');
  if (!loaded || errors.length > 0) throw toUserError(errors, deps.cwd);
  for (const problem of problems) deps.stderr.write(`${formatProblem(problem, deps.cwd)}\n`);
  if (options.json) {
    deps.stdout.write(`${JSON.stringify(toRunbookJson(loaded.runbook), null, 2)}\n`);
  } else {
    const binding = loaded.bindingFile ? basename(loaded.bindingFile) : null;
    deps.stdout.write(renderRunbookTree(loaded.runbook, { file: displayPath(file, deps.cwd), binding }));
  }
  return 0;
};
