import type { OutboxMessage } from '../../store/store.ts';
import type { ChatContent } from '../chat/chat-content.ts';
import type { ChatDeps } from '../chat/chat-deps.ts';
import type { CardRefreshPayload, EscalationPingPayload } from '../incidents/escalation-messages.ts';
import { cardMessage, ensureCard } from '../incidents/incident-thread.ts';
import { alreadyPosted } from './already-posted.ts';
import { type Deliver, DeliveryDeferred, type PlainOutboxPayload } from './outbox.ts';

/** Best effort: after this many failed attempts a card refresh is dropped (the next one redraws it all). */
const CARD_REFRESH_ATTEMPTS = 5;

/** Where the ping can go: the card's thread, or only the channel / the people because of `problem`. */
async function cardThread(
  deps: ChatDeps,
  payload: EscalationPingPayload,
): Promise<{ thread: string | null; problem: string | null }> {
  const known = deps.store.cardProblem(payload.incidentId);
  if (known) return { thread: null, problem: known };
  const incident = deps.store.getIncident(payload.incidentId);
  if (incident?.cardTs) return { thread: incident.cardTs, problem: null };
  const bound = deps.catalog.byRunbookId(payload.runbook);
  if (!bound) return { thread: null, problem: null };
  try {
    return { thread: await ensureCard(deps, bound, payload.incidentId, { waitMs: 0 }), problem: null };
  } catch (error) {
    if (error instanceof DeliveryDeferred) throw error; // the card is on its way: the ping waits for it
    const failure = deps.chat.classifyFailure(error);
    if (failure.kind === 'rate_limited' || failure.kind === 'uncertain') throw error;
    deps.store.noteCardProblem(payload.incidentId, failure.code);
    return { thread: null, problem: failure.code };
  }
}

/**
 * An escalation ping: in the card's thread (also shown in the channel). When the card is gone or
 * cannot be posted, in the channel, saying so; when the channel cannot be used either, to each
 * member of the roles directly, each message its own outbox item.
 */
export async function deliverEscalationPing(
  deps: ChatDeps,
  message: OutboxMessage,
  deliver: Deliver,
): Promise<string | null> {
  const payload = message.payload as EscalationPingPayload;
  const { channel, ping } = payload;
  const found = await alreadyPosted(deps, message, { channel });
  if (found) return found;
  let { thread, problem } = await cardThread(deps, payload);

  if (thread && !problem) {
    try {
      return await deps.chat.deliver(
        { channel, thread, broadcast: true },
        { kind: 'escalation_ping', ping },
        message.key,
      );
    } catch (error) {
      const failure = deps.chat.classifyFailure(error);
      if (failure.kind !== 'card_gone' && failure.kind !== 'channel_unusable') throw error;
      deps.store.noteCardProblem(payload.incidentId, failure.code);
      problem = failure.code;
    }
  }
  const code = problem ?? 'no_card';
  if (!deps.chat.isChannelProblem(code)) {
    try {
      return await deps.chat.deliver(
        { channel },
        { kind: 'escalation_ping', ping, note: { code } },
        message.key,
      );
    } catch (error) {
      const failure = deps.chat.classifyFailure(error);
      if (failure.kind !== 'channel_unusable') throw error;
      deps.store.noteCardProblem(payload.incidentId, failure.code);
      return sendDirectly(deps, message, payload, failure.code, deliver);
    }
  }
  return sendDirectly(deps, message, payload, code, deliver);
}

/** The channel refuses the bot: each member of the pinged roles gets the ping as a direct message. */
async function sendDirectly(
  deps: ChatDeps,
  message: OutboxMessage,
  payload: EscalationPingPayload,
  code: string,
  deliver: Deliver,
): Promise<null> {
  const users = new Set(payload.audience.users);
  for (const group of payload.audience.usergroups) {
    for (const user of await deps.chat.groupMembers(group)) users.add(user);
  }
  const content: ChatContent = {
    kind: 'escalation_ping',
    ping: payload.ping,
    note: { code, channel: payload.channel },
  };
  const ids = [...users].map((user) => {
    const dm: PlainOutboxPayload = { channel: user, content };
    return deps.store.enqueueMessage({
      key: `${message.key}:dm:${user}`,
      incidentId: payload.incidentId,
      kind: 'escalation_dm',
      payload: dm,
    }).id;
  });
  if (ids.length === 0) {
    deps.logger.error(
      { incidentId: payload.incidentId, channel: payload.channel, failure: code },
      'escalation ping: the channel refuses the bot and the roles have no members to message',
    );
  }
  // Each direct message is its own outbox item: one that fails is retried, the others go out.
  for (const id of ids) await deliver(deps, id);
  return null;
}

/** Redraws the card (next escalation, timeline). A card the chat lost is noted, never retried. */
export async function deliverCardRefresh(deps: ChatDeps, message: OutboxMessage): Promise<null> {
  const { incidentId, runbook } = message.payload as CardRefreshPayload;
  const incident = deps.store.getIncident(incidentId);
  const bound = deps.catalog.byRunbookId(runbook);
  if (!incident?.cardTs || !bound || deps.store.cardProblem(incidentId)) return null;
  try {
    await deps.chat.updateOnce(
      { channel: incident.channel, ref: incident.cardTs },
      cardMessage(deps, bound, incident),
    );
  } catch (error) {
    const failure = deps.chat.classifyFailure(error);
    if (failure.kind === 'card_gone' || failure.kind === 'channel_unusable') {
      deps.store.noteCardProblem(incidentId, failure.code);
      deps.logger.warn({ incidentId, failure: failure.code }, 'the incident card could not be updated');
      return null;
    }
    if (message.attempts + 1 >= CARD_REFRESH_ATTEMPTS) {
      deps.logger.warn({ incidentId, failure: failure.code }, 'card refresh dropped after repeated failures');
      return null;
    }
    throw error;
  }
  return null;
}
