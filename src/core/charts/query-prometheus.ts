import type { ChartSeries } from '../../render/common/chart/chart-input.ts';

/** Where Prometheus is and how to authenticate (PROMETHEUS_URL, PROMETHEUS_USER/PASSWORD or _BEARER_TOKEN). */
export interface PrometheusSource {
  url: string;
  auth?: { kind: 'basic'; user: string; password: string } | { kind: 'bearer'; token: string };
}

/** The subset of `fetch` used here (the real one in production, a fake or a real server in tests). */
export type FetchLike = (
  url: string,
  init: { headers: Record<string, string>; signal: AbortSignal },
) => Promise<{ ok: boolean; status: number; text(): Promise<string> }>;

export interface RangeQuery {
  query: string;
  /** Milliseconds since the epoch. */
  start: number;
  end: number;
  stepSeconds: number;
}

/** Why a query gave no chart, in one line a person can act on. */
export class PrometheusError extends Error {}

/**
 * `GET /api/v1/query_range`: one series per label set, points as [ms, value]. NaN and ±Inf samples
 * stay NaN (a hole in the line). Throws PrometheusError with a short reason when Prometheus cannot
 * be reached, times out, refuses the credentials, or rejects the query.
 */
export async function queryRange(
  source: PrometheusSource,
  range: RangeQuery,
  fetch: FetchLike,
  timeoutMs = 5000,
): Promise<ChartSeries[]> {
  const url = new URL('api/v1/query_range', source.url.endsWith('/') ? source.url : `${source.url}/`);
  url.searchParams.set('query', range.query);
  url.searchParams.set('start', (range.start / 1000).toFixed(3));
  url.searchParams.set('end', (range.end / 1000).toFixed(3));
  url.searchParams.set('step', `${range.stepSeconds}s`);
  const headers: Record<string, string> = { accept: 'application/json' };
  if (source.auth?.kind === 'basic')
    headers.authorization = `Basic ${Buffer.from(`${source.auth.user}:${source.auth.password}`).toString('base64')}`;
  if (source.auth?.kind === 'bearer') headers.authorization = `Bearer ${source.auth.token}`;

  const signal = AbortSignal.timeout(timeoutMs);
  let status: number;
  let body: string;
  try {
    const response = await fetch(url.toString(), { headers, signal });
    status = response.status;
    body = await response.text();
  } catch (error) {
    if (signal.aborted)
      throw new PrometheusError(`Prometheus did not answer within ${Math.round(timeoutMs / 1000)} s`);
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    throw new PrometheusError(`Prometheus is unreachable (${cause ?? (error as Error).message})`);
  }
  if (status === 401 || status === 403)
    throw new PrometheusError(`Prometheus refused the credentials (HTTP ${status})`);
  const parsed = parseBody(body);
  if (parsed?.status !== 'success') {
    const reason = parsed?.error ? `: ${parsed.error}` : '';
    throw new PrometheusError(`Prometheus rejected the query (HTTP ${status}${reason})`.slice(0, 300));
  }
  if (parsed.data?.resultType !== 'matrix' || !Array.isArray(parsed.data.result))
    throw new PrometheusError('Prometheus answered something other than a range of samples');
  const results = parsed.data.result;
  return results.map((entry) => ({
    name: seriesName(
      entry.metric ?? {},
      results.map((other) => other.metric ?? {}),
    ),
    points: (entry.values ?? []).map(
      ([at, value]) => [Math.round(Number(at) * 1000), sample(value)] as const,
    ),
  }));
}

interface QueryRangeBody {
  status?: string;
  error?: string;
  data?: { resultType?: string; result?: { metric?: Record<string, string>; values?: [number, string][] }[] };
}

function parseBody(body: string): QueryRangeBody | null {
  try {
    return JSON.parse(body) as QueryRangeBody;
  } catch {
    return null;
  }
}

function sample(value: string): number {
  const number = Number(value);
  return Number.isFinite(number) ? number : Number.NaN;
}

/**
 * A legend name: the labels that tell this series apart from the others (`instance=api-1`), else
 * the metric name, else the whole label set.
 */
export function seriesName(metric: Record<string, string>, all: readonly Record<string, string>[]): string {
  const keys = Object.keys(metric).filter((key) => key !== '__name__');
  const differing = keys.filter((key) => all.some((other) => other[key] !== metric[key]));
  if (differing.length > 0) return differing.map((key) => `${key}=${metric[key]}`).join(', ');
  if (metric.__name__) return metric.__name__;
  return keys.length > 0 ? keys.map((key) => `${key}=${metric[key]}`).join(', ') : 'value';
}
