import type { Incident } from '../../store/records.ts';
import type { OutboxMessage } from '../../store/store.ts';
import { cardNotices } from '../alerts/card-notices.ts';
import { type BoundRunbook, diagnoseWords } from '../catalog.ts';
import type { ChatContent } from '../chat/chat-content.ts';
import type { ChatDeps } from '../chat/chat-deps.ts';
import { UserError } from '../errors.ts';
import { alreadyPosted } from '../outbox/already-posted.ts';
import { attemptDelivery, DeliveryDeferred, deliver } from '../outbox/outbox.ts';
import { fleetNotices } from '../targets/run-fleet-for-incident.ts';
import { CARD_REFRESH, type CardRefreshPayload } from './escalation-messages.ts';
import { INCIDENT_CARD, type IncidentCardPayload } from './incident-card-kind.ts';

/** The incident card as it should look now (status, symptoms, next escalation, the template's data). */
export function cardMessage(deps: ChatDeps, bound: BoundRunbook, incident: Incident): ChatContent {
  const now = deps.clock.now();
  const next = deps.store.nextEscalation(incident.id);
  const locale = bound.binding.locale;
  const timeline = deps.store.listTimeline(incident.id);
  const notices = [...cardNotices(timeline, locale), ...fleetNotices(timeline)];
  return {
    kind: 'incident_card',
    card: {
      incident,
      runbookTitle: bound.runbook.title,
      runbookFile: `${bound.runbook.id}.md`,
      commandName: bound.binding.command,
      canRestart: bound.binding.subcommands.restart !== undefined,
      diagnoseWord: diagnoseWords(bound),
      locale,
      now,
      timeZone: deps.timeZone,
      nextEscalation: next ? { roles: next.roles, dueAt: next.dueAt } : null,
      ...(notices.length > 0 ? { notices } : {}),
      template: {
        fields: bound.runbook.template,
        incident,
        timeline,
        locale,
        timeZone: deps.timeZone,
        now,
        sections: bound.runbook.sections,
      },
    },
  };
}

/** Re-renders the card in place. A card not posted yet is left alone. */
export async function refreshCard(deps: ChatDeps, bound: BoundRunbook, incidentId: number): Promise<void> {
  const incident = deps.store.getIncident(incidentId);
  if (!incident?.cardTs) return;
  await deps.chat.update(
    { channel: incident.channel, ref: incident.cardTs },
    cardMessage(deps, bound, incident),
  );
}

/** The channel's open incident for this runbook, opening one (timeline first) when there is none. */
export function openOrReuseIncident(deps: ChatDeps, bound: BoundRunbook, channel: string, user: string) {
  const { incident, created } = deps.store.openIncident({
    runbook: bound.runbook.id,
    channel,
    openedBy: user,
  });
  if (created) {
    deps.store.appendTimeline({
      incidentId: incident.id,
      actor: user,
      kind: 'opened',
      summary: 'incident opened',
      data: {},
    });
    deps.onIncidentOpened?.(incident, bound);
  }
  return { incident, created };
}

/**
 * How long a flow waits for its incident's card (its own attempts and those of other processes):
 * 10 s of retries (0.5 s, 1 s, 2 s, 4 s apart) plus three attempts that time out.
 */
function cardWaitMs(deps: ChatDeps): number {
  return 10_000 + 3 * deps.chat.attemptTimeoutMs;
}
const CARD_POLL_MS = 100;

/**
 * Makes sure the incident's card is in the channel and returns its reference (the thread). The
 * card is an outbox message (`incident-card:<id>`): each attempt is one request, tagged, and one
 * that may have posted is looked up before posting again, so a card is never posted twice, and
 * one Slack did not take is posted later by the tick. This call tries until `waitMs` (default
 * `cardWaitMs`) has passed, then throws `DeliveryDeferred`. A channel the bot is not a member of becomes the UserError
 * `not_in_channel`.
 */
export async function ensureCard(
  deps: ChatDeps,
  bound: BoundRunbook,
  incidentId: number,
  /** 0: one attempt (outbox senders: the tick tries again, nothing waits inside a delivery). */
  options: { waitMs?: number } = {},
): Promise<string> {
  const current = deps.store.getIncident(incidentId);
  if (!current) throw new UserError('not_found', `incident #${incidentId} not found`);
  if (current.cardTs) return current.cardTs;
  const payload: IncidentCardPayload = { incidentId, runbook: bound.runbook.id };
  const { id } = deps.store.enqueueMessage({
    key: `incident-card:${incidentId}`,
    incidentId,
    kind: INCIDENT_CARD,
    payload,
  });
  const deadline = deps.clock.now() + (options.waitMs ?? cardWaitMs(deps));
  for (;;) {
    const attempt = await attemptDelivery(deps, id);
    const ref = deps.store.getIncident(incidentId)?.cardTs;
    if (ref) return ref;
    let wait = CARD_POLL_MS; // another process is posting it: its result shows in the store
    if (attempt.kind === 'sent') throw new Error(`the card of incident #${incidentId} could not be drawn`);
    if (attempt.kind === 'failed') {
      const failure = deps.chat.classifyFailure(attempt.error);
      if (failure.kind === 'channel_unusable' && failure.notMember) {
        throw new UserError('forbidden', 'not_in_channel');
      }
      if (failure.kind === 'channel_unusable' || failure.kind === 'refused') throw attempt.error;
      wait = Math.max(CARD_POLL_MS, (deps.store.getMessage(id)?.nextAttemptAt ?? 0) - deps.clock.now());
    }
    if (deps.clock.now() + wait > deadline) {
      throw new DeliveryDeferred(`the card of incident #${incidentId} is not posted yet`);
    }
    await deps.clock.sleep(wait);
  }
}

/**
 * The thread of the incident's card for an outbox message sent now: one attempt at the card when
 * it is not there yet (`ensureCard`, else `DeliveryDeferred`); null when the incident or its
 * runbook is gone (the channel, then).
 */
export async function cardThreadOf(deps: ChatDeps, incidentId: number): Promise<string | null> {
  const incident = deps.store.getIncident(incidentId);
  if (!incident) return null;
  if (incident.cardTs) return incident.cardTs;
  const bound = deps.catalog.byRunbookId(incident.runbook);
  return bound ? ensureCard(deps, bound, incidentId, { waitMs: 0 }) : null;
}

/**
 * `ensureCard` for a flow whose messages can wait in the outbox: null when the card is not posted
 * yet (the outbox posts it, then the messages queued `inCardThread`).
 */
export async function cardNowOrLater(
  deps: ChatDeps,
  bound: BoundRunbook,
  incidentId: number,
): Promise<string | null> {
  try {
    return await ensureCard(deps, bound, incidentId);
  } catch (error) {
    if (!(error instanceof DeliveryDeferred)) throw error;
    deps.logger.warn(
      { incidentId },
      'the incident card is not posted yet; the outbox posts it and what follows',
    );
    return null;
  }
}

/** Outbox sender of INCIDENT_CARD: the card as the incident is now; its reference is kept as the thread. */
export async function deliverIncidentCard(deps: ChatDeps, message: OutboxMessage): Promise<string | null> {
  const { incidentId, runbook } = message.payload as IncidentCardPayload;
  const incident = deps.store.getIncident(incidentId);
  if (!incident) return null;
  if (incident.cardTs) return incident.cardTs;
  const bound = deps.catalog.byRunbookId(runbook);
  if (!bound) return null;
  const to = { channel: incident.channel };
  const ref =
    (await alreadyPosted(deps, message, to)) ??
    (await deps.chat.deliver(to, cardMessage(deps, bound, incident), message.key));
  deps.store.setIncidentCard(incidentId, ref);
  return ref;
}

/**
 * Redraws the card through the outbox (`CARD_REFRESH`, best effort): a refresh Slack refuses or
 * throttles is tried again by the tick, and never fails the flow that asked for it.
 */
export async function queueCardRefresh(
  deps: ChatDeps,
  input: { incidentId: number; runbook: string },
  key: string,
): Promise<void> {
  const payload: CardRefreshPayload = { incidentId: input.incidentId, runbook: input.runbook };
  const { id, created } = deps.store.enqueueMessage({
    key: `card-refresh:${input.incidentId}:${key}`,
    incidentId: input.incidentId,
    kind: CARD_REFRESH,
    payload,
  });
  if (created) await deliver(deps, id);
}
