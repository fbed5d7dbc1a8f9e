import { paramEnvName } from '../../runbook/params/param-names.ts';

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

/** The bot's own secrets (SLACK_*): never in a step's environment, whoever lists them. */
export function isBotSecretName(name: string): boolean {
  return /^SLACK_/i.test(name);
}

/** A step's parameter values as environment variables, or the names that have no value. */
export type ParamEnv = { ok: true; env: Record<string, string> } | { ok: false; missing: string[] };

/**
 * `{ 'pod-name': 'api-7d9f' }` -> `{ RB_POD_NAME: 'api-7d9f' }` for the parameters `names` the
 * step uses: the only way a value reaches a command (the command quotes `"$RB_POD_NAME"`).
 */
export function paramStepEnv(
  names: readonly string[],
  values: Readonly<Record<string, string>> | undefined,
): ParamEnv {
  const env: Record<string, string> = {};
  const missing: string[] = [];
  for (const name of names) {
    const value = values && Object.hasOwn(values, name) ? values[name] : undefined;
    if (value === undefined || value === '' || value.includes('\0')) missing.push(name);
    else env[paramEnvName(name)] = value;
  }
  return missing.length > 0 ? { ok: false, missing } : { ok: true, env };
}
