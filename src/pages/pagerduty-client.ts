import type { PageEvent, PageOutcome } from '../core/pages/page-types.ts';
import { type HttpDeps, postJson, shortText } from './post-json.ts';

export const PAGERDUTY_EVENTS_URL = 'https://events.pagerduty.com/v2/enqueue';

/** PagerDuty limits `payload.summary` to 1024 characters and `dedup_key` to 255. */
const SUMMARY_MAX = 1024;
const DEDUP_MAX = 255;

/**
 * The Events API v2 body: a `trigger` carries the payload (summary, source, severity, details);
 * a `resolve` only the routing key, the action and the `dedup_key` of the trigger.
 */
export function pagerDutyBody(routingKey: string, event: PageEvent): Record<string, unknown> {
  const common = {
    routing_key: routingKey,
    event_action: event.action,
    dedup_key: event.dedupKey.slice(0, DEDUP_MAX),
  };
  if (event.action === 'resolve') return common;
  return {
    ...common,
    payload: {
      summary: event.summary.slice(0, SUMMARY_MAX),
      source: event.source,
      severity: event.severity,
      component: event.incident.runbook,
      group: event.role,
      class: 'incident escalation',
      custom_details: event.details,
    },
    client: 'runbook-bot',
  };
}

/** Sends one event to the Events API v2 (`PAGERDUTY_EVENTS_URL` overrides the endpoint). */
export async function sendPagerDuty(
  deps: HttpDeps & { env: Readonly<Record<string, string | undefined>> },
  target: { routingKeyEnv: string },
  event: PageEvent,
): Promise<PageOutcome> {
  const routingKey = deps.env[target.routingKeyEnv]?.trim();
  if (!routingKey) {
    return { accepted: false, status: null, detail: `${target.routingKeyEnv} is not set; nothing was sent` };
  }
  const url = deps.env.PAGERDUTY_EVENTS_URL?.trim() || PAGERDUTY_EVENTS_URL;
  const answer = await postJson(deps, {
    url,
    headers: {},
    body: JSON.stringify(pagerDutyBody(routingKey, event)),
  });
  return {
    accepted: answer.status === 202 || answer.status === 200,
    status: answer.status,
    detail: describe(answer),
  };
}

function describe(answer: { status: number; text: string }): string {
  try {
    const json = JSON.parse(answer.text) as { message?: unknown; errors?: unknown };
    const errors = Array.isArray(json.errors) ? `: ${json.errors.map(String).join('; ')}` : '';
    const message = typeof json.message === 'string' ? json.message : '';
    return shortText(`${answer.status} ${message}${errors}`);
  } catch {
    return shortText(`${answer.status} ${answer.text}`);
  }
}
