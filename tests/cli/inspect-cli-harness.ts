import { PassThrough } from 'node:stream';
import type { CliDeps } from '../../src/cli/cli-deps.ts';
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

/** Runs the CLI in-process with captured output (the same error boundary as the real binary). */
export async function runCliCaptured(argv: string[], cwd: string): Promise<CliRun> {
  const out = capture();
  const err = capture();
  const deps: CliDeps = {
    stdout: out.stream,
    stderr: err.stream,
    stdin: new PassThrough(),
    env: {},
    cwd,
    clock: new FakeClock(),
  };
  const code = await runCli(argv, deps);
  await new Promise((resolve) => setImmediate(resolve));
  return { code, stdout: out.text(), stderr: err.text() };
}
