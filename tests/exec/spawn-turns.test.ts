import { MessageChannel } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { createTurns } from '../../src/exec/process/spawn-turns.ts';

/** A hand-driven event loop: `turn()` runs what was scheduled for the next turn. */
function manualTurns() {
  let scheduled: (() => void)[] = [];
  return {
    nextTurn: (run: () => void) => {
      scheduled.push(run);
    },
    async turn() {
      const now = scheduled;
      scheduled = [];
      for (const run of now) run();
      // Let the granted spawns' continuations run, as microtasks do after an immediate.
      await new Promise((resolve) => setImmediate(resolve));
    },
  };
}

describe('spawn turns', () => {
  it('lets one process start per turn of the event loop, in order of request', async () => {
    const loop = manualTurns();
    const take = createTurns(loop.nextTurn);
    const started: string[] = [];
    for (const step of ['check-one', 'check-two', 'check-three']) void take().then(() => started.push(step));
    expect(started).toEqual([]);
    await loop.turn();
    expect(started).toEqual(['check-one']);
    void take().then(() => started.push('late'));
    await loop.turn();
    expect(started).toEqual(['check-one', 'check-two']);
    await loop.turn();
    await loop.turn();
    expect(started).toEqual(['check-one', 'check-two', 'check-three', 'late']);
    await loop.turn();
    expect(started).toHaveLength(4);
  });

  it('a lone spawn is not held back behind an empty queue', async () => {
    const loop = manualTurns();
    const take = createTurns(loop.nextTurn);
    let started = 0;
    void take().then(() => started++);
    await loop.turn();
    void take().then(() => started++);
    await loop.turn();
    expect(started).toBe(2);
  });

  it('on the real event loop, I/O that arrives while spawns are queued is handled before the next one starts', async () => {
    const take = createTurns();
    const order: string[] = [];
    // A message port delivers through the event loop's poll, as a socket with a request on it does.
    const { port1, port2 } = new MessageChannel();
    const received = new Promise<void>((resolve) => {
      port2.once('message', () => {
        order.push('request read');
        resolve();
      });
    });
    const spawns = Array.from({ length: 5 }, (_, index) =>
      take().then(() => {
        order.push(`spawn ${index + 1}`);
        if (index === 0) port1.postMessage('a slash command');
      }),
    );
    await Promise.all([...spawns, received]);
    port1.close();
    expect(order.indexOf('request read')).toBeGreaterThan(order.indexOf('spawn 1'));
    expect(order.indexOf('request read')).toBeLessThan(order.indexOf('spawn 5'));
  });
});
