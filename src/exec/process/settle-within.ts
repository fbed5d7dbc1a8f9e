import type { Clock } from '../../core/ports.ts';

/**
 * Waits for `promise`, at most `ms` (the drain and kill-grace waits of an executor). A timer of
 * `clock`, cancelled when the promise settles first: no AbortController, whose `abort()` builds a
 * DOMException with a stack trace, three times per step on the event loop.
 */
export function settleWithin(promise: Promise<unknown>, ms: number, clock: Clock): Promise<void> {
  return new Promise<void>((resolve) => {
    const cancel = clock.setTimer(ms, resolve);
    const settled = (): void => {
      cancel();
      resolve();
    };
    promise.then(settled, settled);
  });
}
