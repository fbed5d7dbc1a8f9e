import type { FilledField } from '../common/fill-template.ts';
import { fillTemplate } from '../common/fill-template.ts';
import type { FinalReportInput } from '../common/final-report-input.ts';
import { t } from '../i18n/messages.ts';
import type { KnownBlock, SlackMessage } from './block-types.ts';
import { context, fallbackText, header, section } from './blocks.ts';
import { escapeMrkdwn } from './escape-mrkdwn.ts';
import { fitBlocks } from './limits.ts';
import { mentionActor } from './mentions.ts';
import { shortRunbookTitle } from './render-incident-card.ts';
import { st } from './slack-text.ts';

export type { FinalReportInput } from '../common/final-report-input.ts';

/** The incident report in the thread: the runbook's template, every field filled. */
export function renderFinalReport(input: FinalReportInput): SlackMessage {
  const { incident, locale } = input;
  const runbook = shortRunbookTitle(input.runbookTitle);
  const key = incident.status === 'resolved' ? 'report.slackResolved' : 'report.slackOpen';
  const filled = fillTemplate({ ...input, formatActor: mentionActor, formatText: escapeMrkdwn });
  const blocks: KnownBlock[] = [
    header(t(locale, key, { id: incident.id, runbook })),
    ...filled.map(fieldBlock),
  ];
  if (input.fileAttached) blocks.push(context(st(locale, 'report.file')));
  const omitted = (count: number) => context(escapeMrkdwn(t(locale, 'limits.moreBlocks', { count })));
  return {
    text: fallbackText(st(locale, key, { id: incident.id, runbook })),
    blocks: fitBlocks(blocks, omitted),
  };
}

function fieldBlock(field: FilledField): KnownBlock {
  const label = `*${escapeMrkdwn(field.label)}:*`;
  if (field.items.length > 0)
    return section(`${label}\n${field.items.map((item) => `• ${item}`).join('\n')}`);
  return section(`${label} ${field.value ?? ''}`);
}
