import { acceptAlerts } from '../core/alerts/accept-alerts.ts';
import { knownAlertKeys } from '../core/alerts/known-alert-keys.ts';
import type { ChatDeps } from '../core/chat/chat-deps.ts';
import { deliver } from '../core/outbox/outbox.ts';
import type { OpsRoute } from '../observability/http-routes.ts';
import type { Store } from '../store/store.ts';
import { alertmanagerRoute } from './alertmanager-route.ts';

/**
 * The alert routes of the bot's port (HTTP and Socket Mode alike): none without `ALERTS_TOKEN`, so
 * the path answers 404 until it is configured. `deps` is read when a request arrives.
 */
export function alertRoutes(input: {
  token: string | null | undefined;
  deps: () => ChatDeps;
  /**
   * Where accepted alerts are queued. The composition root passes the store without the redacting
   * wrapper: redacting every label of every alert in the request costs more than the rest of the
   * request (measured); what the alert says is redacted when it is used (timeline, chat, logs).
   */
  acceptStore?: Store;
  maxBodyBytes?: number;
}): OpsRoute[] {
  if (!input.token) return [];
  // Repeats of alerts this process stored already answer without a database write.
  const known = knownAlertKeys();
  return [
    alertmanagerRoute({
      token: input.token,
      ...(input.maxBodyBytes ? { maxBodyBytes: input.maxBodyBytes } : {}),
      get logger() {
        return input.deps().logger;
      },
      accept: (alerts) => {
        const deps = input.deps();
        return acceptAlerts(
          {
            store: input.acceptStore ?? deps.store,
            catalog: deps.catalog,
            logger: deps.logger,
            now: deps.clock.now(),
            known,
          },
          alerts,
        );
      },
      // Stored already; start the work now instead of at the next tick. A failure is retried by the tick.
      // setImmediate: after the answer's bytes are written, not in the same turn of the event loop;
      // one alert per turn, so requests arriving meanwhile are read between them, not after all of them.
      afterAnswer: (accepted) => {
        const queued = [...accepted.queued];
        const startNext = () => {
          const id = queued.shift();
          if (id === undefined) return;
          const deps = input.deps();
          void deliver(deps, id).catch((error: unknown) =>
            deps.logger.error({ err: error, outboxId: id }, 'alert work failed; the tick retries it'),
          );
          if (queued.length > 0) setImmediate(startNext);
        };
        if (queued.length > 0) setImmediate(startNext);
      },
    }),
  ];
}
