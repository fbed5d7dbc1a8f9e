import type { Locale } from '../../render/i18n/locale.ts';
import type { OutboxMessage } from '../../store/store.ts';
import { alertTexts } from '../alerts/alert-texts.ts';
import type { BoundRunbook } from '../catalog.ts';
import type { CoreDeps } from '../core-deps.ts';
import { type PageOutcome, PageRetryableError, type PageSender, pagerName } from './page-types.ts';
import { enqueuePageResolves, type PagePayload, type PageTimelineData } from './plan-pages.ts';

/** What a page reports to the chat side: a line in the thread and the card redrawn. */
export interface PageChat {
  notifyPage(input: {
    bound: BoundRunbook;
    incidentId: number;
    key: string;
    data: PageTimelineData;
    text: string;
  }): Promise<void>;
  refreshCard(bound: BoundRunbook, incidentId: number): Promise<void>;
}

/** "paged DevOps Lead via PagerDuty: accepted (202 Event processed)" in the runbook's language. */
export function describePage(
  locale: Locale,
  data: Pick<PageTimelineData, 'role' | 'pager' | 'action' | 'accepted' | 'detail'>,
): string {
  const texts = alertTexts(locale);
  const what =
    data.action === 'trigger'
      ? texts.paged(data.role, data.pager)
      : texts.pageResolved(data.role, data.pager);
  const verdict =
    data.accepted === true
      ? texts.pageAccepted
      : data.accepted === false
        ? texts.pageRefused
        : texts.pageNotSent;
  return `${what}: ${verdict} (${data.detail})`;
}

/**
 * The outbox sender of `page` messages. A trigger for an incident already resolved is not sent. The
 * pager's answer goes to the timeline, the thread and the card: accepted, or refused for good (4xx,
 * missing key: never retried). A 429/5xx/timeout throws, so the outbox tries again with backoff
 * (the first such failure is noted on the card as "not sent" with the reason).
 */
export async function deliverPage(
  deps: CoreDeps,
  send: PageSender,
  chat: PageChat,
  message: Pick<OutboxMessage, 'key' | 'payload'>,
): Promise<null> {
  const payload = message.payload as PagePayload;
  const incident = deps.store.getIncident(payload.incidentId);
  const bound = deps.catalog.byRunbookId(payload.runbook);
  if (!incident || !bound) return null;
  if (payload.event.action === 'trigger' && incident.status === 'resolved') {
    deps.logger.info(
      { incidentId: incident.id, role: payload.role },
      'page not sent: the incident is already resolved',
    );
    return null;
  }
  let outcome: PageOutcome;
  try {
    outcome = await send(payload.target, payload.event);
  } catch (error) {
    if (error instanceof PageRetryableError && deps.store.claimOnce(`page-retrying:${message.key}`)) {
      record(deps, bound, payload, message.key, {
        accepted: null,
        status: error.status,
        detail: error.message,
      });
      await chat.refreshCard(bound, incident.id);
    }
    throw error;
  }
  const data = record(deps, bound, payload, message.key, outcome);
  deps.logger.info(
    {
      incidentId: incident.id,
      role: payload.role,
      pager: payload.target.kind,
      action: payload.event.action,
      accepted: outcome.accepted,
      status: outcome.status,
    },
    outcome.accepted ? 'page accepted' : 'page refused',
  );
  await chat.notifyPage({
    bound,
    incidentId: incident.id,
    key: `${message.key}:thread`,
    data,
    text: describePage(bound.binding.locale, data),
  });
  await chat.refreshCard(bound, incident.id);
  // Resolved while the trigger was on its way: resolve it now.
  if (
    payload.event.action === 'trigger' &&
    outcome.accepted &&
    deps.store.getIncident(incident.id)?.status === 'resolved'
  ) {
    enqueuePageResolves(deps, incident.id);
  }
  return null;
}

function record(
  deps: CoreDeps,
  bound: BoundRunbook,
  payload: PagePayload,
  key: string,
  outcome: Pick<PageOutcome, 'status' | 'detail'> & { accepted: boolean | null },
): PageTimelineData {
  const data: PageTimelineData = {
    role: payload.role,
    pager: pagerName(payload.target),
    action: payload.event.action,
    dedupKey: payload.event.dedupKey,
    accepted: outcome.accepted,
    status: outcome.status,
    detail: outcome.detail,
    outboxKey: key,
    target: payload.target,
  };
  deps.store.appendTimeline({
    incidentId: payload.incidentId,
    actor: 'bot',
    kind: 'page',
    summary: describePage(bound.binding.locale, data),
    data,
  });
  return data;
}
