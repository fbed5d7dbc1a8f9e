import type { OutboxMessage } from '../store/store.ts';
import type { BotDeps } from './bot-deps.ts';
import { classifyDeliveryFailure } from './classify-delivery-failure.ts';

/**
 * After an attempt that may have posted (no answer, 5xx, a sender that died mid-call), Slack is
 * asked whether a message with this key is there before anything is posted again. When Slack
 * cannot tell (no history scope, say), posting again is preferred to never posting.
 */
export async function alreadyPosted(
  deps: BotDeps,
  message: OutboxMessage,
  where: { channel: string; threadTs?: string | null },
): Promise<string | null> {
  if (message.uncertainSince === null) return null;
  try {
    return await deps.gateway.findDelivered({ ...where, key: message.key, since: message.createdAt });
  } catch (error) {
    const failure = classifyDeliveryFailure(error);
    if (failure.kind === 'rate_limited' || failure.kind === 'uncertain') throw error;
    deps.logger.warn(
      { outboxId: message.id, key: message.key, failure: failure.code },
      'cannot check whether Slack already has this message; sending it again',
    );
    return null;
  }
}
