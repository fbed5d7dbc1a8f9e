// The step host's entry point (started by step-host.ts with an IPC channel): runs each step it is
// sent with the local executor and sends back its pid, the output the bot keeps and its outcome.
import { systemClock } from '../../core/ports.ts';
import { createOutputCapture, type OutputCapture } from '../process/capture-output.ts';
import { executeCommand } from '../process/execute-command.ts';
import { killProcessGroup } from '../process/kill-process-group.ts';
import type { FromStepHost, RunRequest, ToStepHost } from './step-host-messages.ts';

interface Running {
  pid: number | undefined;
  /** Ends the step as a timeout; set once its shell started (the bot arms its timer on 'started'). */
  timeUp: (() => void) | null;
}

const running = new Map<number, Running>();

/** Set once the bot is gone (or said to stop): no step starts any more, and the host exits when none runs. */
let closing = false;

function send(message: FromStepHost): void {
  // The channel closes when the bot goes: a write that fails then (EPIPE) ends the host like a
  // disconnect instead of crashing it before it killed its steps.
  if (process.connected) process.send?.(message, undefined, {}, (error: Error | null) => error && shutdown());
}

/**
 * Sends what the bot's capture will keep of a step's output, once the step is over: the head, how
 * many bytes fell between head and tail, the tail. A 200 MB log sends ~128 KB to the bot, and the
 * host holds no more than the capture would (nothing reads a step's output before it ends).
 */
function sendKept(id: number, capture: OutputCapture): void {
  const { head, dropped, tail } = capture.kept();
  if (head.length > 0) send({ type: 'output', id, chunk: head });
  if (dropped > 0) send({ type: 'skipped', id, bytes: dropped });
  if (tail.length > 0) send({ type: 'output', id, chunk: tail });
}

async function run(request: RunRequest): Promise<void> {
  const state: Running = { pid: undefined, timeUp: null };
  running.set(request.id, state);
  const capture = createOutputCapture(request.keep);
  const outcome = await executeCommand(
    {
      command: request.command,
      cwd: request.cwd,
      env: request.env,
      stdin: request.stdin,
      // Unused: the bot's clock decides when the time is up (`armTimeout`).
      timeoutMs: 0,
      clock: systemClock,
      capture,
      killGraceMs: request.killGraceMs,
      drainMs: request.drainMs,
    },
    {
      mayStart: () => !closing,
      armTimeout: (fire) => {
        state.timeUp = fire;
        return () => {
          state.timeUp = null;
        };
      },
      onStarted: (pid) => {
        state.pid = pid;
        send({ type: 'started', id: request.id, pid });
      },
    },
  );
  running.delete(request.id);
  sendKept(request.id, capture);
  send({ type: 'done', id: request.id, outcome });
  if (closing && running.size === 0) process.exit(0);
}

process.on('message', (message: ToStepHost) => {
  if (message.type === 'run') void run(message);
  else if (message.type === 'time-up') running.get(message.id)?.timeUp?.();
});

/**
 * The bot is gone (stopped, crashed, killed): nothing would read the outcomes, and no step
 * outlives the bot that started it. Steps still waiting for their turn never start; running ones
 * are killed (their group now; `executeCommand` then kills what is left of their session) and the
 * host exits once the last one ended (at most ~10 s later, whatever happens).
 */
function shutdown(): void {
  if (closing) return;
  closing = true;
  for (const state of running.values()) if (state.pid !== undefined) killProcessGroup(state.pid, 'SIGKILL');
  if (running.size === 0) process.exit(0);
  setTimeout(() => process.exit(0), 10_000);
}

process.on('disconnect', shutdown);
process.on('error', shutdown);
// The host's life is the bot's channel: Ctrl-C in a terminal or `systemctl stop` signal the whole
// process group, and the bot, stopping in order, closes the channel (then the host ends its steps).
// Were the bot killed outright, the channel closes all the same.
process.on('SIGINT', () => undefined);
process.on('SIGTERM', () => undefined);

send({ type: 'ready' });
