import type { OutboxMessage } from '../../store/store.ts';
import type { ChatContent } from '../chat/chat-content.ts';
import type { ChatDeps } from '../chat/chat-deps.ts';
import type { ChatDestination } from '../chat/chat-port.ts';
import { cardThreadOf } from '../incidents/incident-thread.ts';
import { alreadyPosted } from './already-posted.ts';
import { OUTBOX_FIRST_BACKOFF_MS, OUTBOX_SENDERS } from './outbox-senders.ts';

const MIN_LEASE_MS = 30_000;
const FIRST_BACKOFF_MS = 2000;
const MAX_BACKOFF_MS = 5 * 60_000;

/** Sends the outbox message `id` (claimed, leased, outcome recorded); the ts of what it posted, or null. */
export type Deliver = (deps: ChatDeps, id: number) => Promise<string | null>;

/**
 * Sends one outbox message once; returns the reference of what it posted (null: nothing to point
 * at). `deliver` sends further messages the sender queued (direct messages of a ping).
 */
export type OutboxSender = (
  deps: ChatDeps,
  message: OutboxMessage,
  deliver: Deliver,
) => Promise<string | null>;

/** The payload of a message of a kind without a sender of its own: posted as it is. */
export interface PlainOutboxPayload extends ChatDestination {
  content: ChatContent;
  /**
   * In the thread of the card of the message's incident, looked up when it is sent (the card is
   * posted first when it is not there yet), so the message never waits on a card post in the flow
   * that queued it.
   */
  inCardThread?: boolean;
}

/**
 * A sender could not send yet and sent nothing (the card its thread needs is not posted yet): the
 * message is tried again after the usual backoff, without the "may have posted" check.
 */
export class DeliveryDeferred extends Error {
  override readonly name = 'DeliveryDeferred';
}

/** What one delivery attempt did: sent (the posted reference), failed (recorded for a retry), or not ours to send. */
export type DeliveryAttempt =
  | { kind: 'sent'; ref: string | null }
  | { kind: 'failed'; error: unknown }
  /** Already delivered, not due yet, or being sent by another process (its lease). */
  | { kind: 'not_claimed' };

/**
 * A lease outlives any single call: each attempt is one request bounded by the chat platform's
 * timeout, and the lease is renewed while it runs. Only a dead sender lets it run out.
 */
export function outboxLeaseMs(deps: Pick<ChatDeps, 'chat'>): number {
  return Math.max(MIN_LEASE_MS, 3 * deps.chat.attemptTimeoutMs);
}

/**
 * A message that must reach the chat once (an escalation ping, a final report): stored first under
 * an idempotency key, then sent; if sending fails, the tick sends it again later. A second enqueue
 * with the same key (another process, a replay) sends nothing.
 */
export async function sendOnce(
  deps: ChatDeps,
  input: {
    key: string;
    incidentId: number | null;
    kind: string;
    to: ChatDestination;
    content: ChatContent;
    /** In the thread of the incident's card, whenever that card is posted (`PlainOutboxPayload`). */
    inCardThread?: boolean;
  },
): Promise<string | null> {
  const payload: PlainOutboxPayload = {
    ...input.to,
    content: input.content,
    ...(input.inCardThread ? { inCardThread: true } : {}),
  };
  const { id, created } = deps.store.enqueueMessage({
    key: input.key,
    incidentId: input.incidentId,
    kind: input.kind,
    payload,
  });
  if (!created) return null;
  return deliver(deps, id);
}

/** Tick task: sends what is due; destinations in parallel, each destination in order. */
export async function deliverPending(deps: ChatDeps): Promise<void> {
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

/** Claims the message, sends it with the sender of its kind, and records the outcome. */
export async function deliver(deps: ChatDeps, id: number): Promise<string | null> {
  const attempt = await attemptDelivery(deps, id);
  return attempt.kind === 'sent' ? attempt.ref : null;
}

/** `deliver`, telling the caller what happened (a failure is recorded for a retry either way). */
export async function attemptDelivery(deps: ChatDeps, id: number): Promise<DeliveryAttempt> {
  const leaseMs = outboxLeaseMs(deps);
  if (!deps.store.claimMessage(id, leaseMs)) return { kind: 'not_claimed' };
  const message = deps.store.getMessage(id);
  if (!message) return { kind: 'not_claimed' };
  const stopRenewing = renewWhileRunning(deps, id, leaseMs);
  try {
    const send = OUTBOX_SENDERS[message.kind] ?? deliverPlainMessage;
    const ref = await send(deps, message, deliver);
    deps.store.markDelivered(id, ref);
    return { kind: 'sent', ref };
  } catch (error) {
    recordFailure(deps, message, error);
    return { kind: 'failed', error };
  } finally {
    stopRenewing();
  }
}

function renewWhileRunning(deps: ChatDeps, id: number, leaseMs: number): () => void {
  let cancel: (() => void) | null = null;
  const schedule = () => {
    cancel = deps.clock.setTimer(Math.floor(leaseMs / 3), () => {
      let renewed = true;
      try {
        renewed = deps.store.renewMessageLease(id, leaseMs);
      } catch {
        // The database did not answer (restart): try again at the next third of the lease.
      }
      if (renewed) schedule();
    });
  };
  schedule();
  return () => {
    cancel?.();
    cancel = null;
  };
}

function recordFailure(deps: ChatDeps, message: OutboxMessage, error: unknown): void {
  const now = deps.clock.now();
  if (error instanceof DeliveryDeferred) {
    // Waiting costs no chat call (the card it waits for has its own backoff): look again soon.
    deps.store.markAttempt(message.id, `deferred: ${error.message}`, now + FIRST_BACKOFF_MS);
    deps.logger.info({ outboxId: message.id, key: message.key, reason: error.message }, 'message waits');
    return;
  }
  const first = OUTBOX_FIRST_BACKOFF_MS[message.kind] ?? FIRST_BACKOFF_MS;
  const backoff = Math.min(MAX_BACKOFF_MS, first * 2 ** message.attempts);
  const failure = deps.chat.classifyFailure(error);
  const reason = `${failure.kind}: ${failure.code}`;
  if (failure.kind === 'uncertain') {
    deps.store.markUncertain(message.id, reason, now + backoff);
  } else {
    const wait = failure.kind === 'rate_limited' ? Math.max(failure.retryAfterMs, first) : backoff;
    deps.store.markAttempt(message.id, reason, now + wait);
  }
  deps.logger.warn(
    { outboxId: message.id, key: message.key, failure: reason, attempts: message.attempts + 1 },
    'message not delivered yet; it will be sent again',
  );
}

/**
 * Where and what a plain message is. Rows queued by versions that stored the rendered message
 * (`{ channel, threadTs, text, blocks }`) are sent as they were rendered.
 */
function plainMessage(payload: unknown): { to: ChatDestination; content: ChatContent } {
  const stored = payload as Partial<PlainOutboxPayload> & { channel: string; threadTs?: string | null };
  const to: ChatDestination = {
    channel: stored.channel,
    ...((stored.thread ?? stored.threadTs) ? { thread: stored.thread ?? stored.threadTs } : {}),
    ...(stored.broadcast ? { broadcast: true } : {}),
  };
  return { to, content: stored.content ?? { kind: 'prerendered', message: payload } };
}

/** A message of its own (final report, break-glass ping, direct message): posted as it is. */
async function deliverPlainMessage(deps: ChatDeps, message: OutboxMessage): Promise<string | null> {
  const plain = plainMessage(message.payload);
  const { content } = plain;
  const to =
    (message.payload as PlainOutboxPayload).inCardThread && message.incidentId !== null
      ? withThread(plain.to, await cardThreadOf(deps, message.incidentId))
      : plain.to;
  const found = await alreadyPosted(deps, message, to);
  if (found) return found;
  try {
    return await deps.chat.deliver(to, content, message.key);
  } catch (error) {
    // The thread it belonged to is gone: the channel still gets it.
    if (!to.thread || deps.chat.classifyFailure(error).kind !== 'card_gone') throw error;
    return deps.chat.deliver({ channel: to.channel }, content, message.key);
  }
}

function withThread(to: ChatDestination, thread: string | null): ChatDestination {
  return thread ? { ...to, thread } : to;
}
