import type { CheckOutcome } from '../observability/health.ts';

/**
 * Whether Slack is usable right now, and if not why: the bot token must have passed auth.test, and
 * the transport must be up (the Socket Mode socket connected, or the HTTP receiver listening).
 * Readiness (`/healthz`) reads it; the start-up retry and the socket's events write it.
 */
export interface SlackConnection {
  tokenVerified(): void;
  tokenRejected(reason: string): void;
  transportUp(): void;
  transportDown(reason: string): void;
  isTokenVerified(): boolean;
  status(): CheckOutcome;
}

export function createSlackConnection(): SlackConnection {
  let token: CheckOutcome = { ok: false, reason: 'checking the Slack token (auth.test)' };
  let transport: CheckOutcome = { ok: false, reason: 'not connected to Slack yet' };
  return {
    tokenVerified: () => {
      token = { ok: true };
    },
    tokenRejected: (reason) => {
      token = { ok: false, reason };
    },
    transportUp: () => {
      transport = { ok: true };
    },
    transportDown: (reason) => {
      transport = { ok: false, reason };
    },
    isTokenVerified: () => token.ok,
    status: () => {
      if (!token.ok) return token;
      return transport;
    },
  };
}
