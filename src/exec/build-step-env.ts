/** Always passed through: what a shell needs to find programs and speak the right language. */
const BASE_NAMES = ['PATH', 'HOME', 'LANG', 'LC_ALL'];

/**
 * The scrubbed environment of a step: PATH, HOME, LANG (and LC_ALL when set), the names the
 * binding allows, then the caller's extra variables. SLACK_* never passes, even when listed.
 */
export function buildStepEnv(options: {
  source: Readonly<Record<string, string | undefined>>;
  allowlist: readonly string[];
  extra?: Readonly<Record<string, string>>;
}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of [...BASE_NAMES, ...options.allowlist]) {
    const value = options.source[name];
    if (value !== undefined && !isBotSecretName(name)) env[name] = value;
  }
  for (const [name, value] of Object.entries(options.extra ?? {})) {
    if (!isBotSecretName(name)) env[name] = value;
  }
  return env;
}

function isBotSecretName(name: string): boolean {
  return /^SLACK_/i.test(name);
}
