import type { types } from '@slack/bolt';

export type KnownBlock = types.KnownBlock;
export type SectionBlock = types.SectionBlock;
export type ContextBlock = types.ContextBlock;
export type HeaderBlock = types.HeaderBlock;
export type ActionsBlock = types.ActionsBlock;
export type InputBlock = types.InputBlock;
export type Button = types.Button;
export type ModalView = types.ModalView;

/** What every Slack renderer returns: blocks plus the notification/fallback text. */
export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}
