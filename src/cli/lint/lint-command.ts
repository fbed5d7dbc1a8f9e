import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { UserError } from '../../core/errors.ts';
import { loadRunbooks } from '../../runbook/load-runbooks.ts';
import type { CliCommand } from '../cli-deps.ts';
import { formatProblems } from './format-problems.ts';

const USAGE = 'usage: runbook-bot lint [DIR]   (default: runbooks/)';

/** `runbook-bot lint [DIR]`: every problem of every runbook and binding at once; exit 1 on errors. */
export const lintCommand: CliCommand = async (argv, deps) => {
  const unknown = argv.find((arg) => arg.startsWith('-'));
  if (unknown) throw new UserError('usage', `unknown option "${unknown}".`, USAGE);
  if (argv.length > 1) throw new UserError('usage', 'lint takes one folder.', USAGE);
  const named = argv[0] ?? 'runbooks';
  const dir = resolve(deps.cwd, named);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new UserError(
      'not_found',
      `cannot read the runbook folder ${named}: no such directory.`,
      'pass the folder that holds your *.md runbooks',
    );
  }
  const { files, problems } = await loadRunbooks(dir);
  const sorted = [...problems].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
  const errors = sorted.filter((problem) => problem.level === 'error').length;
  const notes = sorted.filter((problem) => problem.level === 'note').length;
  const warnings = sorted.length - errors - notes;
  if (sorted.length > 0) deps.stdout.write(`${formatProblems(sorted, deps.cwd)}\n`);
  const checked = files.length === 1 ? '1 runbook' : `${files.length} runbooks`;
  deps.stdout.write(
    `${checked} checked: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}${
      notes > 0 ? `, ${notes} note${notes === 1 ? '' : 's'}` : ''
    }\n`,
  );
  return errors > 0 ? 1 : 0;
};
