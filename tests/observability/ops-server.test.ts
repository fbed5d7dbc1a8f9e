import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { afterEach, describe, expect, it } from 'vitest';
import { createHealth } from '../../src/observability/health.ts';
import { buildCustomRoutes, type OpsServer, startOpsServer } from '../../src/observability/http-routes.ts';
import { createMetrics } from '../../src/observability/metrics.ts';

let server: OpsServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(slackConnected: () => boolean) {
  const metrics = createMetrics();
  const health = createHealth({ checks: { slack: slackConnected, database: () => true } });
  server = await startOpsServer({
    port: 0,
    host: '127.0.0.1',
    routes: buildCustomRoutes({ health, metrics }),
  });
  return { metrics, url: server.url };
}

describe('ops server (Socket Mode: /healthz and /metrics without a Bolt HTTP receiver)', () => {
  it('serves /healthz as JSON: 200 when ready, 503 when Slack is down', async () => {
    let connected = true;
    const { url } = await start(() => connected);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    const ok = await fetch(`${url}/healthz`);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await ok.json()).toEqual({ live: true, ready: true, checks: { slack: true, database: true } });

    connected = false;
    const down = await fetch(`${url}/healthz`);
    expect(down.status).toBe(503);
    expect(await down.json()).toMatchObject({ live: true, ready: false, checks: { slack: false } });
  });

  it('serves /metrics in Prometheus text format with the bot counters', async () => {
    const { metrics, url } = await start(() => true);
    metrics.commandReceived('api-down', 'diagnose');

    const response = await fetch(`${url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const families = parsePrometheusTextFormat(await response.text());
    const commands = families.find((f) => f.name === 'runbook_bot_commands_total');
    expect(commands?.metrics).toEqual([
      { labels: { runbook: 'api-down', subcommand: 'diagnose' }, value: '1' },
    ]);
  });

  it('answers 404 for unknown paths and 405 for other methods, and ignores the query string', async () => {
    const { url } = await start(() => true);
    expect((await fetch(`${url}/slack/events`, { method: 'POST' })).status).toBe(404);
    const post = await fetch(`${url}/healthz`, { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
    expect((await fetch(`${url}/healthz?probe=kuma`)).status).toBe(200);
    expect((await fetch(`${url}/healthz`, { method: 'HEAD' })).status).toBe(200);
  });

  it('answers 500 instead of hanging when rendering fails', async () => {
    const health = createHealth({ checks: { slack: () => true, database: () => true } });
    const broken = {
      render: async (): Promise<never> => {
        throw new Error('registry exploded');
      },
    };
    server = await startOpsServer({ port: 0, routes: buildCustomRoutes({ health, metrics: broken }) });
    expect((await fetch(`${server.url}/metrics`)).status).toBe(500);
  });

  it('rejects when the port is taken', async () => {
    const { url } = await start(() => true);
    const port = Number(new URL(url).port);
    await expect(startOpsServer({ port, host: '127.0.0.1', routes: [] })).rejects.toMatchObject({
      code: 'EADDRINUSE',
    });
  });

  it('builds routes in the shape Bolt customRoutes expects', () => {
    const health = createHealth({ checks: { slack: () => true, database: () => true } });
    const routes = buildCustomRoutes({ health, metrics: createMetrics({ processMetrics: false }) });
    expect(routes.map(({ path, method }) => ({ path, method }))).toEqual([
      { path: '/healthz', method: ['GET', 'HEAD'] },
      { path: '/metrics', method: ['GET', 'HEAD'] },
    ]);
    for (const route of routes) expect(typeof route.handler).toBe('function');
  });
});
