import type { OutboxMessage } from '../../store/store.ts';
import type { ChatDeps } from '../chat/chat-deps.ts';

/**
 * After an attempt that may have posted (no answer, 5xx, a sender that died mid-call), the chat is
 * asked whether a message with this key is there before anything is posted again. When it cannot
 * tell (Slack without the history scope, say), posting again is preferred to never posting.
 */
export async function alreadyPosted(
  deps: ChatDeps,
  message: OutboxMessage,
  where: { channel: string; thread?: string | null },
): Promise<string | null> {
  if (message.uncertainSince === null) return null;
  try {
    return await deps.chat.findDelivered({
      channel: where.channel,
      ...(where.thread ? { thread: where.thread } : {}),
      key: message.key,
      since: message.createdAt,
    });
  } catch (error) {
    const failure = deps.chat.classifyFailure(error);
    if (failure.kind === 'rate_limited' || failure.kind === 'uncertain') throw error;
    deps.logger.warn(
      { outboxId: message.id, key: message.key, failure: failure.code },
      'cannot check whether the chat already has this message; sending it again',
    );
    return null;
  }
}
