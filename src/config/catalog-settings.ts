import path from 'node:path';

/** Where the runbooks are when RUNBOOKS_DIR is not set. */
export const DEFAULT_RUNBOOKS_DIR = './runbooks';

/** The absolute runbook folder for a RUNBOOKS_DIR value (blank or unset: ./runbooks), relative to `cwd`. */
export function runbooksDirOf(value: string | undefined, cwd: string): string {
  return path.resolve(cwd, value === undefined || value.trim() === '' ? DEFAULT_RUNBOOKS_DIR : value);
}

/** The names of a RUNBOOK_PASS_ENV value (`A, B` -> [A, B]; blank or unset: none). */
export function passEnvOf(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
}
