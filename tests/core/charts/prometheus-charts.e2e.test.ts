import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../../sandbox/free-port.ts';
import { type Sandbox, startSandbox } from '../../../sandbox/host.ts';
import { drawIncidentCharts, prometheusChartDeps } from '../../../src/core/charts/incident-charts.ts';
import { queryRange } from '../../../src/core/charts/query-prometheus.ts';
import { renderChartPng } from '../../../src/render/common/chart/chart-png.ts';
import { type PrometheusServer, startPrometheus, until } from '../../support/prometheus-server.ts';

let sandbox: Sandbox;
let prometheus: PrometheusServer;

beforeAll(async () => {
  sandbox = await startSandbox({ scenario: 'healthy', healthStartPeriodMs: 0 });
  prometheus = await startPrometheus({
    job: 'atendechat-api',
    target: new URL(sandbox.apiUrl).host,
    metricsPath: '/api/v1/metrics',
  });
  // wait until a few scrapes are stored: the charts need a line, not a dot
  await until(async () => {
    const now = Date.now();
    const series = await queryRange(
      { url: prometheus.url },
      { query: 'up{job="atendechat-api"}', start: now - 60_000, end: now, stepSeconds: 1 },
      fetch,
    ).catch(() => []);
    return (series[0]?.points.length ?? 0) >= 4;
  }, 90_000);
}, 180_000);

afterAll(async () => {
  await prometheus?.stop();
  await sandbox?.stop();
});

/** Width and height from the PNG's IHDR chunk. */
function pngSize(png: Uint8Array): { width: number; height: number } {
  const view = Buffer.from(png);
  return { width: view.readUInt32BE(16), height: view.readUInt32BE(20) };
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

describe('charts from a real Prometheus scraping the simulated host', () => {
  it('queries the last 30 minutes and draws one PNG per chart, the incident start marked', async () => {
    const now = Date.now();
    const result = await drawIncidentCharts(
      prometheusChartDeps({ url: prometheus.url }, fetch, renderChartPng),
      {
        charts: [
          { title: 'API up', query: 'up{job="atendechat-api"}' },
          { title: 'API resident memory', query: 'process_resident_memory_bytes{job="atendechat-api"}' },
        ],
        now,
        incidentStartedAt: now - 5 * 60_000,
        timeZone: 'UTC',
        locale: 'en',
        runbookId: 'api-down',
      },
    );
    expect(result.note).toBeNull();
    expect(result.images.map((image) => image.filename)).toEqual([
      'api-down-chart-1.png',
      'api-down-chart-2.png',
    ]);
    for (const image of result.images) {
      expect([...image.png.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
      expect(image.png.length).toBeGreaterThan(8_000);
      expect(image.png.length).toBeLessThan(600_000);
      expect(pngSize(image.png)).toEqual({ width: 1800, height: 840 });
    }
    expect(result.images[0]?.altText).toBe('API up: latest 1, steady over the last 30 minutes.');
    expect(result.images[1]?.altText).toMatch(
      /^API resident memory: latest \d+(\.\d+)?M, (rising|falling|steady) over/,
    );
    if (process.env.WRITE_CHART_EXAMPLE)
      writeFileSync(process.env.WRITE_CHART_EXAMPLE, result.images[1]!.png);
  }, 60_000);

  it('still completes when a query is refused, saying so in one line', async () => {
    const now = Date.now();
    const result = await drawIncidentCharts(
      prometheusChartDeps({ url: prometheus.url }, fetch, renderChartPng),
      {
        charts: [
          { title: 'Broken', query: 'rate(http_requests_total[' },
          { title: 'API up', query: 'up' },
        ],
        now,
        incidentStartedAt: now,
        timeZone: 'UTC',
        locale: 'en',
        runbookId: 'api-down',
      },
    );
    expect(result.images.map((image) => image.title)).toEqual(['API up']);
    expect(result.note).toMatch(
      /^📈 Charts unavailable: Broken: Prometheus rejected the query \(HTTP 400: .*parse error/,
    );
    expect(result.note).not.toContain('\n');
  }, 60_000);

  it('says in one line when Prometheus is unreachable', async () => {
    const closed = `http://127.0.0.1:${await freePort()}`; // nothing listens there
    const result = await drawIncidentCharts(prometheusChartDeps({ url: closed }, fetch, renderChartPng), {
      charts: [{ title: 'API up', query: 'up' }],
      now: Date.now(),
      incidentStartedAt: Date.now(),
      timeZone: 'UTC',
      locale: 'pt-BR',
      runbookId: 'api-down',
    });
    expect(result.images).toEqual([]);
    expect(result.note).toBe('📈 Gráficos indisponíveis: Prometheus is unreachable (ECONNREFUSED)');
  });
});
