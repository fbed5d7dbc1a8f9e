import type { TickTask } from '../chat/chat-deps.ts';
import { queueCardRefresh } from '../incidents/incident-thread.ts';
import { sendOnce } from '../outbox/outbox.ts';
import { queueApprovalCard } from './approval-card.ts';
import { runApproved } from './change-flow.ts';
import { recoverInterrupted, recoverUnstarted } from './recover-interrupted.ts';

/**
 * Tick task (the first tick runs at start, before anything else is served), in every process on
 * the DATA_DIR:
 * - a change left `running` whose owner stopped heartbeating (its process died) is marked failed,
 *   its card updated and the thread told once; a run whose owner is alive (another bot process, a
 *   terminal) is left alone;
 * - an `approved` change whose run never began is run now if still valid, else failed with the
 *   reason on its card and in the timeline.
 * Runs are started without waiting, so a long change does not hold the other tick tasks.
 */
export function recoverChanges(): TickTask {
  const starting = new Set<string>();
  return async (deps) => {
    for (const approval of recoverInterrupted(deps)) {
      await queueApprovalCard(deps, approval);
      const bound = deps.catalog.byRunbookId(approval.runbook);
      const incident = deps.store.getIncident(approval.incidentId);
      if (bound && incident?.cardTs) {
        await sendOnce(deps, {
          key: `interrupted:${approval.id}`,
          incidentId: incident.id,
          kind: 'interrupted',
          to: { channel: incident.channel, thread: incident.cardTs },
          content: {
            kind: 'change_interrupted',
            locale: bound.binding.locale,
            requestedBy: approval.requestedBy,
          },
        });
      }
      await queueCardRefresh(deps, approval, `change:${approval.id}`);
    }
    for (const found of await recoverUnstarted(deps)) {
      const { approval } = found;
      if (found.kind === 'failed') {
        await queueApprovalCard(deps, approval);
        await queueCardRefresh(deps, approval, `change:${approval.id}`);
        continue;
      }
      if (starting.has(approval.id)) continue;
      starting.add(approval.id);
      void runApproved(deps, approval, 'bot', [])
        .catch((error: unknown) =>
          deps.logger.error({ err: error, approvalId: approval.id }, 'recovered change failed to run'),
        )
        .finally(() => starting.delete(approval.id));
    }
  };
}
