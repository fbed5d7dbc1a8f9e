import { canApprove } from '../../core/approvals/approvers.ts';
import { commandSteps, namedSubcommands } from '../../core/catalog.ts';
import type { SlackMessage } from '../../render/slack/block-types.ts';
import { renderHelp } from '../../render/slack/render-help.ts';
import type { Risk, Section } from '../../runbook/model.ts';
import type { BotDeps } from '../bot-deps.ts';
import type { IntentInput } from './on-slash-command.ts';

const RANK: Record<Risk, number> = { read: 0, sensitive: 1, change: 2 };

function highestRisk(section: Section): Risk {
  return commandSteps(section.steps)
    .filter((step) => !step.skip)
    .reduce<Risk>((worst, step) => (RANK[step.risk] > RANK[worst] ? step.risk : worst), 'read');
}

/** `/apidown help`: what the caller may run (changes go through approval), and every section. */
export async function replyHelp(deps: BotDeps, input: IntentInput, before?: SlackMessage): Promise<void> {
  const { bound } = input;
  const subcommands = namedSubcommands(bound).map(({ name, section }) => ({
    name,
    sectionId: section.id,
    title: section.title,
    risk: highestRisk(section),
  }));
  const sections = bound.runbook.sections
    .filter((section) => section.steps.length > 0)
    .map((section) => ({ id: section.id, title: section.title }));
  const help = renderHelp({
    binding: bound.binding,
    commandName: bound.binding.command,
    subcommands,
    sections,
    canApprove: await canApprove(deps, bound.binding, input.user),
    locale: bound.binding.locale,
  });
  await input.reply(
    before
      ? { text: `${before.text}\n${help.text}`, blocks: [...before.blocks, ...help.blocks].slice(0, 50) }
      : help,
  );
}
