import { type ChildProcess, fork } from 'node:child_process';
import type { Logger } from '../../core/ports.ts';
import {
  type CommandExecutor,
  type CommandOutcome,
  type ExecuteOptions,
  executeCommand,
} from '../process/execute-command.ts';
import { killProcessTree } from '../process/kill-process-group.ts';
import type { FromStepHost, ToStepHost } from './step-host-messages.ts';

const isTypeScript = import.meta.url.endsWith('.ts');
const childFile = new URL(isTypeScript ? './step-host-child.ts' : './step-host-child.js', import.meta.url);

/**
 * The host does little JavaScript (messages, a `/proc` pass per step): a small young generation
 * and heap, and no optimizing compiler, keep it ~50 MB resident after 4,000 steps instead of ~66
 * at the same CPU (docs/BENCHMARKS.md, "Step host"). They win over the bot's NODE_OPTIONS.
 */
const HOST_V8_FLAGS = ['--max-semi-space-size=1', '--max-old-space-size=32', '--no-turbofan'];

/** Host processes that ended before saying ready, in a row, after which steps run in the bot itself. */
const MAX_FAILED_STARTS = 3;

export interface StepHost {
  /** The local executor, run by the host process (or in this process when the host cannot start). */
  executor: CommandExecutor;
  /** Starts the host process now rather than at the first step (the bot calls it once it listens). */
  start(): void;
  /** The host's pid while it runs (bench, tests). */
  pid(): number | undefined;
  /** Ends the host process; a step still running there is killed with it. */
  close(): Promise<void>;
}

interface PendingRun {
  options: ExecuteOptions;
  pid: number | undefined;
  cancelTimer: () => void;
  resolve: (outcome: CommandOutcome) => void;
}

interface Host {
  child: ChildProcess;
  ready: Promise<boolean>;
}

/**
 * Local steps run by a small, long-lived process of their own instead of the bot. Starting a
 * process from Node forks the whole parent: from the bot (~130 MB resident) each step's start held
 * its event loop ~6 ms, and the `/proc` pass after each step another ~1 ms, so a burst of diagnoses
 * delayed the acks of everything else (docs/BENCHMARKS.md, "Step host"). The host forks from
 * ~45 MB on its own event loop, on the other core; the bot only sends and receives messages.
 *
 * Same guarantees as `executeCommand`, which the host runs: the step's timeout is the bot's timer
 * on `options.clock`, told to the host, which then kills the step's group (TERM, grace, KILL) and
 * what it left behind. The host knows nothing of the bot's environment: each step's whole
 * environment travels with it (as it did to the shell). If the host dies mid-step, the bot kills
 * that step's process group and reports the step as not run; the next step starts a new host.
 * When the host cannot start at all (MAX_FAILED_STARTS times in a row), steps run in the bot, as
 * before, and the log says why.
 */
export function createStepHost(
  options: {
    logger?: Logger;
    /** The bot's environment, of which the host gets PATH and Node's settings only. Default process.env. */
    env?: NodeJS.ProcessEnv;
    /** The host's entry point (tests: one that cannot start). */
    entry?: URL;
  } = {},
): StepHost {
  const { logger } = options;
  const pending = new Map<number, PendingRun>();
  let nextId = 1;
  let host: Host | null = null;
  let failedStarts = 0;
  let inBot: string | null = null;
  let closed = false;

  /** Calls of the executor not yet answered: while there are any, the host keeps this process alive. */
  let inUse = 0;
  const holdBotOpen = (): void => {
    const child = host?.child;
    if (!child) return;
    if (inUse > 0) {
      child.ref();
      child.channel?.ref();
    } else {
      child.unref();
      child.channel?.unref();
    }
  };

  const endRun = (id: number, outcome: CommandOutcome): void => {
    const run = pending.get(id);
    if (!run) return;
    pending.delete(id);
    run.cancelTimer();
    run.resolve(outcome);
  };

  const start = (): Host | null => {
    if (host) return host;
    let child: ChildProcess;
    try {
      child = fork(options.entry ?? childFile, [], {
        // Nothing of the bot's environment (its tokens): Node's own settings and PATH only.
        env: hostEnv(options.env ?? process.env),
        execArgv: isTypeScript ? [...HOST_V8_FLAGS, '--import', import.meta.resolve('tsx')] : HOST_V8_FLAGS,
        serialization: 'advanced',
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
    } catch (error) {
      noteFailedStart(`it did not start: ${(error as Error).message}`);
      return null;
    }
    let markReady: (ok: boolean) => void = () => undefined;
    const ready = new Promise<boolean>((resolve) => {
      markReady = resolve;
    });
    const current: Host = { child, ready };
    host = current;
    let saidReady = false;
    let startFailed = false;
    const failStart = (why: string): void => {
      if (saidReady || startFailed) return;
      startFailed = true;
      if (host === current) host = null;
      markReady(false);
      if (!closed) noteFailedStart(why);
    };
    child.on('message', (message: FromStepHost) => {
      if (message.type === 'ready') {
        saidReady = true;
        failedStarts = 0;
        markReady(true);
        logger?.info({ pid: child.pid }, 'step host started: local steps run in it');
      } else if (message.type === 'started') {
        const run = pending.get(message.id);
        if (run) run.pid = message.pid;
      } else if (message.type === 'output') pending.get(message.id)?.options.capture.push(message.chunk);
      else if (message.type === 'skipped') pending.get(message.id)?.options.capture.skip(message.bytes);
      else if (message.type === 'done') endRun(message.id, message.outcome);
    });
    child.on('error', (error) => {
      if (!saidReady) failStart(`it did not start: ${error.message}`);
      else logger?.warn({ err: error }, 'step host process error');
    });
    child.once('exit', (code, signal) => {
      if (host === current) host = null;
      const how = signal ?? `code ${code}`;
      if (!saidReady) return failStart(`it ended (${how}) before it was ready`);
      if (!closed) logger?.warn({ code, signal, running: pending.size }, 'step host process ended');
      for (const [id, run] of pending) {
        // Whatever the step started must not outlive it: its group and session go, as after a timeout.
        const killed = run.pid === undefined ? Promise.resolve(0) : killProcessTree(run.pid);
        void killed.finally(() =>
          endRun(id, {
            exitCode: null,
            signal: null,
            timedOut: false,
            spawnError: `the step host process ended (${how}) while the step ran; its processes were killed`,
          }),
        );
      }
    });
    holdBotOpen();
    return current;
  };

  const noteFailedStart = (why: string): void => {
    failedStarts++;
    logger?.warn({ attempt: failedStarts }, `step host: ${why}`);
    if (failedStarts >= MAX_FAILED_STARTS) {
      inBot = why;
      logger?.warn(
        `step host could not start ${failedStarts} times (${why}); local steps run in the bot process`,
      );
    }
  };

  const send = (current: Host, message: ToStepHost): boolean => {
    try {
      if (!current.child.connected) return false;
      current.child.send(message);
      return true;
    } catch {
      return false;
    }
  };

  const runOnHost = async (runOptions: ExecuteOptions): Promise<CommandOutcome> => {
    const current = start();
    if (!current || !(await current.ready)) return executeCommand(runOptions);
    const id = nextId++;
    return new Promise<CommandOutcome>((resolve) => {
      const run: PendingRun = { options: runOptions, pid: undefined, cancelTimer: () => undefined, resolve };
      pending.set(id, run);
      const sent = send(current, {
        type: 'run',
        id,
        command: runOptions.command,
        cwd: runOptions.cwd,
        env: runOptions.env,
        stdin: runOptions.stdin,
        killGraceMs: runOptions.killGraceMs,
        drainMs: runOptions.drainMs,
        keep: runOptions.capture.limits,
      });
      if (!sent) {
        pending.delete(id);
        // The host went between its ready and this step: the step runs here rather than not at all.
        resolve(executeCommand(runOptions));
        return;
      }
      run.cancelTimer = runOptions.clock.setTimer(runOptions.timeoutMs, () =>
        send(current, { type: 'time-up', id }),
      );
    });
  };

  const executor: CommandExecutor = async (runOptions) => {
    if (inBot !== null || closed) return executeCommand(runOptions);
    inUse++;
    holdBotOpen();
    try {
      return await runOnHost(runOptions);
    } finally {
      inUse--;
      holdBotOpen();
    }
  };

  return {
    executor,
    start: () => {
      if (inBot === null && !closed) start();
    },
    pid: () => host?.child.pid,
    close: async () => {
      closed = true;
      const child = host?.child;
      if (!child || child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      // The host kills its running steps and exits when its channel closes.
      child.disconnect();
      const timer = setTimeout(() => child.kill('SIGKILL'), 2000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** The host's own environment: what Node and the shell lookup need, none of the bot's secrets. */
function hostEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const kept: NodeJS.ProcessEnv = {};
  for (const name of ['PATH', 'NODE_OPTIONS', 'NODE_COMPILE_CACHE', 'TMPDIR', 'LANG'])
    if (env[name] !== undefined) kept[name] = env[name];
  return kept;
}
