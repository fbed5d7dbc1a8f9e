import { UserError } from '../../core/errors.ts';

export interface InspectOptions {
  file: string;
  json: boolean;
  binding: boolean;
}

const USAGE = 'usage: runbook-bot inspect FILE.md [--json] [--no-binding]';

export function parseInspectArgs(argv: string[]): InspectOptions {
  const options: InspectOptions = { file: '', json: false, binding: true };
  for (const arg of argv) {
    if (arg === '--json') options.json = true;
    else if (arg === '--no-binding') options.binding = false;
    else if (arg.startsWith('-')) throw new UserError('usage', `unknown option "${arg}".`, USAGE);
    else if (options.file !== '')
      throw new UserError('usage', `only one file at a time (got "${options.file}" and "${arg}").`, USAGE);
    else options.file = arg;
  }
  if (options.file === '') throw new UserError('usage', 'which runbook? Name a Markdown file.', USAGE);
  return options;
}
