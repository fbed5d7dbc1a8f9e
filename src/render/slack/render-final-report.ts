import type { TemplateField } from '../../runbook/model.ts';
import type { Incident, TimelineEntry } from '../../store/records.ts';
import type { SectionTitle } from '../common/describe-timeline-entry.ts';
import type { FilledField } from '../common/fill-template.ts';
import { fillTemplate } from '../common/fill-template.ts';
import type { Locale } from '../i18n/locale.ts';
import { t } from '../i18n/messages.ts';
import type { KnownBlock, SlackMessage } from './block-types.ts';
import { context, fallbackText, header, section } from './blocks.ts';
import { escapeMrkdwn } from './escape-mrkdwn.ts';
import { fitBlocks } from './limits.ts';
import { mentionActor } from './mentions.ts';
import { shortRunbookTitle } from './render-incident-card.ts';
import { st } from './slack-text.ts';

export interface FinalReportInput {
  incident: Incident;
  runbookTitle: string;
  /** The runbook's template, in its order. */
  fields: readonly TemplateField[];
  timeline: readonly TimelineEntry[];
  locale: Locale;
  timeZone: string;
  now: number;
  /** The runbook's sections: action lines name them in the reader's language. */
  sections?: readonly SectionTitle[];
  /** The Markdown version is uploaded beside the message. */
  fileAttached?: boolean;
}

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
