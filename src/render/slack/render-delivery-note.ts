import type { Locale } from '../i18n/locale.ts';
import { t } from '../i18n/messages.ts';
import type { SlackMessage } from './block-types.ts';
import { context } from './blocks.ts';
import { escapeMrkdwn } from './escape-mrkdwn.ts';

/**
 * A message that could not go where it should (the card's thread, the channel) says so, first,
 * in its text and its blocks. `channel` set: it is a direct message because that channel failed.
 */
export function withDeliveryNote(
  message: SlackMessage,
  input: { locale: Locale; code: string; channel?: string },
): SlackMessage {
  const code = escapeMrkdwn(input.code);
  const note = input.channel
    ? t(input.locale, 'delivery.channel', { channel: `<#${input.channel}>`, code })
    : t(input.locale, 'delivery.card', { code });
  return { text: `${note}\n${message.text}`, blocks: [context(note), ...message.blocks].slice(0, 50) };
}
