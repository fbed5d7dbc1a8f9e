import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { OpsRoute } from './http-routes.ts';

function methodsOf(route: OpsRoute): string[] {
  const methods = Array.isArray(route.method) ? route.method : [route.method];
  return methods.map((method) => method.toUpperCase());
}

/** What the ops routes say about a request: the route serving it, and the methods its path allows. */
export interface OpsRouteLookup {
  route: OpsRoute | null;
  /** Methods of the routes with this exact path (empty: no route has it). */
  allowed: string[];
}

/**
 * Looks a request up in the ops routes by exact path (they have no parameters) and method. The
 * table is built once, so a request costs one URL parse and two map reads.
 */
export function opsRouteTable(routes: readonly OpsRoute[]): (req: IncomingMessage) => OpsRouteLookup {
  const byPath = new Map<string, Map<string, OpsRoute>>();
  for (const route of routes) {
    const methods = byPath.get(route.path) ?? new Map<string, OpsRoute>();
    for (const method of methodsOf(route)) if (!methods.has(method)) methods.set(method, route);
    byPath.set(route.path, methods);
  }
  return (req) => {
    const path = new URL(req.url ?? '/', 'http://ops.invalid').pathname;
    const methods = byPath.get(path);
    if (!methods) return { route: null, allowed: [] };
    return { route: methods.get((req.method ?? 'GET').toUpperCase()) ?? null, allowed: [...methods.keys()] };
  };
}

/**
 * Serves the ops routes (health, metrics, alerts) before `next` (Bolt's HTTP receiver) sees the
 * request: Bolt matches its custom routes by compiling each path pattern again for every request,
 * which an alert storm pays hundreds of times a minute. Whatever is not an exact path and method of
 * a route goes to `next` unchanged, so Bolt answers it as before.
 */
export function serveOpsRoutesFirst(routes: readonly OpsRoute[], next: RequestListener): RequestListener {
  const lookup = opsRouteTable(routes);
  return (req: IncomingMessage, res: ServerResponse) => {
    const { route } = lookup(req);
    if (route) {
      route.handler(req, res);
      return;
    }
    next(req, res);
  };
}
