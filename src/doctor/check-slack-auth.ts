import { type CheckResult, failed, passed } from './check-result.ts';

export interface AuthTestResult {
  ok: boolean;
  user?: string;
  team?: string;
  /** Slack's error code (`invalid_auth`, `token_revoked`…) or a network error message. */
  error?: string;
}

export interface SlackAuthDeps {
  /** The configured SLACK_BOT_TOKEN, to catch a missing or wrong-kind token before calling Slack. */
  token?: string | undefined;
  /** `auth.test` with that token. May throw (network down, DNS). */
  authTest: () => Promise<AuthTestResult>;
}

const name = 'Slack bot token';
const tokenHint = 'check SLACK_BOT_TOKEN (xoxb-…) — reinstall the app to get a new one';

/** Slack answers these when the token itself is bad; anything else is network or Slack trouble. */
const tokenErrors = new Set([
  'invalid_auth',
  'not_authed',
  'token_revoked',
  'token_expired',
  'account_inactive',
  'no_permission',
  'missing_scope',
]);

export async function checkSlackAuth(deps: SlackAuthDeps): Promise<CheckResult> {
  if (deps.token !== undefined) {
    if (deps.token.trim() === '') return failed(name, 'error', 'SLACK_BOT_TOKEN is not set', tokenHint);
    if (!deps.token.startsWith('xoxb-')) {
      return failed(
        name,
        'error',
        `SLACK_BOT_TOKEN starts with "${deps.token.slice(0, 5)}", not "xoxb-" (a bot token)`,
        `${tokenHint}; the xapp- token goes in SLACK_APP_TOKEN`,
      );
    }
  }
  let result: AuthTestResult;
  try {
    result = await deps.authTest();
  } catch (error) {
    result = { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  if (result.ok) {
    const who = result.user ? ` as @${result.user}` : '';
    const where = result.team ? ` in ${result.team}` : '';
    return passed(name, `auth.test passed${who}${where}`);
  }
  const error = result.error ?? 'unknown error';
  if (tokenErrors.has(error)) {
    return failed(name, 'error', `Slack rejected the bot token: ${error}`, tokenHint);
  }
  return failed(
    name,
    'error',
    `auth.test failed: ${error}`,
    'Slack could not be reached: check the network, proxy and SLACK_API_URL (unset it for the real Slack)',
  );
}
