import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** The header app.js sends the page's token in. */
export const TOKEN_HEADER = 'x-playground-token';

export type GuardVerdict = { ok: true } | { ok: false; status: 403 | 415 | 421; error: string };

export interface PageGuard {
  /** The per-page token, made at start, embedded in the served page. */
  token: string;
  /** GET and POST: the request is addressed to this server by name (no DNS rebinding). */
  checkHost(request: IncomingMessage): GuardVerdict;
  /** POST: same-origin `application/json` carrying the page's token, else refused before any work. */
  checkPost(request: IncomingMessage): GuardVerdict;
}

/** A random token, good for one playground run. */
export function newPageToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Guards the playground page's endpoints, which drive the bot (and so run runbook steps): another
 * web page can make the browser POST here (a `text/plain` form needs no CORS preflight), so every
 * POST must be same-origin JSON with the token only the served page knows. The Host check keeps a
 * rebinding domain from reading the page (and its token) through the browser.
 */
export function createPageGuard(options: { origin: string; token?: string }): PageGuard {
  const origin = new URL(options.origin);
  const token = options.token ?? newPageToken();
  const hosts = new Set([origin.host, `localhost:${origin.port}`]);
  const origins = new Set([...hosts].map((host) => `${origin.protocol}//${host}`));
  const expected = Buffer.from(token);

  const checkHost = (request: IncomingMessage): GuardVerdict =>
    hosts.has(request.headers.host ?? '')
      ? { ok: true }
      : { ok: false, status: 421, error: 'unknown Host: open the playground at its printed address' };

  return {
    token,
    checkHost,
    checkPost(request) {
      const host = checkHost(request);
      if (!host.ok) return host;
      const sent = request.headers.origin;
      if (sent !== undefined && !origins.has(sent)) {
        return { ok: false, status: 403, error: 'cross-origin request refused' };
      }
      const site = request.headers['sec-fetch-site'];
      if (site !== undefined && site !== 'same-origin') {
        return { ok: false, status: 403, error: 'cross-site request refused' };
      }
      const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
      if (type !== 'application/json') {
        return { ok: false, status: 415, error: 'send application/json' };
      }
      const given = request.headers[TOKEN_HEADER];
      const bytes = Buffer.from(typeof given === 'string' ? given : '');
      if (bytes.length !== expected.length || !timingSafeEqual(bytes, expected)) {
        return { ok: false, status: 403, error: 'missing or wrong page token: reload the page' };
      }
      return { ok: true };
    },
  };
}
