import type { Binding } from '../../runbook/binding/binding-schema.ts';
import type { Risk } from '../../runbook/model.ts';
import type { Locale } from '../i18n/locale.ts';
import { t } from '../i18n/messages.ts';
import type { KnownBlock, SlackMessage } from './block-types.ts';
import { context, fallbackText, header, section } from './blocks.ts';
import { codeSpan, escapeMrkdwn } from './escape-mrkdwn.ts';
import { fitBlocks, packLines } from './limits.ts';
import { isEmptyAudience, mentionAudience } from './mentions.ts';
import { raw, st } from './slack-text.ts';

export interface HelpSubcommand {
  name: string;
  sectionId: string;
  title: string;
  /** The highest risk of the section's steps. */
  risk: Risk;
}

export interface HelpInput {
  binding: Pick<Binding, 'approvers'>;
  commandName: string;
  /** What the caller may run, already filtered. */
  subcommands: readonly HelpSubcommand[];
  /** Every section reachable with `run <id>`. */
  sections: readonly { id: string; title: string }[];
  /** The caller is an approver. */
  canApprove: boolean;
  locale: Locale;
}

/** The ephemeral `/apidown help`. */
export function renderHelp(input: HelpInput): SlackMessage {
  const { locale, commandName } = input;
  const blocks: KnownBlock[] = [header(t(locale, 'help.title', { command: commandName }))];

  if (input.subcommands.length > 0) {
    const lines = input.subcommands.map(
      (sub) =>
        `${codeSpan(`${commandName} ${sub.name}`)} — ${escapeMrkdwn(sub.title)} · ${escapeMrkdwn(t(locale, `help.risk.${sub.risk}`))}`,
    );
    for (const chunk of packLines([st(locale, 'help.subcommands'), ...lines])) blocks.push(section(chunk));
  }

  if (input.sections.length > 0) {
    const lines = input.sections.map((s) => `${codeSpan(s.id)} — ${escapeMrkdwn(s.title)}`);
    for (const chunk of packLines([st(locale, 'help.sections', { command: commandName }), ...lines])) {
      blocks.push(section(chunk));
    }
  }

  blocks.push(context(st(locale, 'help.other', { command: commandName })));
  blocks.push(context(approvalText(input)));

  const omitted = (count: number) => context(escapeMrkdwn(t(locale, 'limits.moreBlocks', { count })));
  return {
    text: fallbackText(st(locale, 'help.fallback', { command: commandName })),
    blocks: fitBlocks(blocks, omitted),
  };
}

function approvalText(input: HelpInput): string {
  const { locale } = input;
  if (input.canApprove) return st(locale, 'help.canApprove');
  const approvers = input.binding.approvers;
  if (isEmptyAudience(approvers)) return st(locale, 'help.noApprovers');
  return st(locale, 'help.approvers', { approvers: raw(mentionAudience(approvers)) });
}
