import type { PageSender } from '../core/pages/page-types.ts';
import type { Clock } from '../core/ports.ts';
import { sendOpsgenie } from './opsgenie-client.ts';
import { sendPagerDuty } from './pagerduty-client.ts';
import type { Fetch } from './post-json.ts';
import { sendWebhook } from './webhook-client.ts';

/** The pager clients over one fetch, clock and environment (the keys are read at send time). */
export function createPageSender(deps: {
  fetch?: Fetch;
  clock: Clock;
  env: Readonly<Record<string, string | undefined>>;
  attempts?: number;
  backoffMs?: number;
  timeoutMs?: number;
}): PageSender {
  const http = { ...deps, fetch: deps.fetch ?? globalThis.fetch };
  return (target, event) => {
    switch (target.kind) {
      case 'pagerduty':
        return sendPagerDuty(http, target, event);
      case 'opsgenie':
        return sendOpsgenie(http, target, event);
      case 'webhook':
        return sendWebhook(http, target, event);
    }
  };
}
