import { randomUUID } from 'node:crypto';
import type { RespondFn } from '@slack/bolt';
import type { ChatReply } from '../core/chat/chat-deps.ts';
import { isUserError } from '../core/errors.ts';
import { DeliveryDeferred } from '../core/outbox/outbox.ts';
import type { Logger } from '../core/ports.ts';
import { isNotOperator } from '../core/run-access.ts';
import type { Locale } from '../render/i18n/locale.ts';
import type { SlackMessage } from '../render/slack/block-types.ts';
import { renderChatContent } from '../render/slack/render-chat-content.ts';
import { renderError } from '../render/slack/render-error.ts';
import { isStoreUnavailable } from '../store/store-unavailable.ts';

/** Sends a message only the person who acted sees (response_url or chat.postEphemeral). */
export type Reply = (message: SlackMessage) => Promise<void>;

/** The chat port's reply on a Slack reply: the use case's content rendered as Block Kit. */
export function chatReply(reply: Reply): ChatReply {
  return (content) => reply(renderChatContent(content));
}

/**
 * `text`, plus `blocks` only when there is at least one: Slack documents an empty `blocks` array only
 * for chat.update (to clear a message's blocks); chat.postMessage/postEphemeral answer invalid_blocks.
 */
export function messageBody(message: SlackMessage): { text: string; blocks?: SlackMessage['blocks'] } {
  return message.blocks && message.blocks.length > 0
    ? { text: message.text, blocks: message.blocks }
    : { text: message.text };
}

/** A reply through the request's response_url: only the person sees it, and it never replaces the original. */
export function replyViaResponseUrl(respond: RespondFn): Reply {
  return async (message) => {
    await respond({ response_type: 'ephemeral', replace_original: false, ...messageBody(message) });
  };
}

/**
 * The reply for an interaction (button, modal). Through its response_url when the payload has one:
 * chat.postEphemeral answers user_not_in_channel for people who read a channel without being
 * members, and a response_url reaches them. chat.postEphemeral is used only when there is no
 * response_url (a payload without one), or when posting to it failed (expired after 30 minutes, or
 * used 5 times), so the person still hears back when Slack lets us.
 */
export function interactionReply(options: {
  respond: RespondFn | undefined;
  ephemeral: (message: { text: string; blocks?: SlackMessage['blocks'] }) => Promise<void>;
  logger: Logger;
}): Reply {
  const { respond, ephemeral, logger } = options;
  if (!respond) return (message) => ephemeral(messageBody(message));
  const viaUrl = replyViaResponseUrl(respond);
  return async (message) => {
    try {
      await viaUrl(message);
    } catch (error) {
      logger.warn({ err: error }, 'response_url refused the reply; trying chat.postEphemeral');
      await ephemeral(messageBody(message)).catch(() => {
        throw error;
      });
    }
  };
}

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
    } else if (isNotOperator(error)) {
      message = renderError({ kind: 'not_operator', params: { operators: error.operators }, locale });
    } else if (isUserError(error)) {
      message = renderError({
        kind: 'user_error',
        params: { message: error.message, ...(error.hint ? { hint: error.hint } : {}) },
        locale,
      });
    } else if (error instanceof DeliveryDeferred) {
      // The incident card Slack did not take in time (it failed, throttled or hung for 10 s): the
      // bot keeps posting it; the change flows that need its thread started nothing.
      logger.warn({ err: error }, 'a Slack request waited too long for the incident card');
      message = renderError({
        kind: 'user_error',
        params: {
          message: 'Slack has not taken the incident card yet, so this did not go ahead',
          hint: 'the bot keeps posting the card; run the command again in a minute',
        },
        locale,
      });
    } else if (isStoreUnavailable(error)) {
      // The database is down or too slow: nothing was claimed or started, so trying again is safe.
      logger.error({ err: error }, 'the database did not answer while handling a Slack request');
      message = renderError({
        kind: 'user_error',
        params: {
          message: "the bot's database is not reachable right now, so nothing was started",
          hint: 'try again in a minute; if it lasts, whoever runs the bot can check `runbook-bot doctor`',
        },
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
