import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface PagerRequest {
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
  json: Record<string, unknown>;
}

/** A stand-in for the PagerDuty Events API (or any pager) on 127.0.0.1: records every request, answers 202. */
export async function startFakePager(
  answer: (request: PagerRequest) => { status: number; body: unknown } = () => ({
    status: 202,
    body: { status: 'success', message: 'Event processed' },
  }),
): Promise<{ url: string; requests: PagerRequest[]; stop(): Promise<void> }> {
  const requests: PagerRequest[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let json: Record<string, unknown> = {};
      try {
        json = JSON.parse(body) as Record<string, unknown>;
      } catch {
        // recorded as it came
      }
      const request = { path: req.url ?? '/', headers: req.headers, body, json };
      requests.push(request);
      const reply = answer(request);
      res.writeHead(reply.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(reply.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** An Alertmanager webhook v4 body. */
export function alertmanagerBody(
  alerts: {
    status?: 'firing' | 'resolved';
    labels?: Record<string, string>;
    summary?: string;
    startsAt?: string;
    endsAt?: string;
    fingerprint?: string;
  }[],
): string {
  const full = alerts.map((alert, index) => ({
    status: alert.status ?? 'firing',
    labels: alert.labels ?? {
      alertname: 'ApiDown',
      job: 'api',
      instance: 'api-1:3000',
      severity: 'critical',
    },
    annotations: { summary: alert.summary ?? 'The API answers 503 on /health' },
    startsAt: alert.startsAt ?? '2026-11-29T16:58:00Z',
    endsAt: alert.endsAt ?? '0001-01-01T00:00:00Z',
    generatorURL: 'http://prometheus.example:9090/graph?g0.expr=probe_success%3D%3D0',
    fingerprint: alert.fingerprint ?? `f00d${index.toString(16).padStart(12, '0')}`,
  }));
  const status = full.some((alert) => alert.status === 'firing') ? 'firing' : 'resolved';
  return JSON.stringify({
    receiver: 'runbook-bot',
    status,
    alerts: full,
    groupLabels: { alertname: 'ApiDown' },
    commonLabels: { alertname: 'ApiDown' },
    commonAnnotations: {},
    externalURL: 'http://alertmanager.example:9093',
    version: '4',
    groupKey: '{}:{alertname="ApiDown"}',
    truncatedAlerts: 0,
  });
}
