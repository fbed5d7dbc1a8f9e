import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { CommandExecutor, CommandOutcome, ExecuteOptions } from '../process/execute-command.ts';
import { settleWithin } from '../process/settle-within.ts';
import { takeSpawnTurn } from '../process/spawn-turns.ts';
import { BAD_CWD_EXIT, badCwdMarker, killScript, pidMarker, stepLauncher } from './remote-scripts.ts';
import type { SshConnection } from './ssh-connection.ts';

/** Seconds the remote backstop (`timeout -s KILL`) allows beyond the step's own timeout. */
const BACKSTOP_MARGIN_S = 30;

/**
 * A `CommandExecutor` that runs the step on an SSH target, over the target's reused connection.
 * Same guarantees as the local one: the command runs as `bash --norc -o pipefail -o nounset -c`
 * in the workdir (`options.cwd`, on that host), with the step's variables exported from quoted
 * words sent on stdin (never spliced into a command line), in a session of its own; on timeout the
 * remote session gets TERM, then KILL after the grace (over the same connection); whatever it
 * left behind is killed when it ends. Output arrives in `options.capture` (the runner caps and
 * redacts it). An unreachable host is a start error naming the reason; a missing workdir a bad cwd.
 */
export function createSshExecutor(connection: SshConnection): CommandExecutor {
  return (options) => executeOverSsh(connection, options);
}

async function executeOverSsh(connection: SshConnection, options: ExecuteOptions): Promise<CommandOutcome> {
  const opened = await connection.open();
  if (!opened.ok) {
    return {
      exitCode: null,
      signal: null,
      timedOut: false,
      spawnError: `${connection.target.name} unreachable: ${opened.reason}`,
    };
  }
  const release = await connection.session();
  try {
    return await runSession(connection, options);
  } finally {
    release();
  }
}

async function runSession(connection: SshConnection, options: ExecuteOptions): Promise<CommandOutcome> {
  const { clock } = options;
  const nonce = randomBytes(12).toString('hex');
  const launcher = stepLauncher({
    command: options.command,
    workdir: options.cwd,
    env: options.env,
    nonce,
    backstopSeconds: (options.timeoutMs + options.killGraceMs) / 1000 + BACKSTOP_MARGIN_S,
  });
  // Spawning blocks the event loop: one per turn, so acks of waiting commands go first.
  await takeSpawnTurn();
  const child = spawn(connection.program, connection.entryArgs(), { stdio: ['pipe', 'pipe', 'pipe'] });
  child.stdin.on('error', () => undefined);
  child.stdin.end(Buffer.concat([Buffer.from(`${launcher}\0`), Buffer.from(options.stdin ?? '')]));

  let sessionId: number | null = null;
  let badCwd = false;
  const sshComplaints: string[] = [];
  const marker = pidMarker(nonce);
  const cwdMarker = badCwdMarker(nonce);
  let pending = '';
  const readStderrLine = (line: string): void => {
    const match = marker.exec(line);
    if (match) sessionId = Number(match[1]);
    else if (line === cwdMarker) badCwd = true;
    else if (line.length > 0) {
      sshComplaints.push(line);
      options.capture.push(`${line}\n`);
    }
  };
  child.stderr.setEncoding('utf8');
  const stderrEnded = streamEnded(child.stderr);
  child.stderr.on('data', (chunk: string) => {
    pending += chunk;
    let newline = pending.indexOf('\n');
    while (newline !== -1) {
      readStderrLine(pending.slice(0, newline).replace(/\r$/, ''));
      pending = pending.slice(newline + 1);
      newline = pending.indexOf('\n');
    }
  });
  const stdoutEnded = new Promise<void>((resolve) => {
    child.stdout.on('data', (chunk: Buffer) => options.capture.push(chunk));
    child.stdout.once('end', () => resolve());
    child.stdout.once('close', () => resolve());
    child.stdout.on('error', () => resolve());
  });
  const exited = new Promise<{ code: number | null; signal: string | null; error: string | null }>(
    (resolve) => {
      child.once('exit', (code, signal) => resolve({ code, signal, error: null }));
      child.on('error', (error) => resolve({ code: null, signal: null, error: error.message }));
    },
  );

  let timedOut = false;
  const killRemote = (signal: 'TERM' | 'KILL'): Promise<unknown> =>
    sessionId === null
      ? Promise.resolve()
      : connection.runScript(killScript(sessionId, signal), 15_000, { urgent: true });
  let cancelKill = (): void => undefined;
  let cancelLocalKill = (): void => undefined;
  let killing: Promise<unknown> = Promise.resolve();
  const cancelTimeout = clock.setTimer(options.timeoutMs, () => {
    timedOut = true;
    // The connection itself may hang (a vanished host): this side gives up after the grace too.
    cancelLocalKill = clock.setTimer(options.killGraceMs + 15_000, () => child.kill('SIGKILL'));
    if (sessionId === null) {
      // Not started there yet: end this side; the remote backstop ends anything that starts late.
      child.kill('SIGKILL');
      return;
    }
    killing = killRemote('TERM');
    cancelKill = clock.setTimer(options.killGraceMs, () => {
      killing = killing.then(() => killRemote('KILL'));
    });
  });

  const exit = await exited;
  cancelTimeout();
  cancelKill();
  cancelLocalKill();
  if (timedOut && sessionId !== null) await killing.then(() => killRemote('KILL'));
  // Both pipes read to their end: the session-id marker may still sit unread in stderr's pipe
  // when ssh's exit and stdout's end are seen (it would be lost, the step taken for unreachable).
  await settleWithin(
    Promise.all([stdoutEnded, stderrEnded]).then(() => undefined),
    options.drainMs,
    clock,
  );
  child.stdout.destroy();
  child.stderr.destroy();
  if (pending.length > 0) readStderrLine(pending);

  if (exit.error !== null)
    return { exitCode: null, signal: null, timedOut, spawnError: `ssh: ${exit.error}` };
  if (badCwd || (sessionId === null && exit.code === BAD_CWD_EXIT)) {
    return { exitCode: null, signal: null, timedOut: false, spawnError: null, badCwd: true };
  }
  if (sessionId === null && !timedOut) {
    // ssh never reached the launcher: the connection failed (255) or the entry was refused.
    const reason = sshComplaints.at(-1) ?? `ssh exited with ${exit.code ?? exit.signal}`;
    return {
      exitCode: null,
      signal: null,
      timedOut: false,
      spawnError: `${connection.target.name} unreachable: ${reason}`,
    };
  }
  return { exitCode: timedOut ? null : exit.code, signal: exit.signal, timedOut, spawnError: null };
}

function streamEnded(stream: NodeJS.ReadableStream): Promise<void> {
  return new Promise<void>((resolve) => {
    stream.once('end', () => resolve());
    stream.once('close', () => resolve());
    stream.on('error', () => resolve());
  });
}
