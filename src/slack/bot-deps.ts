import type { BotConfig } from '../config/load-config.ts';
import type { ChatDeps } from '../core/chat/chat-deps.ts';
import type { SlackGateway } from './slack-gateway.ts';

/**
 * What the Slack side adds to the use cases' dependencies: the settings, and the gateway for the
 * Slack-only work (replies, modals); `chat` (the chat port) is built on the same gateway.
 */
export interface BotDeps extends ChatDeps {
  config: BotConfig;
  gateway: SlackGateway;
}
