import type { BoundRunbook } from '../core/catalog.ts';
import { sectionChangesHost } from '../core/catalog.ts';
import type { SectionRun } from '../exec/step-result.ts';
import { renderSectionRun } from '../render/slack/render-section-run.ts';
import { renderFullOutput } from '../render/terminal/render-full-output.ts';
import type { BotDeps } from './bot-deps.ts';

/** Output longer than this many lines is cut in the message, so the whole of it goes up as a file. */
const LINES_SHOWN = 12;

function restartSectionId(bound: BoundRunbook): string | undefined {
  const id = bound.binding.subcommands.restart;
  const section = id ? bound.runbook.sections.find((candidate) => candidate.id === id) : undefined;
  return section && sectionChangesHost(section) ? section.id : undefined;
}

function needsFile(run: SectionRun): boolean {
  return run.steps.some((step) => step.outputTruncated || step.output.split('\n').length > LINES_SHOWN);
}

/** Posts a run's verdicts in the incident thread, and its full output as a file when it was cut. */
export async function postSectionRun(
  deps: BotDeps,
  input: {
    bound: BoundRunbook;
    run: SectionRun;
    channel: string;
    threadTs: string;
    requestedBy: string;
    incidentId: number;
  },
): Promise<void> {
  const { bound, run } = input;
  const message = renderSectionRun({
    run,
    requestedBy: input.requestedBy,
    locale: bound.binding.locale,
    commandName: bound.binding.command,
    restartAvailable: restartSectionId(bound) !== undefined,
    incidentId: input.incidentId,
  });
  await deps.gateway.post({ channel: input.channel, threadTs: input.threadTs, ...message });
  if (needsFile(run)) {
    await deps.gateway.upload({
      channel: input.channel,
      threadTs: input.threadTs,
      filename: `${run.runbook}-${run.section}.txt`,
      title: `${run.sectionTitle} — output`,
      content: renderFullOutput(run),
    });
  }
}
