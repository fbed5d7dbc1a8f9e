import type { BoundRunbook } from '../catalog.ts';
import type { ChatDeps } from '../chat/chat-deps.ts';
import { drawIncidentCharts } from './incident-charts.ts';

/**
 * After a diagnose: the binding's charts (last 30 minutes, incident start marked) uploaded into the
 * incident thread, one PNG each; when Prometheus is not configured or fails, one line says so.
 * Never throws: evidence must not break a diagnose that already reported its verdicts.
 */
export async function postIncidentCharts(
  deps: ChatDeps,
  input: { bound: BoundRunbook; channel: string; thread: string; incidentId: number },
): Promise<void> {
  const { bound } = input;
  if (!deps.charts || bound.binding.charts.length === 0) return;
  const incident = deps.store.getIncident(input.incidentId);
  if (!incident) return;
  const where = { channel: input.channel, thread: input.thread };
  try {
    const { images, note } = await drawIncidentCharts(deps.charts, {
      charts: bound.binding.charts,
      now: deps.clock.now(),
      incidentStartedAt: incident.openedAt,
      timeZone: deps.timeZone,
      locale: bound.binding.locale,
      runbookId: bound.runbook.id,
    });
    for (const image of images)
      await deps.chat.upload(where, {
        filename: image.filename,
        title: image.title,
        content: image.png,
        altText: image.altText,
      });
    if (note) await deps.chat.post(where, { kind: 'plain_text', text: note });
  } catch (error) {
    deps.logger.warn({ err: error, runbook: bound.runbook.id }, 'charts could not be posted');
  }
}
