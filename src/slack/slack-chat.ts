import type { ChatContent } from '../core/chat/chat-content.ts';
import type { ChatDestination, ChatPort, DeliveryFailure } from '../core/chat/chat-port.ts';
import { renderChatContent } from '../render/slack/render-chat-content.ts';
import { renderReportModal } from '../render/slack/render-report-modal.ts';
import { classifyDeliveryFailure, isChannelProblem } from './classify-delivery-failure.ts';
import { messageBody } from './reply.ts';
import type { OutgoingMessage, SlackGateway } from './slack-gateway.ts';

/** Slack errors that inviting the bot fixes (a private channel it is not in reads as not found). */
const NOT_MEMBER = new Set(['not_in_channel', 'channel_not_found']);

function outgoing(to: ChatDestination, content: ChatContent): OutgoingMessage {
  return {
    channel: to.channel,
    ...(to.thread ? { threadTs: to.thread } : {}),
    ...(to.broadcast ? { broadcast: true } : {}),
    ...messageBody(renderChatContent(content)),
  };
}

/**
 * The chat port on Slack: renders chat-neutral content as Block Kit (`render/slack/`) and sends it
 * through the gateway (the Web API, paced, redacted). Message references are Slack `ts` values.
 */
export function createSlackChat(gateway: SlackGateway, options: { attemptTimeoutMs: number }): ChatPort {
  return {
    attemptTimeoutMs: options.attemptTimeoutMs,
    post: (to, content) => gateway.post(outgoing(to, content)),
    update: (message, content) =>
      gateway.update({ channel: message.channel, ts: message.ref, ...renderChatContent(content) }),
    ephemeral: (to, content) =>
      gateway.ephemeral({
        channel: to.channel,
        user: to.user,
        ...(to.thread ? { threadTs: to.thread } : {}),
        ...messageBody(renderChatContent(content)),
      }),
    upload: (to, file) => gateway.upload({ channel: to.channel, threadTs: to.thread, ...file }),
    openForm: (trigger, form) =>
      gateway.openView(trigger, {
        ...renderReportModal(form),
        private_metadata: `${form.incident.id}:${form.mode}`,
      }),
    groupMembers: (groupId) => gateway.usergroupMembers(groupId),
    deliver: (to, content, key) => gateway.deliver(outgoing(to, content), key),
    updateOnce: (message, content) =>
      gateway.updateOnce({ channel: message.channel, ts: message.ref, ...renderChatContent(content) }),
    findDelivered: ({ channel, thread, key, since }) =>
      gateway.findDelivered({ channel, ...(thread ? { threadTs: thread } : {}), key, since }),
    classifyFailure: (error): DeliveryFailure => {
      const failure = classifyDeliveryFailure(error);
      return failure.kind === 'channel_unusable' && NOT_MEMBER.has(failure.code)
        ? { ...failure, notMember: true }
        : failure;
    },
    isChannelProblem,
  };
}
