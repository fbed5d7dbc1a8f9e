import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AcceptedAlerts } from '../core/alerts/accept-alerts.ts';
import { parseAlertmanagerPayload, type ReceivedAlert } from '../core/alerts/alertmanager-payload.ts';
import type { Logger } from '../core/ports.ts';
import type { OpsRoute } from '../observability/http-routes.ts';

export const ALERTMANAGER_PATH = '/alerts/alertmanager';
/** Alertmanager sends whole groups; a megabyte holds thousands of alerts. */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

export interface AlertRouteDeps {
  /** `ALERTS_TOKEN`: the Bearer token Alertmanager / Grafana send. */
  token: string;
  maxBodyBytes?: number;
  logger: Logger;
  /** Stores the alerts (synchronously: they are durable before the 200) and returns what it did. */
  accept(alerts: ReceivedAlert[]): AcceptedAlerts;
  /** Called after the answer is sent: starts the queued work off the request. */
  afterAnswer?(accepted: AcceptedAlerts): void;
}

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = `${JSON.stringify(body)}\n`;
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'content-length': String(Buffer.byteLength(text)),
    ...headers,
  });
  res.end(text);
}

const digest = (text: string) => createHash('sha256').update(text).digest();

/** Compares in constant time, whatever the lengths (both sides hashed first). */
export function bearerMatches(header: string | undefined, token: string): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  const given = match?.[1] ?? '';
  return timingSafeEqual(digest(given), digest(token)) && given.length > 0;
}

/** Reads the body up to `limit` bytes; null when it is larger (the rest is not read). */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > limit) {
        done = true;
        resolve(null);
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!done) {
        done = true;
        resolve(Buffer.concat(chunks));
      }
    });
    req.on('error', (error) => {
      if (!done) {
        done = true;
        reject(error);
      }
    });
  });
}

/**
 * `POST /alerts/alertmanager` (Alertmanager webhook v4; Grafana's webhook contact point sends the
 * same): 401 without the Bearer token, 413 over the size limit, 400 for a body that is not the
 * payload (with the reason), else 200 once every new alert is stored. The work — opening the
 * incident, running the section — starts after the answer and never inside it.
 */
export function alertmanagerRoute(deps: AlertRouteDeps): OpsRoute {
  const limit = deps.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  return {
    path: ALERTMANAGER_PATH,
    method: ['POST'],
    handler: (req: IncomingMessage, res: ServerResponse) => {
      if (!bearerMatches(req.headers.authorization, deps.token)) {
        req.resume();
        sendJson(
          res,
          401,
          { error: 'missing or wrong Authorization: Bearer <ALERTS_TOKEN>' },
          { 'www-authenticate': 'Bearer' },
        );
        return;
      }
      const declared = Number(req.headers['content-length']);
      if (Number.isFinite(declared) && declared > limit) {
        res.once('finish', () => req.destroy());
        sendJson(res, 413, { error: `the body is larger than ${limit} bytes` }, { connection: 'close' });
        return;
      }
      readBody(req, limit)
        .then((body) => {
          if (body === null) {
            res.once('finish', () => req.destroy());
            sendJson(res, 413, { error: `the body is larger than ${limit} bytes` }, { connection: 'close' });
            return;
          }
          const parsed = parseAlertmanagerPayload(body.toString('utf8'));
          if (!parsed.ok) {
            sendJson(res, 400, { error: parsed.message });
            return;
          }
          const accepted = deps.accept(parsed.alerts);
          sendJson(res, 200, {
            received: parsed.alerts.length,
            queued: accepted.queued.length,
            duplicates: accepted.duplicates,
            unmatched: accepted.unmatched,
          });
          deps.afterAnswer?.(accepted);
        })
        .catch((error: unknown) => {
          deps.logger.error({ err: error }, 'alerts could not be stored');
          if (!res.headersSent) sendJson(res, 503, { error: 'alerts could not be stored; send them again' });
          else res.destroy();
        });
    },
  };
}
