import type { Clock } from '../core/ports.ts';

export interface BackoffPolicy {
  /** Delay before the second attempt. Default 1 s. */
  initialMs: number;
  /** The delay doubles up to this cap. Default 5 minutes. */
  maxMs: number;
}

export const defaultBackoff: BackoffPolicy = { initialMs: 1000, maxMs: 5 * 60_000 };

/** Delay after the `failures`-th failure in a row (1-based): 1 s, 2 s, 4 s, … capped. */
export function backoffDelay(failures: number, policy: BackoffPolicy = defaultBackoff): number {
  const exponent = Math.max(0, failures - 1);
  return Math.min(policy.maxMs, policy.initialMs * 2 ** Math.min(exponent, 30));
}

export interface Retrying {
  /** Resolves after the first attempt: true when it succeeded. */
  first: Promise<boolean>;
  /** Resolves when an attempt succeeded (never when stopped before). */
  succeeded: Promise<void>;
  /** No further attempts. */
  stop(): void;
}

/**
 * Runs `attempt` until it succeeds, waiting with capped exponential backoff between failures
 * (timers from the injected clock). `onFailure` hears each failure and the wait before the next try.
 */
export function retryWithBackoff(options: {
  attempt: () => Promise<void>;
  clock: Clock;
  onFailure: (error: unknown, retryInMs: number) => void;
  policy?: BackoffPolicy;
}): Retrying {
  let stopped = false;
  let cancelTimer: (() => void) | null = null;
  let failures = 0;
  let resolveFirst: (ok: boolean) => void = () => {};
  let resolveSucceeded: () => void = () => {};
  const first = new Promise<boolean>((resolve) => {
    resolveFirst = resolve;
  });
  const succeeded = new Promise<void>((resolve) => {
    resolveSucceeded = resolve;
  });

  const run = async (): Promise<void> => {
    cancelTimer = null;
    if (stopped) return;
    try {
      await options.attempt();
    } catch (error) {
      if (stopped) return resolveFirst(false);
      failures += 1;
      const wait = backoffDelay(failures, options.policy);
      options.onFailure(error, wait);
      resolveFirst(false);
      cancelTimer = options.clock.setTimer(wait, () => void run());
      return;
    }
    resolveFirst(true);
    if (!stopped) resolveSucceeded();
  };
  void run();

  return {
    first,
    succeeded,
    stop: () => {
      stopped = true;
      cancelTimer?.();
      cancelTimer = null;
      resolveFirst(false);
    },
  };
}
