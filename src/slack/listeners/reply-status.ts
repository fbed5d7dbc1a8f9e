import { diagnoseWords } from '../../core/catalog.ts';
import { cardMessage } from '../../core/incidents/incident-thread.ts';
import { formatClock } from '../../render/i18n/format-time.ts';
import { t } from '../../render/i18n/messages.ts';
import { renderChatContent } from '../../render/slack/render-chat-content.ts';
import type { BotDeps } from '../bot-deps.ts';
import type { IntentInput } from './on-slash-command.ts';

/** `/apidown status`: the open incident as the store has it (never read back from Slack). */
export async function replyStatus(deps: BotDeps, input: IntentInput): Promise<void> {
  const { bound } = input;
  const incident = deps.store.getOpenIncident(bound.runbook.id, input.channel);
  if (!incident) {
    await input.reply({
      text: t(bound.binding.locale, 'ack.noIncident', {
        command: bound.binding.command,
        start: `${bound.binding.command} ${diagnoseWords(bound)}`,
      }),
      blocks: [],
    });
    return;
  }
  const card = renderChatContent(cardMessage(deps, bound, incident));
  const recent = deps.store.listTimeline(incident.id).slice(-8);
  const lines = recent.map((entry) => `• ${formatClock(entry.at, deps.timeZone)} ${entry.summary}`);
  await input.reply({
    text: card.text,
    blocks: [
      ...card.blocks.filter((block) => block.type !== 'actions'),
      ...(lines.length
        ? [
            {
              type: 'context' as const,
              elements: [{ type: 'mrkdwn' as const, text: lines.join('\n').slice(0, 2900) }],
            },
          ]
        : []),
    ],
  });
}
