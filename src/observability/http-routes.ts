import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CustomRoute } from '@slack/bolt';
import type { Health } from './health.ts';
import type { Metrics } from './metrics.ts';

/** The shape Bolt's HTTPReceiver (and SocketModeReceiver) accept as `customRoutes`. */
export type OpsRoute = CustomRoute;

export interface OpsRouteDeps {
  health: Health;
  metrics: Pick<Metrics, 'render'>;
}

function send(res: ServerResponse, status: number, contentType: string, body: string): void {
  res.writeHead(status, {
    'content-type': contentType,
    'cache-control': 'no-store',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}

/** Never let a failing probe crash the process or leave the request hanging. */
function guarded(run: (res: ServerResponse) => Promise<void>) {
  return (_req: IncomingMessage, res: ServerResponse): void => {
    run(res).catch(() => {
      if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', 'internal error\n');
      else res.destroy();
    });
  };
}

/** `GET /healthz` (liveness + readiness) and `GET /metrics` (Prometheus text format). */
export function buildCustomRoutes(deps: OpsRouteDeps): OpsRoute[] {
  return [
    {
      path: '/healthz',
      method: ['GET', 'HEAD'],
      handler: guarded(async (res) => {
        const { status, body } = await deps.health.handle();
        send(res, status, 'application/json; charset=utf-8', `${JSON.stringify(body)}\n`);
      }),
    },
    {
      path: '/metrics',
      method: ['GET', 'HEAD'],
      handler: guarded(async (res) => {
        const { contentType, body } = await deps.metrics.render();
        send(res, 200, contentType, body);
      }),
    },
  ];
}

export { type OpsServer, type OpsServerOptions, startOpsServer } from './ops-server.ts';
