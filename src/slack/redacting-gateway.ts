import type { Redactor } from '../exec/redact/create-redactor.ts';
import { redactDeep } from '../observability/redact-log-values.ts';
import type { SlackGateway } from './slack-gateway.ts';

/**
 * Which argument of each gateway call is content shown in Slack (message, card, file, modal).
 * Channel ids, timestamps, trigger ids and outbox keys pass as given: they are matched, not shown.
 */
const CONTENT_ARGUMENT: Partial<Record<keyof SlackGateway, number>> = {
  post: 0,
  update: 0,
  ephemeral: 0,
  upload: 0,
  openView: 1,
  deliver: 0,
  updateOnce: 0,
};

/**
 * The Slack boundary: every message, card update, ephemeral, uploaded file and modal the bot sends
 * goes through `redact` (the same redactor as step output and logs) on its way out, so command text
 * and anything else rendered from the runbook never reaches Slack with a secret in it.
 */
export function redactingGateway(gateway: SlackGateway, redact: Redactor): SlackGateway {
  return new Proxy(gateway, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      const index = CONTENT_ARGUMENT[property as keyof SlackGateway];
      if (index === undefined) return value.bind(target);
      return (...args: unknown[]) =>
        value.apply(
          target,
          args.map((arg, at) => (at === index ? redactDeep(arg, redact) : arg)),
        );
    },
  });
}
