import type { Clock } from '../core/ports.ts';

/** A readiness probe: true when healthy. A throw or a timeout counts as false. */
export type HealthCheck = () => boolean | Promise<boolean>;

export interface HealthChecks {
  /** Slack connected (Socket Mode socket open, or the HTTP receiver listening and auth.test passed). */
  slack: HealthCheck;
  /** The state store answers and is writable. */
  database: HealthCheck;
}

export interface HealthBody {
  /** The process answers at all (liveness). */
  live: true;
  /** Every check passed (readiness). */
  ready: boolean;
  checks: { slack: boolean; database: boolean };
}

export interface HealthResponse {
  status: 200 | 503;
  body: HealthBody;
}

export interface Health {
  /** `GET /healthz`: 200 when ready, 503 otherwise; the body says which check failed. */
  handle(): Promise<HealthResponse>;
}

export interface HealthOptions {
  checks: HealthChecks;
  /** With a clock, a check slower than `timeoutMs` counts as failed (a hung database must not hang /healthz). */
  clock?: Clock;
  /** Default 2000 ms; only used with `clock`. */
  timeoutMs?: number;
}

export function createHealth(options: HealthOptions): Health {
  const timeoutMs = options.timeoutMs ?? 2000;

  async function probe(check: HealthCheck): Promise<boolean> {
    const attempt = Promise.resolve()
      .then(check)
      .then((ok) => ok === true)
      .catch(() => false);
    const clock = options.clock;
    if (!clock) return attempt;
    let cancel = (): void => {};
    const timedOut = new Promise<boolean>((resolve) => {
      cancel = clock.setTimer(timeoutMs, () => resolve(false));
    });
    try {
      return await Promise.race([attempt, timedOut]);
    } finally {
      cancel();
    }
  }

  return {
    async handle() {
      const [slack, database] = await Promise.all([
        probe(options.checks.slack),
        probe(options.checks.database),
      ]);
      const ready = slack && database;
      return { status: ready ? 200 : 503, body: { live: true, ready, checks: { slack, database } } };
    },
  };
}
