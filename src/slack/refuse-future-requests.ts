import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { Clock } from '../core/ports.ts';

/** Slack's own tolerance for a request's clock: 5 minutes either way. */
export const MAX_CLOCK_SKEW_MS = 5 * 60_000;

/**
 * True when the request says it was signed more than `maxSkewMs` in the future. Bolt's check
 * (verifySlackRequest) refuses only timestamps older than 5 minutes; a request dated ahead could be
 * replayed for as long as it is ahead. A missing or malformed header is left to Bolt (it refuses it).
 */
export function isDatedInTheFuture(
  headers: IncomingMessage['headers'],
  nowMs: number,
  maxSkewMs = MAX_CLOCK_SKEW_MS,
): boolean {
  const value = headers['x-slack-request-timestamp'];
  if (typeof value !== 'string' || !/^\d{1,15}$/.test(value.trim())) return false;
  return Number(value.trim()) * 1000 > nowMs + maxSkewMs;
}

/**
 * Wraps the HTTP receiver's listener: a request dated more than 5 minutes ahead gets 401 and never
 * reaches Bolt (no handler runs, nothing is acknowledged).
 */
export function refuseFutureRequests(
  listener: RequestListener,
  clock: Clock,
  onRefused: () => void = () => undefined,
): RequestListener {
  return (request: IncomingMessage, response: ServerResponse) => {
    if (isDatedInTheFuture(request.headers, clock.now())) {
      onRefused();
      request.resume();
      response.writeHead(401, { 'content-type': 'text/plain; charset=utf-8' });
      response.end('request timestamp is too far in the future');
      return;
    }
    listener(request, response);
  };
}
