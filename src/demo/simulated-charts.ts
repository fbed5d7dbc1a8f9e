import type { ChartDeps } from '../core/charts/incident-charts.ts';
import type { RangeQuery } from '../core/charts/query-prometheus.ts';
import type { ChartSeries } from '../render/common/chart/chart-input.ts';

/** What the simulated host's metrics read when it is healthy (the start of every generated line). */
const HEALTHY: Readonly<Record<string, number>> = {
  nodejs_eventloop_lag_seconds: 0.003,
  process_resident_memory_bytes: 92_000_000,
  atendechat_redis_up: 1,
  atendechat_database_up: 1,
};

/** The charts the playground's api-down binding shows. */
export const DEMO_CHARTS = [
  { title: 'API event loop lag (s)', query: 'nodejs_eventloop_lag_seconds{job="atendechat-api"}' },
  { title: 'API resident memory', query: 'process_resident_memory_bytes{job="atendechat-api"}' },
];

/**
 * The playground has no Prometheus: its charts are generated from the simulated host. The value
 * now is read from the host's real metrics endpoint; the 30 minutes before are made up (healthy,
 * then moving to today's value over the last ten minutes), and every chart says so.
 */
export function simulatedChartDeps(options: {
  apiUrl: () => string;
  fetch: typeof globalThis.fetch;
  renderPng: ChartDeps['renderPng'];
}): ChartDeps {
  return {
    sourceLabel: 'simulated: generated from the playground host, no Prometheus',
    renderPng: options.renderPng,
    query: async (range: RangeQuery): Promise<ChartSeries[]> => {
      const response = await options.fetch(`${options.apiUrl()}/api/v1/metrics`);
      const text = await response.text();
      const metric = Object.keys(HEALTHY).find((name) => range.query.includes(name));
      if (!metric) return [];
      const line = new RegExp(`^${metric}(?:\\{[^}]*\\})? ([0-9.eE+-]+)$`, 'm').exec(text);
      const now = line ? Number(line[1]) : (HEALTHY[metric] as number);
      return [{ name: metric, points: generated(range, HEALTHY[metric] as number, now) }];
    },
  };
}

function generated(range: RangeQuery, healthy: number, now: number): [number, number][] {
  const points: [number, number][] = [];
  const step = range.stepSeconds * 1000;
  const turn = range.end - 10 * 60_000;
  for (
    let at = range.end - Math.floor((range.end - range.start) / step) * step;
    at <= range.end;
    at += step
  ) {
    // a steady wobble (no randomness), none at the end: the last point is the host's real value
    const wobble = 1 + 0.03 * Math.sin((range.end - at) / step / 3);
    const share = at <= turn ? 0 : Math.min(1, (at - turn) / (5 * 60_000));
    points.push([at, (healthy + (now - healthy) * share) * wobble]);
  }
  return points;
}
