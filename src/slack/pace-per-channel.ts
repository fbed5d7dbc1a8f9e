import type { Clock } from '../core/ports.ts';

/**
 * Slack allows about one message per second per channel. `pace(channel, send)` runs sends for one
 * channel one after another, at least `intervalMs` apart; other channels are not held up.
 */
export function createChannelPacer(clock: Clock, intervalMs = 1000) {
  const tails = new Map<string, Promise<unknown>>();
  const lastSent = new Map<string, number>();

  return function pace<T>(channel: string, send: () => Promise<T>): Promise<T> {
    const previous = tails.get(channel) ?? Promise.resolve();
    const next = previous
      .catch(() => undefined)
      .then(async () => {
        const wait = (lastSent.get(channel) ?? Number.NEGATIVE_INFINITY) + intervalMs - clock.now();
        if (wait > 0) await clock.sleep(wait);
        try {
          return await send();
        } finally {
          lastSent.set(channel, clock.now());
        }
      });
    tails.set(channel, next);
    const forget = () => {
      if (tails.get(channel) === next) tails.delete(channel);
    };
    next.then(forget, forget);
    return next;
  };
}
