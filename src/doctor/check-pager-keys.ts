import { type CheckResult, failed, listSome, passed } from './check-result.ts';

/** A pager a binding names: which role, which service, and the variable its key must be in. */
export interface PagerKey {
  runbook: string;
  role: string;
  pager: string;
  env: string;
}

/**
 * Every key variable a binding names (`routingKeyEnv`, `apiKeyEnv`, `secretEnv`) is set in the
 * bot's environment; and alert rules have `ALERTS_TOKEN` to arrive by. Values are never printed.
 */
export function checkPagerKeys(input: {
  keys: PagerKey[];
  alertRules: number;
  env: Readonly<Record<string, string | undefined>>;
}): CheckResult {
  const name = 'Pagers and alerts';
  const missing = input.keys.filter((key) => !input.env[key.env]?.trim());
  if (missing.length > 0) {
    const what = missing.map((key) => `${key.env} (${key.role} via ${key.pager}, ${key.runbook})`);
    return failed(
      name,
      'error',
      `not set: ${listSome(what)} — an escalation would not page them`,
      `set ${listSome([...new Set(missing.map((key) => key.env))])} in the bot's environment (.env or the service's EnvironmentFile); the binding only names the variable`,
    );
  }
  if (input.alertRules > 0 && !input.env.ALERTS_TOKEN?.trim()) {
    return failed(
      name,
      'warning',
      `${input.alertRules} alert rule(s) in the bindings, but ALERTS_TOKEN is not set: POST /alerts/alertmanager is off`,
      'set ALERTS_TOKEN (e.g. `openssl rand -hex 32`) and the same value as the Bearer credentials in Alertmanager',
    );
  }
  if (input.keys.length === 0 && input.alertRules === 0)
    return passed(name, 'no pagers and no alert rules configured');
  const parts = [
    input.keys.length > 0
      ? `pager keys set: ${listSome([...new Set(input.keys.map((key) => key.env))])}`
      : '',
    input.alertRules > 0 ? `${input.alertRules} alert rule(s), ALERTS_TOKEN set` : '',
  ].filter(Boolean);
  return passed(name, parts.join('; '));
}
