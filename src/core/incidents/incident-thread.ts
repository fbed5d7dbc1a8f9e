import type { Incident } from '../../store/records.ts';
import { cardNotices } from '../alerts/card-notices.ts';
import { type BoundRunbook, diagnoseWords } from '../catalog.ts';
import type { ChatContent } from '../chat/chat-content.ts';
import type { ChatDeps } from '../chat/chat-deps.ts';
import { UserError } from '../errors.ts';
import { fleetNotices } from '../targets/run-fleet-for-incident.ts';

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

const CARD_WAIT_MS = 10_000;

/**
 * Makes sure the incident's card is in the channel and returns its reference (the thread). One
 * process posts it (claim); a concurrent caller waits for it. A channel the bot is not a member of
 * becomes the UserError `not_in_channel`.
 */
export async function ensureCard(deps: ChatDeps, bound: BoundRunbook, incidentId: number): Promise<string> {
  const current = deps.store.getIncident(incidentId);
  if (!current) throw new UserError('not_found', `incident #${incidentId} not found`);
  if (current.cardTs) return current.cardTs;
  if (deps.store.claimOnce(`card:${incidentId}`, CARD_WAIT_MS)) {
    try {
      const ref = await deps.chat.post({ channel: current.channel }, cardMessage(deps, bound, current));
      deps.store.setIncidentCard(incidentId, ref);
      return ref;
    } catch (error) {
      const failure = deps.chat.classifyFailure(error);
      if (failure.kind === 'channel_unusable' && failure.notMember) {
        throw new UserError('forbidden', 'not_in_channel');
      }
      throw error;
    }
  }
  const deadline = deps.clock.now() + CARD_WAIT_MS;
  while (deps.clock.now() < deadline) {
    await deps.clock.sleep(100);
    const ref = deps.store.getIncident(incidentId)?.cardTs;
    if (ref) return ref;
  }
  throw new Error(`the card of incident #${incidentId} was not posted in time`);
}
