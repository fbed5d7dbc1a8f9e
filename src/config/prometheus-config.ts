import type { PrometheusSource } from '../core/charts/query-prometheus.ts';
import { UserError } from '../core/errors.ts';

/**
 * `PROMETHEUS_URL` (+ `PROMETHEUS_USER`/`PROMETHEUS_PASSWORD`, or `PROMETHEUS_BEARER_TOKEN`): where a
 * diagnose reads its charts. Null when unset. Bad values stop the start with the fix.
 */
export function prometheusFromEnv(
  env: Readonly<Record<string, string | undefined>>,
): PrometheusSource | null {
  const value = (name: string) => {
    const text = env[name]?.trim();
    return text ? text : undefined;
  };
  const url = value('PROMETHEUS_URL');
  const user = value('PROMETHEUS_USER');
  const password = value('PROMETHEUS_PASSWORD');
  const token = value('PROMETHEUS_BEARER_TOKEN');
  if (!url) {
    if (user || password || token)
      throw invalid('PROMETHEUS_USER/PASSWORD/BEARER_TOKEN are set but PROMETHEUS_URL is not');
    return null;
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw invalid('PROMETHEUS_URL is not a URL (e.g. http://prometheus:9090)');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    throw invalid('PROMETHEUS_URL must be an http:// or https:// URL');
  if (parsed.username || parsed.password)
    throw invalid('PROMETHEUS_URL must not hold credentials: use PROMETHEUS_USER and PROMETHEUS_PASSWORD');
  if (token && (user || password))
    throw invalid('set either PROMETHEUS_BEARER_TOKEN or PROMETHEUS_USER/PROMETHEUS_PASSWORD, not both');
  if ((user === undefined) !== (password === undefined))
    throw invalid('PROMETHEUS_USER and PROMETHEUS_PASSWORD go together');
  if (token) return { url, auth: { kind: 'bearer', token } };
  if (user && password) return { url, auth: { kind: 'basic', user, password } };
  return { url };
}

function invalid(message: string): UserError {
  return new UserError(
    'invalid_config',
    `the bot cannot start: ${message}.`,
    'See .env.example for every setting.',
  );
}
