import { type ChildProcess, spawn } from 'node:child_process';
import { stat } from 'node:fs/promises';

/**
 * `bash -o pipefail -o nounset -c command`: a failing stage fails the pipeline, and an unset
 * variable fails the step instead of expanding to nothing (`rm -rf $DIR/` never becomes `rm -rf /`).
 */
const SHELL = 'bash';
const SHELL_FLAGS = ['--norc', '-o', 'pipefail', '-o', 'nounset', '-c'];

export interface ShellExit {
  code: number | null;
  signal: string | null;
  /** Why the shell could not start (missing cwd, no bash on PATH, …); null when it ran. */
  error: string | null;
}

export interface StartedShell {
  /** The shell's pid: leader of its own session and process group. Undefined when it did not start. */
  pid: number | undefined;
  /** Settles when the shell exited, or could not start. Never rejects. */
  exited: Promise<ShellExit>;
  /** Settles when both output pipes ended (or failed). Never rejects. */
  outputEnded: Promise<void>;
  /** Stops reading the output and closes the pipes (and stdin): the step is over. */
  close(): void;
}

export interface StartShellOptions {
  command: string;
  cwd: string | undefined;
  /** The whole environment of the shell: nothing of the bot's own is added. */
  env: Record<string, string>;
  /** Written to the shell's stdin, which then ends; undefined: no stdin at all (reads see EOF). */
  stdin: string | undefined;
  /** Every chunk of stdout and stderr, as it arrives. */
  onOutput(chunk: Buffer): void;
}

/**
 * Starts a step's shell with `node:child_process` directly: the spawn blocks the event loop for
 * as long as the fork and exec take, and a wrapper's option handling and stream plumbing only
 * added to that (docs/BENCHMARKS.md, "Step starts"). The shell leads a new session and process
 * group (`detached`: setsid), so its pid names everything it starts (kill-process-group.ts).
 * Both output pipes feed `onOutput` in arrival order. Every failure to start, thrown or emitted,
 * becomes `exited.error` with a message naming the cause; no stream is left without an 'error'
 * listener, so nothing here can crash the bot.
 */
export function startShell(options: StartShellOptions): StartedShell {
  let child: ChildProcess;
  try {
    child = spawn(SHELL, [...SHELL_FLAGS, options.command], {
      cwd: options.cwd,
      env: options.env,
      detached: true,
      stdio: [options.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
  } catch (error) {
    // Thrown, not emitted: a cwd that is not a directory (ENOTDIR), a NUL byte in the command or
    // the environment, an argument list over the kernel's limit (E2BIG).
    return {
      pid: undefined,
      exited: describeStartError(error, options).then((message) => ({
        code: null,
        signal: null,
        error: message,
      })),
      outputEnded: Promise.resolve(),
      close: () => undefined,
    };
  }

  const exited = new Promise<ShellExit>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal, error: null }));
    // `on`, not `once`: a second 'error' must find a listener too.
    child.on('error', (error) => {
      void describeStartError(error, options).then((message) =>
        resolve({ code: null, signal: null, error: message }),
      );
    });
  });

  const { stdin, stdout, stderr } = child;
  if (stdin && options.stdin !== undefined) {
    // A command that never reads its stdin (or exits first) closes the pipe: the write then fails
    // with EPIPE, which says nothing about the step.
    stdin.on('error', () => undefined);
    stdin.end(options.stdin);
  }
  const outputEnded = Promise.all([stdout, stderr].map((stream) => readAll(stream, options.onOutput))).then(
    () => undefined,
  );

  return {
    pid: child.pid,
    exited,
    outputEnded,
    close: () => {
      stdin?.destroy();
      stdout?.destroy();
      stderr?.destroy();
    },
  };
}

/** Feeds a pipe's chunks to `onChunk`; settles at its end, close or error. */
function readAll(stream: NodeJS.ReadableStream | null, onChunk: (chunk: Buffer) => void): Promise<void> {
  if (!stream) return Promise.resolve();
  return new Promise<void>((resolve) => {
    stream.on('data', onChunk);
    stream.once('end', resolve);
    stream.once('close', resolve);
    stream.on('error', () => resolve());
  });
}

/**
 * Node says `spawn bash ENOENT` both when bash is not on PATH and when the working directory is
 * missing (the chdir before exec fails): the message names which, keeping Node's words at the end.
 */
async function describeStartError(error: unknown, options: StartShellOptions): Promise<string> {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (options.cwd !== undefined && (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EACCES')) {
    const cwdProblem = await describeCwd(options.cwd);
    if (cwdProblem !== null) return `working directory ${options.cwd} ${cwdProblem} (${message})`;
  }
  if (code === 'ENOENT') return `${SHELL} not found on the step's PATH (${message})`;
  // Node names the argument and repeats its whole text: say what is wrong without echoing it.
  if (code === 'ERR_INVALID_ARG_VALUE' && message.includes('null bytes'))
    return 'the command or a variable of its environment contains a NUL byte, which no process can receive';
  return message;
}

/** What is wrong with `cwd` as a working directory, or null when it is one. */
async function describeCwd(cwd: string): Promise<string | null> {
  try {
    return (await stat(cwd)).isDirectory() ? null : 'is not a directory';
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return 'does not exist';
    if (code === 'ENOTDIR') return 'does not exist (a part of its path is a file)';
    return `cannot be used (${code ?? 'unknown error'})`;
  }
}
