/** Slack error codes that mean "this token is not accepted" (auth.test, apps.connections.open). */
const TOKEN_CODES = new Set([
  'invalid_auth',
  'not_authed',
  'account_inactive',
  'token_revoked',
  'token_expired',
  'not_allowed_token_type',
  'missing_scope',
  'team_access_not_granted',
]);

/** Only Slack-shaped codes are echoed, so nothing else from an error (a URL, a header) can leak. */
function safeCode(value: unknown): string | null {
  return typeof value === 'string' && /^[a-z0-9_.]{1,64}$/i.test(value) ? value : null;
}

/**
 * Why a call made with a token failed, for /healthz and the log: from the Web API error's code and
 * Slack's error code only, never from the message (it must never show the token).
 */
export function describeSlackFailure(error: unknown, what: 'token' | 'app-level token'): string {
  const failure = (error ?? {}) as {
    code?: unknown;
    data?: { error?: unknown };
    statusCode?: unknown;
    retryAfter?: unknown;
    original?: { code?: unknown; cause?: { code?: unknown } };
  };
  switch (failure.code) {
    case 'slack_webapi_platform_error': {
      const code = safeCode(failure.data?.error) ?? 'error';
      return TOKEN_CODES.has(code)
        ? `Slack rejected the ${what} (${code})`
        : `Slack answered ${code} while checking the ${what}`;
    }
    case 'slack_webapi_rate_limited_error':
      return `Slack rate-limited the ${what} check (retry after ${Number(failure.retryAfter) || '?'} s)`;
    case 'slack_webapi_http_error':
      return `Slack answered HTTP ${Number(failure.statusCode) || '?'} while checking the ${what}`;
    case 'slack_webapi_request_error': {
      const code = safeCode(failure.original?.code) ?? safeCode(failure.original?.cause?.code);
      return `Slack could not be reached to check the ${what}${code ? ` (${code})` : ''}`;
    }
    default:
      return `checking the ${what} failed`;
  }
}
