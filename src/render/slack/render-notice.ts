import type { CardNotice } from '../common/card-notice.ts';
import type { SlackMessage } from './block-types.ts';
import { section } from './blocks.ts';
import { escapeMrkdwn } from './escape-mrkdwn.ts';

const ICONS: Record<CardNotice['icon'], string> = {
  alert: '🔔',
  alert_resolved: '✅',
  alerts: '🔔',
  page_accepted: '📟',
  page_refused: '⚠️',
  page_pending: '⏳',
  refused: '⛔',
  hosts: '🖥️',
};

/** `<url|label>` with the characters Slack reads as link syntax encoded. */
function slackLink(url: string, label: string): string {
  const safeUrl = url.replace(/[<>|\s]/g, (char) => encodeURIComponent(char));
  return `<${safeUrl}|${escapeMrkdwn(label).replace(/[|>]/g, '')}>`;
}

/** One mrkdwn line: icon, escaped text, link. */
export function noticeLine(notice: CardNotice): string {
  const link = notice.link ? ` · ${slackLink(notice.link.url, notice.link.label)}` : '';
  return `${ICONS[notice.icon]} ${escapeMrkdwn(notice.text)}${link}`;
}

/** A notice as a thread message. */
export function renderNotice(notice: CardNotice): SlackMessage {
  const line = noticeLine(notice);
  return { text: `${ICONS[notice.icon]} ${notice.text}`.slice(0, 3000), blocks: [section(line)] };
}
