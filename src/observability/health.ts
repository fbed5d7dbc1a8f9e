import type { Clock } from '../core/ports.ts';

/** What a readiness probe found: ok, or not ok with a reason a person can act on. */
export interface CheckOutcome {
  ok: boolean;
  /** Why it is not ok, e.g. "Slack rejected the token (invalid_auth)". Never a secret. */
  reason?: string;
}

/** A readiness probe: true (or `{ok:true}`) when healthy. A throw or a timeout counts as failed. */
export type HealthCheck = () => boolean | CheckOutcome | Promise<boolean | CheckOutcome>;

export interface HealthChecks {
  /** Slack usable: the token verified, and the Socket Mode socket open or the HTTP receiver listening. */
  slack: HealthCheck;
  /** The state store answers and is writable. */
  database: HealthCheck;
}

type CheckName = keyof HealthChecks;

export interface HealthBody {
  /** The process answers at all (liveness). */
  live: true;
  /** Every check passed (readiness). */
  ready: boolean;
  checks: { slack: boolean; database: boolean };
  /** Only when not ready: why, one clause per failed check ("slack: …; database: …"). */
  reason?: string;
}

export interface HealthResponse {
  status: 200 | 503;
  body: HealthBody;
}

export interface Health {
  /** `GET /healthz`: 200 when ready, 503 otherwise; the body says which check failed and why. */
  handle(): Promise<HealthResponse>;
}

export interface HealthOptions {
  checks: HealthChecks;
  /** With a clock, a check slower than `timeoutMs` counts as failed (a hung database must not hang /healthz). */
  clock?: Clock;
  /** Default 2000 ms; only used with `clock`. */
  timeoutMs?: number;
}

function asOutcome(value: boolean | CheckOutcome): CheckOutcome {
  if (typeof value === 'boolean') return { ok: value };
  return value !== null && typeof value === 'object' && value.ok === true
    ? { ok: true }
    : { ok: false, ...(typeof value?.reason === 'string' ? { reason: value.reason } : {}) };
}

export function createHealth(options: HealthOptions): Health {
  const timeoutMs = options.timeoutMs ?? 2000;

  async function probe(name: CheckName, check: HealthCheck): Promise<CheckOutcome> {
    const attempt = Promise.resolve()
      .then(check)
      .then(asOutcome)
      // The error's text may hold anything (paths, values): /healthz is unauthenticated, so it says only that it threw.
      .catch((): CheckOutcome => ({ ok: false, reason: `${name} check threw an error` }));
    const clock = options.clock;
    if (!clock) return attempt;
    let cancel = (): void => {};
    const timedOut = new Promise<CheckOutcome>((resolve) => {
      cancel = clock.setTimer(timeoutMs, () =>
        resolve({ ok: false, reason: `${name} check timed out after ${timeoutMs} ms` }),
      );
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
        probe('slack', options.checks.slack),
        probe('database', options.checks.database),
      ]);
      const ready = slack.ok && database.ok;
      const checks = { slack: slack.ok, database: database.ok };
      if (ready) return { status: 200, body: { live: true, ready, checks } };
      const reason = (
        [
          ['slack', slack],
          ['database', database],
        ] as const
      )
        .filter(([, outcome]) => !outcome.ok)
        .map(([name, outcome]) => outcome.reason ?? `${name} check failed`)
        .join('; ');
      return { status: 503, body: { live: true, ready, checks, reason } };
    },
  };
}
