import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import type { OpsRoute } from '../../src/observability/http-routes.ts';
import { opsRouteTable, serveOpsRoutesFirst } from '../../src/observability/ops-route-dispatch.ts';

const request = (method: string, url: string) => ({ method, url }) as IncomingMessage;
const response = {} as ServerResponse;

function routesRecording(served: string[]): OpsRoute[] {
  return [
    { path: '/healthz', method: ['GET', 'HEAD'], handler: () => served.push('healthz') },
    { path: '/alerts/alertmanager', method: 'post', handler: () => served.push('alerts') },
  ];
}

describe('ops routes before Bolt', () => {
  it('serves an exact path and method itself, and hands everything else to the next listener', () => {
    const served: string[] = [];
    const listener = serveOpsRoutesFirst(routesRecording(served), (req) =>
      served.push(`next ${req.method} ${req.url}`),
    );
    listener(request('POST', '/alerts/alertmanager'), response);
    listener(request('GET', '/healthz?verbose=1'), response);
    listener(request('GET', '/alerts/alertmanager'), response);
    listener(request('POST', '/slack/events'), response);
    listener(request('POST', '/alerts/alertmanager/'), response);
    expect(served).toEqual([
      'alerts',
      'healthz',
      'next GET /alerts/alertmanager',
      'next POST /slack/events',
      'next POST /alerts/alertmanager/',
    ]);
  });

  it('says which methods a known path allows', () => {
    const lookup = opsRouteTable(routesRecording([]));
    expect(lookup(request('DELETE', '/healthz'))).toEqual({ route: null, allowed: ['GET', 'HEAD'] });
    expect(lookup(request('GET', '/nowhere'))).toEqual({ route: null, allowed: [] });
  });
});
