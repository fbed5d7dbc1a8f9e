import { PassThrough } from 'node:stream';
import type { CliCommand, CliDeps } from '../../src/cli/cli-deps.ts';
import { runCli } from '../../src/cli/main.ts';
import { FakeClock } from '../support/fake-clock.ts';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

function capture(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}

/** Runs a CLI command in-process with its output captured and an empty stdin. */
export async function runCaptured(
  command: CliCommand,
  argv: string[],
  context: Pick<CliDeps, 'env' | 'cwd' | 'clock'>,
): Promise<CliRun> {
  const out = capture();
  const err = capture();
  const code = await command(argv, {
    ...context,
    stdout: out.stream,
    stderr: err.stream,
    stdin: new PassThrough(),
  });
  await new Promise((resolve) => setImmediate(resolve));
  return { code, stdout: out.text(), stderr: err.text() };
}

/** Runs the CLI in-process with captured output (the same error boundary as the real binary). */
export function runCliCaptured(argv: string[], cwd: string): Promise<CliRun> {
  return runCaptured(runCli, argv, { env: {}, cwd, clock: new FakeClock() });
}
