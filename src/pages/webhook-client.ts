import { createHmac } from 'node:crypto';
import type { PageEvent, PageOutcome } from '../core/pages/page-types.ts';
import { type HttpDeps, postJson, shortText } from './post-json.ts';

export const SIGNATURE_HEADER = 'x-runbook-bot-signature';
export const TIMESTAMP_HEADER = 'x-runbook-bot-timestamp';

/**
 * `v1=<hex HMAC-SHA256>` of `<timestamp>.<body>` with the shared secret: the receiver recomputes it
 * over the exact bytes it received and refuses an old timestamp (replay).
 */
export function signWebhook(secret: string, timestamp: string, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export function webhookBody(event: PageEvent): string {
  return JSON.stringify({
    type: 'runbook-bot.page',
    version: 1,
    action: event.action,
    dedupKey: event.dedupKey,
    summary: event.summary,
    severity: event.severity,
    source: event.source,
    role: event.role,
    incident: event.incident,
    details: event.details,
  });
}

/** POSTs the page as signed JSON to the role's own endpoint; any 2xx accepts it. */
export async function sendWebhook(
  deps: HttpDeps & { env: Readonly<Record<string, string | undefined>> },
  target: { url: string; secretEnv: string },
  event: PageEvent,
): Promise<PageOutcome> {
  const secret = deps.env[target.secretEnv];
  if (!secret)
    return { accepted: false, status: null, detail: `${target.secretEnv} is not set; nothing was sent` };
  const body = webhookBody(event);
  const timestamp = String(Math.floor(deps.clock.now() / 1000));
  const answer = await postJson(deps, {
    url: target.url,
    headers: { [TIMESTAMP_HEADER]: timestamp, [SIGNATURE_HEADER]: signWebhook(secret, timestamp, body) },
    body,
  });
  const accepted = answer.status >= 200 && answer.status < 300;
  return { accepted, status: answer.status, detail: shortText(`${answer.status} ${answer.text}`) };
}
