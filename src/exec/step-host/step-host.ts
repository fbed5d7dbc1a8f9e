import { type ChildProcess, fork } from 'node:child_process';
import { type Clock, type Logger, systemClock } from '../../core/ports.ts';
import {
  type CommandExecutor,
  type CommandOutcome,
  type ExecuteOptions,
  executeCommand,
  NOT_STARTED_SHUTTING_DOWN,
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

/**
 * Failures in a row (a host that did not start, did not say ready in time, or died with steps
 * running) after which steps run in the bot itself. A step the host finishes resets the count.
 */
const MAX_FAILURES = 3;
/** How long a new host may take to say it is ready (a TypeScript start on a busy machine included). */
const READY_WITHIN_MS = 30_000;
/**
 * Beyond a step's timeout, grace and drains, how long the bot waits for the host's answer before
 * it takes the host for stuck (stopped, swapping, looping) and kills it: the step then ends.
 */
const ANSWER_MARGIN_MS = 30_000;

export interface StepHost {
  /** The local executor, run by the host process (or in this process when the host cannot start). */
  executor: CommandExecutor;
  /** Starts the host process now rather than at the first step (the bot calls it once it listens). */
  start(): void;
  /** The host's pid while it runs (bench, tests). */
  pid(): number | undefined;
  /** Ends the host process; steps still running there are killed, and no step starts after it. */
  close(): Promise<void>;
}

interface Host {
  child: ChildProcess;
  ready: Promise<boolean>;
  /** Settles once the process exited and every message it sent was read. */
  gone: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

interface PendingRun {
  options: ExecuteOptions;
  host: Host;
  pid: number | undefined;
  timers: (() => void)[];
  resolve: (outcome: CommandOutcome) => void;
}

/** An outcome for a step that never started (nothing ran, nothing to clean up). */
function notStarted(why: string): CommandOutcome {
  return { exitCode: null, signal: null, timedOut: false, spawnError: why };
}

/**
 * Local steps run by a small, long-lived process of their own instead of the bot. Starting a
 * process from Node forks the whole parent: from the bot (~130 MB resident) each step's start held
 * its event loop ~6 ms, and the `/proc` pass after each step another ~1 ms, so a burst of diagnoses
 * delayed the acks of everything else (docs/BENCHMARKS.md, "Step host"). The host forks from
 * ~50 MB on its own event loop, on the other core; the bot only sends and receives messages.
 *
 * Same guarantees as `executeCommand`, which the host runs: the step's timeout is the bot's timer
 * on `options.clock` (armed when the host says the shell started, as in-process), told to the host,
 * which then kills the step's group (TERM, grace, KILL) and what it left behind. The host knows
 * nothing of the bot's environment: each step's whole environment travels with it. If the host
 * dies mid-step or stops answering, the bot kills the host and that step's processes and reports
 * the step as interrupted; the next step starts a new host. After MAX_FAILURES failures in a row,
 * steps run in the bot, as before, and the log says why. After `close()` no step starts.
 */
export function createStepHost(
  options: {
    logger?: Logger;
    /** The bot's environment, of which the host gets PATH and a few locale and temp names only. Default process.env. */
    env?: NodeJS.ProcessEnv;
    /** The host's entry point (tests: one that cannot start, or misbehaves). */
    entry?: URL;
    /** For the host's start and answer deadlines. Default the system clock. */
    clock?: Clock;
  } = {},
): StepHost {
  const { logger } = options;
  const clock = options.clock ?? systemClock;
  const pending = new Map<number, PendingRun>();
  let nextId = 1;
  let host: Host | null = null;
  let failures = 0;
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

  const noteFailure = (why: string): void => {
    failures++;
    logger?.warn({ failures }, `step host: ${why}`);
    if (failures >= MAX_FAILURES && inBot === null) {
      inBot = why;
      logger?.warn(
        `step host failed ${failures} times in a row (${why}); local steps run in the bot process`,
      );
    }
  };

  const endRun = (id: number, outcome: CommandOutcome): void => {
    const run = pending.get(id);
    if (!run) return;
    pending.delete(id);
    for (const cancel of run.timers) cancel();
    run.resolve(outcome);
  };

  const start = (): Host | null => {
    if (host) return host;
    let child: ChildProcess;
    try {
      child = fork(options.entry ?? childFile, [], {
        // Nothing of the bot's environment (its tokens, its NODE_OPTIONS preloads).
        env: hostEnv(options.env ?? process.env),
        execArgv: isTypeScript ? [...HOST_V8_FLAGS, '--import', import.meta.resolve('tsx')] : HOST_V8_FLAGS,
        serialization: 'advanced',
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
    } catch (error) {
      noteFailure(`it did not start: ${(error as Error).message}`);
      return null;
    }
    let markReady: (ok: boolean) => void = () => undefined;
    const ready = new Promise<boolean>((resolve) => {
      markReady = resolve;
    });
    const current: Host = { child, ready, gone: Promise.resolve({ code: null, signal: null }) };
    host = current;
    let saidReady = false;
    let startFailed = false;
    const failStart = (why: string): void => {
      if (saidReady || startFailed) return;
      startFailed = true;
      if (host === current) host = null;
      markReady(false);
      if (!closed) noteFailure(why);
    };
    const cancelReadyWatch = clock.setTimer(READY_WITHIN_MS, () => {
      if (saidReady) return;
      failStart(`it did not say it was ready within ${READY_WITHIN_MS / 1000} s`);
      child.kill('SIGKILL');
    });
    child.on('message', (message: FromStepHost) => {
      if (message.type === 'ready') {
        if (startFailed) return;
        saidReady = true;
        cancelReadyWatch();
        markReady(true);
        logger?.info({ pid: child.pid }, 'step host started: local steps run in it');
      } else if (message.type === 'started') {
        const run = pending.get(message.id);
        if (!run) return;
        run.pid = message.pid;
        // The step's time starts with its shell, as in-process.
        run.timers.push(
          run.options.clock.setTimer(run.options.timeoutMs, () =>
            send(current, { type: 'time-up', id: message.id }),
          ),
        );
      } else if (message.type === 'output') pending.get(message.id)?.options.capture.push(message.chunk);
      else if (message.type === 'skipped') pending.get(message.id)?.options.capture.skip(message.bytes);
      else if (message.type === 'done') {
        failures = 0;
        endRun(message.id, message.outcome);
      }
    });
    child.on('error', (error) => {
      if (!saidReady) failStart(`it did not start: ${error.message}`);
      else logger?.warn({ err: error }, 'step host process error');
    });
    // Settled when the process exited and its channel closed: every message the host sent before
    // it ended has been read by then. ('close' does not come for a process whose channel this side
    // disconnected.)
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.once('exit', (code, signal) => resolve({ code, signal })),
    );
    const disconnected = new Promise<void>((resolve) => {
      if (!child.connected) resolve();
      child.once('disconnect', () => resolve());
    });
    current.gone = Promise.all([exited, disconnected]).then(([how]) => how);
    void current.gone.then(({ code, signal }) => {
      cancelReadyWatch();
      if (host === current) host = null;
      const how = signal ?? `code ${code}`;
      if (!saidReady) return failStart(`it ended (${how}) before it was ready`);
      const mine = [...pending].filter(([, run]) => run.host === current);
      if (!closed) {
        logger?.warn({ code, signal, running: mine.length }, 'step host process ended');
        if (mine.length > 0) noteFailure(`it ended (${how}) while ${mine.length} step(s) ran`);
      }
      for (const [id, run] of mine) {
        if (run.pid === undefined) {
          endRun(id, notStarted(`the step host process ended (${how}) before the step started`));
          continue;
        }
        // Whatever the step started must not outlive it: its group and session go, as after a timeout.
        void killProcessTree(run.pid).finally(() =>
          endRun(id, {
            exitCode: null,
            signal: null,
            timedOut: false,
            spawnError: null,
            interrupted: `the step host process ended (${how}) while the step ran; its processes were killed`,
          }),
        );
      }
    });
    holdBotOpen();
    return current;
  };

  const send = (current: Host, message: ToStepHost): boolean => {
    try {
      if (!current.child.connected) return false;
      current.child.send(message, (error) => {
        // The host is going (its 'close' settles the steps), or its channel broke: end it.
        if (error) current.child.kill('SIGKILL');
      });
      return true;
    } catch {
      return false;
    }
  };

  const runOnHost = async (runOptions: ExecuteOptions): Promise<CommandOutcome> => {
    const current = start();
    const ready = current !== null && (await current.ready);
    if (closed) return notStarted(NOT_STARTED_SHUTTING_DOWN);
    if (!current || !ready) return executeCommand(runOptions);
    const id = nextId++;
    return new Promise<CommandOutcome>((resolve) => {
      const run: PendingRun = { options: runOptions, host: current, pid: undefined, timers: [], resolve };
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
      const answerWithin =
        runOptions.timeoutMs + runOptions.killGraceMs + 2 * runOptions.drainMs + ANSWER_MARGIN_MS;
      run.timers.push(
        clock.setTimer(answerWithin, () => {
          logger?.warn(
            { pid: current.child.pid, waitedMs: answerWithin },
            'step host did not answer for a step in time; killing it (a new one starts)',
          );
          current.child.kill('SIGKILL');
        }),
      );
    });
  };

  const executor: CommandExecutor = async (runOptions) => {
    if (closed) return notStarted(NOT_STARTED_SHUTTING_DOWN);
    if (inBot !== null) return executeCommand(runOptions);
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
      const current = host;
      if (!current) return;
      const { child } = current;
      // The host kills its running steps, waits for them to end, and exits when its channel closes.
      if (child.connected) child.disconnect();
      const cancel = clock.setTimer(5000, () => child.kill('SIGKILL'));
      await current.gone;
      cancel();
    },
  };
}

/** The host's own environment: what the shell lookup and Node need, none of the bot's secrets or preloads. */
function hostEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const kept: NodeJS.ProcessEnv = {};
  for (const name of ['PATH', 'TMPDIR', 'LANG', 'LC_ALL', 'TZ'])
    if (env[name] !== undefined) kept[name] = env[name];
  return kept;
}
