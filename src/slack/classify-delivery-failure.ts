import type { DeliveryFailure } from '../core/chat/chat-port.ts';
import { UserError } from '../core/errors.ts';

export type { DeliveryFailure } from '../core/chat/chat-port.ts';

const CARD_GONE = new Set(['message_not_found', 'thread_not_found', 'cant_update_message']);
const CHANNEL_UNUSABLE = new Set([
  'not_in_channel',
  'channel_not_found',
  'is_archived',
  'channel_is_archived',
  'restricted_action',
  'restricted_action_read_only_channel',
  'restricted_action_thread_only_channel',
  'restricted_action_non_threadable_channel',
  'ekm_access_denied',
  'team_access_not_granted',
]);

/** Classifies a Web API error (from @slack/web-api) or the card's `not_in_channel` UserError (chat port `classifyFailure`). */
export function classifyDeliveryFailure(error: unknown): DeliveryFailure {
  if (error instanceof UserError) {
    const code = error.message;
    return CHANNEL_UNUSABLE.has(code) ? { kind: 'channel_unusable', code } : { kind: 'refused', code };
  }
  const failure = (error ?? {}) as {
    code?: unknown;
    data?: { error?: unknown };
    statusCode?: unknown;
    retryAfter?: unknown;
  };
  switch (failure.code) {
    case 'slack_webapi_platform_error': {
      const code = typeof failure.data?.error === 'string' ? failure.data.error : 'error';
      if (CARD_GONE.has(code)) return { kind: 'card_gone', code };
      if (CHANNEL_UNUSABLE.has(code)) return { kind: 'channel_unusable', code };
      return { kind: 'refused', code };
    }
    case 'slack_webapi_rate_limited_error':
      return {
        kind: 'rate_limited',
        code: 'ratelimited',
        retryAfterMs: Math.max(1, Number(failure.retryAfter) || 1) * 1000,
      };
    case 'slack_webapi_http_error': {
      const status = Number(failure.statusCode) || 0;
      return status >= 500 || status === 0
        ? { kind: 'uncertain', code: `http_${status}` }
        : { kind: 'refused', code: `http_${status}` };
    }
    default:
      // Timeouts, connection resets, anything unknown: the request may have reached Slack.
      return { kind: 'uncertain', code: String(failure.code ?? 'request_error').slice(0, 64) };
  }
}

/** True for a Slack error that means the channel itself cannot be used by the bot. */
export function isChannelProblem(code: string): boolean {
  return CHANNEL_UNUSABLE.has(code);
}
