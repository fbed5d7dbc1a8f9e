// The step host's entry point (started by step-host.ts with an IPC channel): runs each step it is
// sent with the local executor and streams back its pid, its output and its outcome.
import { systemClock } from '../../core/ports.ts';
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
 * Sends a step's output as the bot's capture will keep it (`keep`): the head as it arrives (at most
 * one message per turn of the loop), then how many bytes fell between head and tail, then the
 * tail when the step is over. A 200 MB log sends ~128 KB to the bot and holds at most the tail here.
 */
function outputSender(id: number, keep: RunRequest['keep']): { push(chunk: Buffer): void; finish(): void } {
  let headLeft = keep.headBytes;
  let head: Buffer[] = [];
  let scheduled = false;
  let tail: Buffer[] = [];
  let tailSize = 0;
  let skipped = 0;
  const sendHead = (): void => {
    scheduled = false;
    if (head.length === 0) return;
    const chunk = head.length === 1 ? (head[0] as Buffer) : Buffer.concat(head);
    head = [];
    send({ type: 'output', id, chunk });
  };
  const keepTail = (chunk: Buffer): void => {
    tail.push(chunk);
    tailSize += chunk.length;
    while (tail.length > 1 && tailSize - (tail[0] as Buffer).length >= keep.tailBytes) {
      const dropped = tail.shift() as Buffer;
      tailSize -= dropped.length;
      skipped += dropped.length;
    }
    if (tail.length > 64 || tailSize - keep.tailBytes > 1024 * 1024) {
      const merged = Buffer.concat(tail);
      const cut = Math.max(0, merged.length - keep.tailBytes);
      skipped += cut;
      tail = [Buffer.from(merged.subarray(cut))];
      tailSize = merged.length - cut;
    }
  };
  return {
    push(chunk) {
      let rest = chunk;
      if (headLeft > 0) {
        const take = Math.min(headLeft, rest.length);
        head.push(rest.subarray(0, take));
        headLeft -= take;
        rest = rest.subarray(take);
        if (!scheduled) {
          scheduled = true;
          setImmediate(sendHead);
        }
      }
      if (rest.length === 0) return;
      if (keep.tailBytes === 0) skipped += rest.length;
      else keepTail(rest);
    },
    finish() {
      sendHead();
      if (skipped > 0) send({ type: 'skipped', id, bytes: skipped });
      if (tailSize > 0) send({ type: 'output', id, chunk: Buffer.concat(tail) });
    },
  };
}

async function run(request: RunRequest): Promise<void> {
  const state: Running = { pid: undefined, timeUp: null, timedUpEarly: false };
  running.set(request.id, state);
  const output = outputSender(request.id, request.keep);
  const outcome = await executeCommand(
    {
      command: request.command,
      cwd: request.cwd,
      env: request.env,
      stdin: request.stdin,
      // Unused: the bot's clock decides when the time is up (`armTimeout`).
      timeoutMs: 0,
      clock: systemClock,
      capture: {
        limits: request.keep,
        push: (chunk) => output.push(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk)),
        skip: () => unreachable(),
        finish: () => unreachable(),
      },
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
  output.finish();
  send({ type: 'done', id: request.id, outcome });
}

function unreachable(): never {
  throw new Error('the step host only forwards output; the bot keeps and redacts it');
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
