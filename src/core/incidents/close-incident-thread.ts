import { renderIncidentReport } from '../../render/markdown/render-incident-report.ts';
import type { BoundRunbook } from '../catalog.ts';
import type { ChatDeps } from '../chat/chat-deps.ts';
import { sendOnce } from '../outbox/outbox.ts';
import { buildReport } from './incident-report.ts';
import { cardNowOrLater, queueCardRefresh } from './incident-thread.ts';
import { resolveIncident } from './resolve-incident.ts';

/**
 * Resolves the incident and says so in its thread: the final report once (through the outbox),
 * the Markdown report as a file, and the card redrawn as resolved.
 */
export async function closeIncidentInThread(
  deps: ChatDeps,
  bound: BoundRunbook,
  incidentId: number,
  user: string,
): Promise<void> {
  const { report, incident } = resolveIncident(deps, { incidentId, actor: user });
  // Resolved already: a card Slack does not take now must not lose the final report with it.
  const thread = await cardNowOrLater(deps, bound, incident.id);
  await sendOnce(deps, {
    key: `final-report:${incident.id}`,
    incidentId: incident.id,
    kind: 'final_report',
    to: { channel: incident.channel },
    inCardThread: true,
    content: { kind: 'final_report', report: { ...report, fileAttached: thread !== null } },
  });
  if (!thread) return; // the card and the report follow through the outbox; the file needs the thread
  await deps.chat.upload(
    { channel: incident.channel, thread },
    {
      filename: `incident-${incident.id}-${bound.runbook.id}.md`,
      title: `Incident #${incident.id} — ${bound.runbook.title}`,
      content: renderIncidentReport(buildReport(deps, incident)),
    },
  );
  await queueCardRefresh(deps, { incidentId: incident.id, runbook: bound.runbook.id }, 'resolved');
}
