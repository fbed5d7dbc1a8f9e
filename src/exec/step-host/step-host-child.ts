// The step host's entry point (started by step-host.ts with an IPC channel): runs each step it is
// sent with the local executor and sends back its pid, the output the bot keeps and its outcome.
import { systemClock } from '../../core/ports.ts';
import { createOutputCapture, type OutputCapture } from '../process/capture-output.ts';
import { executeCommand } from '../process/execute-command.ts';
import { killProcessTree } from '../process/kill-process-group.ts';
import type { FromStepHost, RunRequest, ToStepHost } from './step-host-messages.ts';

interface Running {
  pid: number | undefined;
  timeUp: (() => void) | null;
  timedUpEarly: boolean;
}

const running = new Map<number, Running>();

function send(message: FromStepHost): void {
  // The channel closes when the bot goes: 'disconnect' below ends everything then.
  if (process.connected) process.send?.(message);
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
  const state: Running = { pid: undefined, timeUp: null, timedUpEarly: false };
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
      armTimeout: (fire) => {
        state.timeUp = fire;
        if (state.timedUpEarly) queueMicrotask(fire);
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
}

process.on('message', (message: ToStepHost) => {
  if (message.type === 'run') void run(message);
  else if (message.type === 'time-up') {
    const state = running.get(message.id);
    if (!state) return;
    if (state.timeUp) state.timeUp();
    else state.timedUpEarly = true;
  }
});

// The bot is gone (stopped, crashed, killed): nothing would read the outcomes, and no step outlives
// the bot that started it.
process.on('disconnect', () => {
  const leaders = [...running.values()].flatMap((state) => (state.pid === undefined ? [] : [state.pid]));
  void Promise.all(leaders.map((pid) => killProcessTree(pid))).finally(() => process.exit(0));
});

send({ type: 'ready' });
