import type { BotDeps } from './bot-deps.ts';
import type { OutgoingMessage } from './slack-gateway.ts';

const LEASE_MS = 60_000;
const MAX_BACKOFF_MS = 5 * 60_000;

/**
 * A message that must reach Slack once (an escalation ping, a final report): stored first under an
 * idempotency key, then sent; if Slack fails, the tick sends it again later. A second enqueue with
 * the same key (another process, a replay) sends nothing.
 */
export async function sendOnce(
  deps: BotDeps,
  input: { key: string; incidentId: number | null; kind: string; message: OutgoingMessage },
): Promise<string | null> {
  const { id, created } = deps.store.enqueueMessage({
    key: input.key,
    incidentId: input.incidentId,
    kind: input.kind,
    payload: input.message,
  });
  if (!created) return null;
  return deliver(deps, id, input.message);
}

async function deliver(deps: BotDeps, id: number, message: OutgoingMessage): Promise<string | null> {
  if (!deps.store.claimMessage(id, LEASE_MS)) return null;
  try {
    const ts = await deps.gateway.post(message);
    deps.store.markDelivered(id, ts);
    return ts;
  } catch (error) {
    const attempts = (deps.store.getMessage(id)?.attempts ?? 0) + 1;
    const backoff = Math.min(MAX_BACKOFF_MS, 5000 * 2 ** (attempts - 1));
    deps.store.markAttempt(
      id,
      String((error as Error)?.message ?? error).slice(0, 300),
      deps.clock.now() + backoff,
    );
    deps.logger.warn({ err: error, outboxId: id }, 'message not delivered yet; it will be sent again');
    return null;
  }
}

/** Tick task: sends what earlier attempts could not. */
export async function deliverPending(deps: BotDeps): Promise<void> {
  for (const pending of deps.store.pendingMessages(20)) {
    await deliver(deps, pending.id, pending.payload as OutgoingMessage);
  }
}
