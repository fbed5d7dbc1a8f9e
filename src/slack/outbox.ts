import type { OutboxMessage } from '../store/store.ts';
import { alreadyPosted } from './already-posted.ts';
import type { BotDeps } from './bot-deps.ts';
import { classifyDeliveryFailure } from './classify-delivery-failure.ts';
import { deliverApprovalCard } from './features/approval-card.ts';
import { deliverCardRefresh, deliverEscalationPing } from './outbox-escalation.ts';
import type { OutgoingMessage } from './slack-gateway.ts';

const MIN_LEASE_MS = 30_000;
const FIRST_BACKOFF_MS = 2000;
const MAX_BACKOFF_MS = 5 * 60_000;

/** Sends one outbox message once; returns the ts of what it posted (null: nothing to point at). */
export type OutboxSender = (deps: BotDeps, message: OutboxMessage) => Promise<string | null>;

/**
 * A lease outlives any single call: each attempt is one request bounded by the Web API timeout,
 * and the lease is renewed while it runs. Only a dead sender lets it run out.
 */
export function outboxLeaseMs(deps: Pick<BotDeps, 'config'>): number {
  return Math.max(MIN_LEASE_MS, 3 * (deps.config.slackTimeoutMs ?? 10_000));
}

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
  return deliver(deps, id);
}

/** Tick task: sends what is due; destinations in parallel, each destination in order. */
export async function deliverPending(deps: BotDeps): Promise<void> {
  const groups = new Map<string, OutboxMessage[]>();
  for (const pending of deps.store.pendingMessages(50)) {
    const destination =
      pending.incidentId !== null
        ? `incident:${pending.incidentId}`
        : `channel:${(pending.payload as { channel?: string }).channel ?? ''}`;
    groups.set(destination, [...(groups.get(destination) ?? []), pending]);
  }
  await Promise.all(
    [...groups.values()].map(async (messages) => {
      for (const message of messages) await deliver(deps, message.id);
    }),
  );
}

const senders: Record<string, OutboxSender> = {
  escalation_ping: (deps, message) => deliverEscalationPing(deps, message, deliver),
  card_refresh: deliverCardRefresh,
  approval_card: (deps, message) => deliverApprovalCard(deps, message),
};

/** Claims the message, sends it with the sender of its kind, and records the outcome. */
export async function deliver(deps: BotDeps, id: number): Promise<string | null> {
  const leaseMs = outboxLeaseMs(deps);
  if (!deps.store.claimMessage(id, leaseMs)) return null;
  const message = deps.store.getMessage(id);
  if (!message) return null;
  const stopRenewing = renewWhileRunning(deps, id, leaseMs);
  try {
    const send = senders[message.kind] ?? deliverPlainMessage;
    const ts = await send(deps, message);
    deps.store.markDelivered(id, ts);
    return ts;
  } catch (error) {
    recordFailure(deps, message, error);
    return null;
  } finally {
    stopRenewing();
  }
}

function renewWhileRunning(deps: BotDeps, id: number, leaseMs: number): () => void {
  let cancel: (() => void) | null = null;
  const schedule = () => {
    cancel = deps.clock.setTimer(Math.floor(leaseMs / 3), () => {
      if (deps.store.renewMessageLease(id, leaseMs)) schedule();
    });
  };
  schedule();
  return () => {
    cancel?.();
    cancel = null;
  };
}

function recordFailure(deps: BotDeps, message: OutboxMessage, error: unknown): void {
  const failure = classifyDeliveryFailure(error);
  const now = deps.clock.now();
  const backoff = Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS * 2 ** message.attempts);
  const reason = `${failure.kind}: ${failure.code}`;
  if (failure.kind === 'uncertain') {
    deps.store.markUncertain(message.id, reason, now + backoff);
  } else {
    const wait = failure.kind === 'rate_limited' ? Math.max(failure.retryAfterMs, FIRST_BACKOFF_MS) : backoff;
    deps.store.markAttempt(message.id, reason, now + wait);
  }
  deps.logger.warn(
    { outboxId: message.id, key: message.key, failure: reason, attempts: message.attempts + 1 },
    'message not delivered yet; it will be sent again',
  );
}

/** A rendered message (final report, break-glass ping, direct message): posted as it is. */
async function deliverPlainMessage(deps: BotDeps, message: OutboxMessage): Promise<string | null> {
  const outgoing = message.payload as OutgoingMessage;
  const found = await alreadyPosted(deps, message, outgoing);
  if (found) return found;
  try {
    return await deps.gateway.deliver(outgoing, message.key);
  } catch (error) {
    // The thread it belonged to is gone: the channel still gets it.
    if (!outgoing.threadTs || classifyDeliveryFailure(error).kind !== 'card_gone') throw error;
    const { threadTs: _gone, broadcast: _broadcast, ...inChannel } = outgoing;
    return deps.gateway.deliver(inChannel, message.key);
  }
}
