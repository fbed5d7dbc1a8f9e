import { stringify } from 'yaml';
import { UserError } from '../core/errors.ts';

export interface ManifestCommand {
  command: string;
  description: string;
  /** The words a person may type after the command, in order (joined with " | " in the hint). */
  usageWords: string[];
}

export interface ManifestOptions {
  /**
   * HTTP mode: the bot's public https base URL (`https://bot.example.com`). Slash commands and
   * interactivity then post to `<base>/slack/events`, and Socket Mode is off. Without it, the
   * manifest is for Socket Mode (no request URLs; the bot connects out with an app-level token).
   */
  httpBaseUrl?: string;
}

/** Scopes the bot uses: slash commands, posting/updating in threads, file uploads, user group lookups. */
export const BOT_SCOPES = [
  'commands',
  'chat:write',
  'files:write',
  'usergroups:read',
  // Read back the bot's own recent messages after a send whose outcome was unknown (timeout,
  // 5xx), so an outbox message is never posted twice (src/slack/already-posted.ts).
  'channels:history',
  'groups:history',
] as const;

/**
 * Slack's manifest limits, as documented in the app manifest reference (mirrored in
 * @slack/web-api's `types/request/manifest.d.ts`).
 */
export const MANIFEST_LIMITS = {
  appName: 35,
  appDescription: 140,
  botDisplayName: 80,
  slashCommands: 50,
  command: 32,
  commandDescription: 2000,
  usageHint: 1000,
} as const;

/** Where Bolt's HTTP receiver takes slash commands and interactivity. */
export const EVENTS_PATH = '/slack/events';

const APP = {
  name: 'runbook-bot',
  description: 'Runs your Markdown runbooks from Slack, with approvals and escalation.',
};

/** Cut at the end with an ellipsis, counting characters (not UTF-16 units). */
function fitText(text: string, max: number): string {
  const chars = Array.from(text.trim());
  return chars.length <= max ? chars.join('') : `${chars.slice(0, max - 1).join('')}…`;
}

/** "help | diagnose | …": as many whole words as fit, then "…" when some were left out. */
export function fitUsageHint(words: readonly string[], max: number = MANIFEST_LIMITS.usageHint): string {
  const ellipsis = ' | …';
  let hint = '';
  for (const [index, word] of words.entries()) {
    const next = hint ? `${hint} | ${word}` : word;
    const room = index === words.length - 1 ? max : max - ellipsis.length;
    if (Array.from(next).length > room) return hint ? `${hint}${ellipsis}` : fitText(word, max);
    hint = next;
  }
  return hint;
}

/**
 * The base URL given with `--http`, checked: Slack only posts to https URLs. Returns the origin
 * plus any path prefix, without a trailing slash (a reverse proxy may serve the bot under a path).
 */
export function parseHttpBaseUrl(raw: string): string {
  const hint = 'give the public https address Slack can reach, e.g. --http https://bot.example.com';
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new UserError('usage', `--http: "${raw.slice(0, 200)}" is not a URL`, hint);
  }
  if (url.protocol !== 'https:') {
    throw new UserError(
      'usage',
      `--http: Slack sends requests only to https URLs, got ${url.protocol}//…`,
      hint,
    );
  }
  if (url.username || url.password) {
    throw new UserError('usage', '--http: the URL must not carry a user name or password', hint);
  }
  if (url.search || url.hash) {
    throw new UserError('usage', '--http: the URL must not have a ?query or #fragment', hint);
  }
  const path = url.pathname.replace(/\/+$/, '');
  return `${url.origin}${path === EVENTS_PATH ? '' : path}`;
}

function checkCommand(command: string): void {
  if (!/^\/[a-z0-9_-]+$/.test(command)) {
    throw new UserError(
      'invalid_binding',
      `slash command ${command.slice(0, 60)}: Slack accepts "/" then lower-case letters, digits, "-" and "_"`,
    );
  }
  if (command.length > MANIFEST_LIMITS.command) {
    throw new UserError(
      'invalid_binding',
      `slash command ${command}: ${command.length} characters, Slack allows at most ${MANIFEST_LIMITS.command}`,
      'choose a shorter `command:` in the binding',
    );
  }
}

/**
 * The Slack app manifest for the given slash commands: interactivity on (buttons and modals), the
 * scopes above, and either Socket Mode (default) or HTTP request URLs. Texts are cut to Slack's
 * limits; what cannot be cut (a command name, too many commands) is refused with the reason.
 */
export function buildManifest(commands: ManifestCommand[], options: ManifestOptions = {}): string {
  if (commands.length > MANIFEST_LIMITS.slashCommands) {
    throw new UserError(
      'invalid_binding',
      `${commands.length} slash commands: a Slack app may declare at most ${MANIFEST_LIMITS.slashCommands}`,
    );
  }
  const seen = new Set<string>();
  for (const { command } of commands) {
    checkCommand(command);
    if (seen.has(command)) throw new UserError('invalid_binding', `slash command ${command} is bound twice`);
    seen.add(command);
  }
  const base = options.httpBaseUrl === undefined ? null : parseHttpBaseUrl(options.httpBaseUrl);
  const requestUrl = base ? `${base}${EVENTS_PATH}` : null;
  const manifest = {
    display_information: {
      name: fitText(APP.name, MANIFEST_LIMITS.appName),
      description: fitText(APP.description, MANIFEST_LIMITS.appDescription),
      background_color: '#7a1f1f',
    },
    features: {
      bot_user: { display_name: fitText(APP.name, MANIFEST_LIMITS.botDisplayName), always_online: true },
      slash_commands: [...commands]
        .sort((a, b) => a.command.localeCompare(b.command))
        .map((command) => ({
          command: command.command,
          ...(requestUrl ? { url: requestUrl } : {}),
          description: fitText(command.description, MANIFEST_LIMITS.commandDescription),
          usage_hint: fitUsageHint(command.usageWords),
          should_escape: false,
        })),
    },
    oauth_config: { scopes: { bot: [...BOT_SCOPES] } },
    settings: {
      interactivity: { is_enabled: true, ...(requestUrl ? { request_url: requestUrl } : {}) },
      org_deploy_enabled: false,
      socket_mode_enabled: requestUrl === null,
      token_rotation_enabled: false,
    },
  };
  const header = requestUrl
    ? `# Generated by \`runbook-bot manifest --http ${base}\`: HTTP mode, Slack posts to ${requestUrl}.`
    : '# Generated by `runbook-bot manifest` from runbooks/*.yml (Socket Mode); a test keeps this file in sync.\n# For HTTP mode: `runbook-bot manifest --http https://<your-host>`.';
  return `${header}\n${stringify(manifest, { lineWidth: 0 })}`;
}
