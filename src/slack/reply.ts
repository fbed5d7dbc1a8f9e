import { randomUUID } from 'node:crypto';
import { isUserError } from '../core/errors.ts';
import type { Logger } from '../core/ports.ts';
import type { Locale } from '../render/i18n/locale.ts';
import type { SlackMessage } from '../render/slack/block-types.ts';
import { renderError } from '../render/slack/render-error.ts';

/** Sends a message only the person who acted sees (response_url or chat.postEphemeral). */
export type Reply = (message: SlackMessage) => Promise<void>;

/**
 * The Slack side's one error boundary: a UserError is shown to the person as it is, anything else
 * as "internal error, ref <id>" with the detail in the log only.
 */
export async function withErrorBoundary(
  context: { logger: Logger; locale: Locale; reply: Reply },
  work: () => Promise<void>,
): Promise<void> {
  try {
    await work();
  } catch (error) {
    const { locale, reply, logger } = context;
    let message: SlackMessage;
    if (isUserError(error) && error.message === 'not_in_channel') {
      message = renderError({ kind: 'not_in_channel', params: {}, locale });
    } else if (isUserError(error)) {
      message = renderError({
        kind: 'user_error',
        params: { message: error.message, ...(error.hint ? { hint: error.hint } : {}) },
        locale,
      });
    } else {
      const ref = randomUUID().slice(0, 8);
      logger.error({ err: error, ref }, 'internal error while handling a Slack request');
      message = renderError({ kind: 'internal', params: { ref }, locale });
    }
    await reply(message).catch((replyError: unknown) =>
      logger.warn({ err: replyError }, 'could not tell the user about an error'),
    );
  }
}
