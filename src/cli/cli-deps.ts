import type { Clock } from '../core/ports.ts';

/** What a CLI command may touch: passed in, so commands are tested with fakes and captured output. */
export interface CliDeps {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  cwd: string;
  clock: Clock;
}

/** A CLI command: parses its own argv, returns the exit code (0 ok, 1 failure found, 2 usage). */
export type CliCommand = (argv: string[], deps: CliDeps) => Promise<number>;
