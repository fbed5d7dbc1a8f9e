import { createServer, type Server } from 'node:http';
import type { OpsRoute } from './http-routes.ts';
import { opsRouteTable } from './ops-route-dispatch.ts';

export interface OpsServerOptions {
  /** 0 picks a free port (tests). */
  port: number;
  /** Default 127.0.0.1. In a container, pass 0.0.0.0 so Prometheus and the healthcheck can reach it. */
  host?: string;
  routes: OpsRoute[];
}

export interface OpsServer {
  server: Server;
  /** The port actually bound (useful with port 0). */
  port: number;
  url: string;
  close(): Promise<void>;
}

/**
 * A plain node:http server for the ops routes, used in Socket Mode where there is no Bolt HTTP
 * receiver. Exact path match (the ops routes have no parameters); 404 for unknown paths, 405 for
 * a known path with another method.
 */
export function startOpsServer(options: OpsServerOptions): Promise<OpsServer> {
  const host = options.host ?? '127.0.0.1';
  const lookup = opsRouteTable(options.routes);
  const server = createServer((req, res) => {
    const { route, allowed } = lookup(req);
    if (route) return route.handler(req, res);
    const status = allowed.length > 0 ? 405 : 404;
    const allow = allowed.join(', ');
    res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...(allow ? { allow } : {}) });
    res.end(status === 404 ? 'not found\n' : 'method not allowed\n');
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : options.port;
      const urlHost = host.includes(':') ? `[${host}]` : host;
      resolve({
        server,
        port,
        url: `http://${urlHost}:${port}`,
        close: () =>
          new Promise<void>((done, fail) => {
            server.close((error) => (error ? fail(error) : done()));
            server.closeAllConnections();
          }),
      });
    });
  });
}
