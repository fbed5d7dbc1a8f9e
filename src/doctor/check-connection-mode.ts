import { type CheckResult, failed, passed } from './check-result.ts';

export interface ConnectionModeDeps {
  /** SLACK_APP_TOKEN: when set, the bot uses Socket Mode. */
  appToken?: string | undefined;
  /** SLACK_SIGNING_SECRET: required in HTTP mode. */
  signingSecret?: string | undefined;
  /** PORT: events (HTTP mode) or /healthz and /metrics (both modes). */
  port: number;
  /** True when the port can be bound on 127.0.0.1 (omit to skip). */
  probe?: (port: number) => Promise<boolean>;
  /** Socket Mode: `apps.connections.open` with the app token (omit to skip). May throw. */
  openSocket?: () => Promise<{ ok: boolean; error?: string }>;
}

const name = 'Connection mode';
const appTokenHint =
  'create an app-level token with the connections:write scope (app settings → Basic Information → App-Level Tokens) and put it in SLACK_APP_TOKEN';

async function socketProblem(openSocket: ConnectionModeDeps['openSocket']): Promise<string | null> {
  if (!openSocket) return null;
  try {
    const result = await openSocket();
    return result.ok ? null : (result.error ?? 'unknown error');
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

export async function checkConnectionMode(deps: ConnectionModeDeps): Promise<CheckResult> {
  const appToken = deps.appToken?.trim() ?? '';
  const signingSecret = deps.signingSecret?.trim() ?? '';
  let mode: string;
  if (appToken) {
    if (!appToken.startsWith('xapp-')) {
      return failed(
        name,
        'error',
        'SLACK_APP_TOKEN is set but is not an app-level token (xapp-…)',
        appTokenHint,
      );
    }
    const problem = await socketProblem(deps.openSocket);
    if (problem) {
      // Slack answers with a code (invalid_auth, missing_scope…); anything else is the network.
      const hint = /^[a-z_]+$/.test(problem)
        ? appTokenHint
        : 'Slack could not be reached: check the network, proxy and SLACK_API_URL (unset it for the real Slack)';
      return failed(name, 'error', `Socket Mode: apps.connections.open failed: ${problem}`, hint);
    }
    mode = `Socket Mode (no inbound port needed)${deps.openSocket ? ', apps.connections.open passed' : ''}`;
  } else if (signingSecret) {
    if (!/^[0-9a-f]{32}$/i.test(signingSecret)) {
      return failed(
        name,
        'warning',
        'HTTP mode: SLACK_SIGNING_SECRET does not look like a Slack signing secret (32 hex characters)',
        'copy it again from the app settings → Basic Information → Signing Secret; every request will get 401 otherwise',
      );
    }
    mode = `HTTP mode, events at POST :${deps.port}/slack/events`;
  } else {
    return failed(
      name,
      'error',
      'neither SLACK_APP_TOKEN (Socket Mode) nor SLACK_SIGNING_SECRET (HTTP mode) is set',
      `set SLACK_APP_TOKEN (xapp-…, simplest: no inbound port) or SLACK_SIGNING_SECRET and expose PORT ${deps.port} through your reverse proxy`,
    );
  }
  if (deps.probe && !(await deps.probe(deps.port))) {
    return failed(
      name,
      'warning',
      `${mode}; but port ${deps.port} cannot be bound on 127.0.0.1 (in use, or not allowed)`,
      `if the bot itself is running this is expected; otherwise free the port or set PORT (it serves ${appToken ? '/healthz and /metrics' : 'Slack events, /healthz and /metrics'})`,
    );
  }
  return passed(name, `${mode}${deps.probe ? `; port ${deps.port} is free` : ''}`);
}
