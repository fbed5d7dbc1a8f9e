/**
 * Starting a process blocks the event loop: `child_process.spawn` returns only once the child has
 * been forked and has exec'd (about 3 ms in the bot on a quiet machine, 10–20 ms on a busy one).
 * When 50 diagnoses started their checks together, ~150 spawns ran back to back in one stretch of
 * the loop, and a slash command arriving meanwhile was not even read until they were all done: its
 * ack waited ~1 s on a quiet machine and 3–4 s on a busy one (docs/BENCHMARKS.md, "Diagnose acks").
 *
 * A spawn turn lets one process start per turn of the event loop, in order of request: between two
 * spawns the loop polls its sockets, so requests waiting there are read and acknowledged first.
 * Not a delay and not a limit on how many steps run at once: no clock, nothing is refused.
 */
export type TakeSpawnTurn = () => Promise<void>;

/**
 * Turns of the event loop handed out one at a time, in order of request (spawn turns here; the
 * work after an ack in slack/after-acks.ts). `nextTurn` runs a callback on a later turn of the
 * event loop, after pending I/O was polled (`setImmediate` does: an immediate queued while
 * immediates run waits for the next turn).
 */
export function createTurns(nextTurn: (run: () => void) => void = setImmediate): TakeSpawnTurn {
  const waiting: (() => void)[] = [];
  let scheduled = false;
  const grant = () => {
    const next = waiting.shift();
    if (waiting.length > 0) nextTurn(grant);
    else scheduled = false;
    next?.();
  };
  return () =>
    new Promise<void>((resolve) => {
      waiting.push(resolve);
      if (!scheduled) {
        scheduled = true;
        nextTurn(grant);
      }
    });
}

/** The process's spawn turns: every local step's process waits for one (`executeCommand`). */
export const takeSpawnTurn: TakeSpawnTurn = createTurns();
