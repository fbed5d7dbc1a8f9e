import { PageRetryableError } from '../core/pages/page-types.ts';
import type { Clock } from '../core/ports.ts';

export type Fetch = typeof globalThis.fetch;

export interface HttpDeps {
  fetch: Fetch;
  clock: Clock;
  /** Attempts in this call (the outbox adds more later): default 3. */
  attempts?: number;
  /** First wait between attempts, doubling: default 1 s. */
  backoffMs?: number;
  /** Each request is abandoned after this long: default 10 s. */
  timeoutMs?: number;
}

export interface HttpAnswer {
  status: number;
  text: string;
}

const MAX_RETRY_AFTER_MS = 60_000;

/** Retry-After in seconds or as an HTTP date; null when absent or unreadable. */
function retryAfterMs(header: string | null, now: number): number | null {
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

/**
 * POSTs `body` (already serialised: a signature may cover its exact bytes). 429, 5xx and network
 * failures are tried again with backoff (Retry-After honoured, at most a minute); after the last
 * attempt a `PageRetryableError` says why. Any other status is returned to the caller.
 */
export async function postJson(
  deps: HttpDeps,
  input: { url: string; headers: Record<string, string>; body: string },
): Promise<HttpAnswer> {
  const attempts = Math.max(1, deps.attempts ?? 3);
  let wait = deps.backoffMs ?? 1000;
  let last: PageRetryableError | null = null;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const controller = new AbortController();
    const cancel = deps.clock.setTimer(deps.timeoutMs ?? 10_000, () => controller.abort());
    try {
      const response = await deps.fetch(input.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...input.headers },
        body: input.body,
        signal: controller.signal,
      });
      const text = await response.text();
      if (response.status !== 429 && response.status < 500) return { status: response.status, text };
      const after = retryAfterMs(response.headers.get('retry-after'), deps.clock.now());
      last = new PageRetryableError(`${response.status} ${shortText(text)}`.trim(), response.status, after);
    } catch (error) {
      const reason = controller.signal.aborted ? 'timed out' : (error as Error).message;
      last = new PageRetryableError(`no answer from ${new URL(input.url).host}: ${reason}`, null, null);
    } finally {
      cancel();
    }
    if (attempt < attempts) {
      await deps.clock.sleep(Math.min(MAX_RETRY_AFTER_MS, Math.max(wait, last.retryAfterMs ?? 0)));
      wait *= 2;
    }
  }
  throw last ?? new PageRetryableError('not sent', null, null);
}

/** The first 200 characters of an answer, on one line. */
export function shortText(text: string): string {
  return text.replace(/\s+/g, ' ').trim().slice(0, 200);
}
