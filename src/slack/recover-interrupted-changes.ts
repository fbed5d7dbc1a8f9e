import { INTERRUPTED_REASON, recoverInterrupted } from '../core/approvals/recover-interrupted.ts';
import type { BotDeps } from './bot-deps.ts';
import type { TickTask } from './bot-features.ts';
import { updateApprovalCard } from './features/approval-card.ts';
import { refreshCard } from './incident-thread.ts';
import { sendOnce } from './outbox.ts';

/**
 * Tick task that works once per process, on the first tick (run by `start()` before anything else
 * is served): changes left `running` by a dead process are marked failed, their approval card
 * updated, and the incident thread told (once, through the outbox).
 */
export function recoverInterruptedOnce(): TickTask {
  let done = false;
  return async (deps: BotDeps) => {
    if (done) return;
    done = true;
    for (const approval of recoverInterrupted(deps)) {
      await updateApprovalCard(deps, approval).catch((error: unknown) =>
        deps.logger.warn({ err: error, approvalId: approval.id }, 'could not update an interrupted card'),
      );
      const bound = deps.catalog.byRunbookId(approval.runbook);
      const incident = deps.store.getIncident(approval.incidentId);
      if (!bound || !incident?.cardTs) continue;
      const ptBR = bound.binding.locale === 'pt-BR';
      const text = ptBR
        ? `⚠️ A mudança pedida por <@${approval.requestedBy}> foi interrompida (o bot reiniciou durante a execução). Ela não será executada de novo: verifique o serviço e peça de novo se preciso.`
        : `⚠️ The change requested by <@${approval.requestedBy}> was ${INTERRUPTED_REASON} while it ran. It will not run again: check the service and request it again if needed.`;
      await sendOnce(deps, {
        key: `interrupted:${approval.id}`,
        incidentId: incident.id,
        kind: 'interrupted',
        message: { channel: incident.channel, threadTs: incident.cardTs, text },
      });
      await refreshCard(deps, bound, incident.id).catch(() => undefined);
    }
  };
}
