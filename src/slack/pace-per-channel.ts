import type { Clock } from '../core/ports.ts';

/**
 * Slack allows about one message per second per channel. `pace(channel, send)` runs sends for one
 * channel one after another, at least `intervalMs` apart; other channels are not held up. A send
 * that has not settled after `maxHoldMs` (a request that hangs) releases its channel: the next
 * send starts while the slow one goes on (its own timeout ends it). Every send runs, in order of
 * arrival.
 */
export function createChannelPacer(clock: Clock, intervalMs = 1000, maxHoldMs = Number.POSITIVE_INFINITY) {
  const tails = new Map<string, Promise<void>>();
  const lastSent = new Map<string, number>();

  /** Resolves when `running` settles or after `maxHoldMs`, whichever comes first. */
  const held = (running: Promise<unknown>): Promise<void> =>
    new Promise<void>((resolve) => {
      const cancel = Number.isFinite(maxHoldMs) ? clock.setTimer(maxHoldMs, resolve) : () => undefined;
      const done = () => {
        cancel();
        resolve();
      };
      running.then(done, done);
    });

  return function pace<T>(channel: string, send: () => Promise<T>): Promise<T> {
    const previous = tails.get(channel) ?? Promise.resolve();
    const turn = previous.then(async () => {
      const wait = (lastSent.get(channel) ?? Number.NEGATIVE_INFINITY) + intervalMs - clock.now();
      if (wait > 0) await clock.sleep(wait);
    });
    const result = turn.then(send);
    const slot = turn
      .then(() => held(result))
      .then(
        () => {
          lastSent.set(channel, clock.now());
        },
        () => undefined,
      );
    tails.set(channel, slot);
    const forget = () => {
      if (tails.get(channel) === slot) tails.delete(channel);
    };
    slot.then(forget, forget);
    return result;
  };
}
