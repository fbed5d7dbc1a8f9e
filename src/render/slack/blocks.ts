import type {
  ActionsBlock,
  Button,
  ContextBlock,
  HeaderBlock,
  KnownBlock,
  SectionBlock,
} from './block-types.ts';
import { cutMiddle, SLACK_LIMITS, truncateEnd } from './limits.ts';

/** Small Block Kit builders that apply Slack's limits once, here. */

export function header(text: string): HeaderBlock {
  return {
    type: 'header',
    text: { type: 'plain_text', text: truncateEnd(text, SLACK_LIMITS.header), emoji: true },
  };
}

export function section(mrkdwn: string, accessory?: Button): SectionBlock {
  const block: SectionBlock = {
    type: 'section',
    text: { type: 'mrkdwn', text: cutMiddle(mrkdwn, SLACK_LIMITS.sectionText) },
  };
  if (accessory) block.accessory = accessory;
  return block;
}

export function context(...mrkdwn: string[]): ContextBlock {
  return {
    type: 'context',
    elements: mrkdwn
      .filter((text) => text !== '')
      .slice(0, SLACK_LIMITS.contextElements)
      .map((text) => ({ type: 'mrkdwn' as const, text: cutMiddle(text, SLACK_LIMITS.contextText) })),
  };
}

export interface ButtonSpec {
  text: string;
  actionId: string;
  value: string;
  style?: 'primary' | 'danger';
}

export function button(spec: ButtonSpec): Button {
  if (spec.actionId.length > SLACK_LIMITS.actionId)
    throw new RangeError(`action_id too long: ${spec.actionId}`);
  if (spec.value.length > SLACK_LIMITS.buttonValue) throw new RangeError('button value over 2000 characters');
  const result: Button = {
    type: 'button',
    action_id: spec.actionId,
    text: { type: 'plain_text', text: truncateEnd(spec.text, SLACK_LIMITS.buttonText), emoji: true },
    value: spec.value,
  };
  if (spec.style) result.style = spec.style;
  return result;
}

export function actions(buttons: readonly Button[], blockId?: string): ActionsBlock {
  const block: ActionsBlock = { type: 'actions', elements: buttons.slice(0, SLACK_LIMITS.actionsElements) };
  if (blockId) block.block_id = blockId;
  return block;
}

export function divider(): KnownBlock {
  return { type: 'divider' };
}

/** Notification text: short, one line per paragraph, no mrkdwn markup needed. */
export function fallbackText(text: string): string {
  return truncateEnd(text, SLACK_LIMITS.fallbackText);
}
