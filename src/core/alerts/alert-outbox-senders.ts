import type { CardNotice } from '../../render/common/card-notice.ts';
import type { OutboxMessage } from '../../store/store.ts';
import type { BoundRunbook } from '../catalog.ts';
import type { ChatDeps } from '../chat/chat-deps.ts';
import { CARD_REFRESH, type CardRefreshPayload } from '../incidents/escalation-messages.ts';
import { openOrReuseIncident } from '../incidents/incident-thread.ts';
import { runReadSection } from '../incidents/run-read-section.ts';
import { sendOnce } from '../outbox/outbox.ts';
import { deliverPage, type PageChat } from '../pages/deliver-page.ts';
import type { AlertWork } from './accept-alerts.ts';
import { alertLine } from './card-notices.ts';
import { type AlertChat, type AlertTimelineData, handleAlert } from './handle-alert.ts';

/** Outbox kind of the thread messages about alerts and pages (posted as they are). */
export const ALERT_NOTICE = 'alert_notice';

/** Slots of card redraws start again every window (keys of older windows are never looked at). */
const CARD_REFRESH_WINDOW_MS = 5000;

/**
 * The card is redrawn by the tick, with at most one redraw waiting per incident: a storm of alerts
 * would otherwise update the same message hundreds of times a minute. A waiting redraw draws the
 * latest state when it is sent; when the last one already went out, another is queued.
 */
function queueCoalescedCardRefresh(deps: ChatDeps, bound: BoundRunbook, incidentId: number): void {
  const payload: CardRefreshPayload = { incidentId, runbook: bound.runbook.id };
  const first = Math.floor(deps.clock.now() / CARD_REFRESH_WINDOW_MS);
  for (let slot = first; slot < first + 1000; slot++) {
    const { id, created } = deps.store.enqueueMessage({
      key: `card:${incidentId}:notices:${slot}`,
      incidentId,
      kind: CARD_REFRESH,
      payload,
    });
    if (created || deps.store.getMessage(id)?.deliveredAt === null) return;
  }
}

async function postNotice(deps: ChatDeps, incidentId: number, key: string, notice: CardNotice) {
  const incident = deps.store.getIncident(incidentId);
  if (!incident) return;
  await sendOnce(deps, {
    key,
    incidentId,
    kind: ALERT_NOTICE,
    to: { channel: incident.channel },
    inCardThread: true,
    content: { kind: 'notice', notice },
  });
}

function alertChat(deps: ChatDeps): AlertChat {
  return {
    openIncident: (bound, channel, actor) => openOrReuseIncident(deps, bound, channel, actor),
    runSection: ({ bound, section, incident, actor, runId }) =>
      runReadSection(deps, {
        bound,
        section,
        channel: incident.channel,
        user: actor,
        runId,
        reply: async () => undefined,
      }),
    postAlertNews: ({ incidentId, key, alert, news, text }) => {
      const data: Pick<AlertTimelineData, 'name' | 'labels' | 'summary'> = {
        name: alert.name,
        labels: alert.labels,
        summary: alert.annotations.summary ?? alert.annotations.description ?? null,
      };
      const notice: CardNotice =
        news === 'resolved'
          ? { icon: 'alert_resolved', text: `${text}: ${alertLine(data)}`, link: null }
          : { icon: 'refused', text };
      return postNotice(deps, incidentId, key, notice);
    },
    refreshCard: async (bound, incidentId) => queueCoalescedCardRefresh(deps, bound, incidentId),
  };
}

function pageChat(deps: ChatDeps): PageChat {
  return {
    notifyPage: ({ incidentId, key, data, text }) =>
      postNotice(deps, incidentId, key, {
        icon:
          data.accepted === true
            ? 'page_accepted'
            : data.accepted === false
              ? 'page_refused'
              : 'page_pending',
        text,
      }),
    refreshCard: async (bound, incidentId) => queueCoalescedCardRefresh(deps, bound, incidentId),
  };
}

/** Outbox sender of `alert`: the use case `handleAlert` with the chat side of the incident. */
export async function deliverAlertMessage(deps: ChatDeps, message: OutboxMessage): Promise<null> {
  await handleAlert(deps, alertChat(deps), message.key, message.payload as AlertWork);
  return null;
}

/** Outbox sender of `page`: the pager clients (`deps.pages`) and the thread/card report. */
export async function deliverPageMessage(deps: ChatDeps, message: OutboxMessage): Promise<null> {
  const send = deps.pages;
  if (!send) throw new Error('no pager clients in this process');
  return deliverPage(deps, send, pageChat(deps), message);
}
