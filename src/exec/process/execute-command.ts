import type { Clock } from '../../core/ports.ts';
import type { OutputCapture } from './capture-output.ts';
import { killProcessGroup, killProcessTree } from './kill-process-group.ts';
import { settleWithin } from './settle-within.ts';
import { takeSpawnTurn } from './spawn-turns.ts';
import { startShell } from './start-shell.ts';

export interface CommandOutcome {
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  /** Set when the shell could not even start. */
  spawnError: string | null;
  /** Set by an executor that checks the working directory on its own side (SSH): it is missing there. */
  badCwd?: boolean;
  /**
   * Set when the step started but its end is unknown: the process that ran it ended (the step
   * host), and what the step started was killed. What it changed may be partly done.
   */
  interrupted?: string;
}

export interface ExecuteOptions {
  command: string;
  cwd: string | undefined;
  env: Record<string, string>;
  stdin: string | undefined;
  timeoutMs: number;
  clock: Clock;
  capture: OutputCapture;
  /** Between SIGTERM and SIGKILL of the process group on timeout. */
  killGraceMs: number;
  /** How long output may keep arriving after the shell exited (background children). */
  drainMs: number;
}

/**
 * The executor port: runs one command somewhere and streams its output into `options.capture`.
 * The step runner judges and redacts whatever an executor reports, so another executor (SSH, a
 * container) only has to honour these options. See docs/ARCHITECTURE.md, "Ports".
 */
export type CommandExecutor = (options: ExecuteOptions) => Promise<CommandOutcome>;

/** A step that did not start because its process is stopping (`spawnError`). */
export const NOT_STARTED_SHUTTING_DOWN = 'the bot is shutting down: the step was not started';

/** What the step host (exec/step-host) changes about a local run. */
export interface LocalRunHooks {
  /**
   * Calls `fire` when the step's time is up; returns a cancel function. Default: a timer of
   * `options.timeoutMs` on `options.clock`. The step host's is the bot's timer, told over IPC.
   */
  armTimeout?: (fire: () => void) => () => void;
  /** Told the shell's pid (leader of its session and group) once it started. */
  onStarted?: (pid: number) => void;
  /** Asked once the step's turn to start came: false, and the shell does not start (the host is closing). */
  mayStart?: () => boolean;
}

/**
 * The local executor. Runs `bash -o pipefail -o nounset -c command` (start-shell.ts) as the leader of
 * a new session and process group, streams its interleaved output into `capture`, on timeout kills
 * the whole group (TERM, then KILL), and when the shell has exited kills whatever is left of its
 * group and session (background children), so nothing a step started outlives it. The shell starts
 * on its own turn of the event loop (`takeSpawnTurn`).
 */
export async function executeCommand(
  options: ExecuteOptions,
  hooks: LocalRunHooks = {},
): Promise<CommandOutcome> {
  const { clock, capture } = options;
  const armTimeout = hooks.armTimeout ?? ((fire: () => void) => clock.setTimer(options.timeoutMs, fire));
  // Spawning blocks the event loop: one per turn, so acks of waiting commands go first (spawn-turns.ts).
  await takeSpawnTurn();
  if (hooks.mayStart && !hooks.mayStart())
    return {
      exitCode: null,
      signal: null,
      timedOut: false,
      spawnError: NOT_STARTED_SHUTTING_DOWN,
    };
  const shell = startShell({
    command: options.command,
    cwd: options.cwd,
    env: options.env,
    stdin: options.stdin,
    onOutput: (chunk) => capture.push(chunk),
  });

  const { pid } = shell;
  if (pid !== undefined) hooks.onStarted?.(pid);
  let timedOut = false;
  let cancelKill = (): void => undefined;
  const cancelTimeout = armTimeout(() => {
    if (pid === undefined) return;
    timedOut = true;
    killProcessGroup(pid, 'SIGTERM');
    cancelKill = clock.setTimer(options.killGraceMs, () => killProcessGroup(pid, 'SIGKILL'));
  });

  const exit = await shell.exited;
  cancelTimeout();
  if (timedOut && pid !== undefined) {
    await settleWithin(shell.outputEnded, options.killGraceMs, clock);
    cancelKill();
    killProcessGroup(pid, 'SIGKILL');
  }
  await settleWithin(shell.outputEnded, options.drainMs, clock);
  // The step is over: whatever it left running in the background (`sleep 97 &`, `nohup x &`, a job
  // in a group of its own) ends with it. The shell led its own session, so its pid names both.
  if (pid !== undefined) await killProcessTree(pid);
  // Every writer is gone now, so the pipe ends at once: read what is still buffered before closing
  // it (a busy event loop may not have read it within the drain). Only an escaped process (setsid)
  // holding the pipe makes this wait the whole drain again.
  await settleWithin(shell.outputEnded, options.drainMs, clock);
  shell.close();

  return {
    exitCode: timedOut ? null : exit.code,
    signal: exit.signal,
    timedOut,
    spawnError: exit.error,
  };
}
