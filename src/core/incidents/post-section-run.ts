import { randomUUID } from 'node:crypto';
import type { SectionRun } from '../../exec/step-result.ts';
import { renderFullOutput } from '../../render/common/render-full-output.ts';
import type { BoundRunbook } from '../catalog.ts';
import { sectionChangesHost } from '../catalog.ts';
import type { ChatDeps } from '../chat/chat-deps.ts';
import { sendOnce } from '../outbox/outbox.ts';

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

/**
 * Posts a run's verdicts in the incident thread, and its full output as a file when it was cut.
 * The verdicts go through the outbox: stored first, then sent; a post that times out or fails is
 * sent again by the tick (and read back first, so it is never posted twice) instead of being lost.
 * The thread is looked up when they are sent: verdicts of a run whose card Slack did not take yet
 * wait in the outbox for it, never lost with it.
 */
export async function postSectionRun(
  deps: ChatDeps,
  input: {
    bound: BoundRunbook;
    run: SectionRun;
    channel: string;
    requestedBy: string;
    incidentId: number;
    /** Idempotency key of this post (a run id, an approval id); default: a new one. */
    key?: string;
  },
): Promise<void> {
  const { bound, run } = input;
  await sendOnce(deps, {
    key: `section_run:${input.incidentId}:${input.key ?? randomUUID()}`,
    incidentId: input.incidentId,
    kind: 'section_run',
    to: { channel: input.channel },
    inCardThread: true,
    content: {
      kind: 'section_run',
      run: {
        run,
        requestedBy: input.requestedBy,
        locale: bound.binding.locale,
        commandName: bound.binding.command,
        restartAvailable: restartSectionId(bound) !== undefined,
        incidentId: input.incidentId,
      },
    },
  });
  if (!needsFile(run)) return;
  const thread = deps.store.getIncident(input.incidentId)?.cardTs;
  if (!thread) {
    deps.logger.warn(
      { incidentId: input.incidentId, section: run.section },
      'the full output is not uploaded: the incident card is not posted yet',
    );
    return;
  }
  await deps.chat.upload(
    { channel: input.channel, thread },
    {
      filename: `${run.runbook}-${run.section}.txt`,
      title: `${run.sectionTitle} — output`,
      content: renderFullOutput(run),
    },
  );
}
