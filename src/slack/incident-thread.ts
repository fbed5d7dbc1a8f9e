import { type BoundRunbook, diagnoseWords } from '../core/catalog.ts';
import { UserError } from '../core/errors.ts';
import { fillTemplate } from '../render/common/fill-template.ts';
import { escapeMrkdwn } from '../render/slack/escape-mrkdwn.ts';
import { mentionActor } from '../render/slack/mentions.ts';
import { renderIncidentCard } from '../render/slack/render-incident-card.ts';
import type { Incident } from '../store/records.ts';
import type { BotDeps } from './bot-deps.ts';
import { isSlackError } from './slack-errors.ts';

/** The incident card as it should look now (status, symptoms, next escalation, filled template). */
export function cardMessage(deps: BotDeps, bound: BoundRunbook, incident: Incident) {
  const now = deps.clock.now();
  const next = deps.store.nextEscalation(incident.id);
  const locale = bound.binding.locale;
  return renderIncidentCard({
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
    template: fillTemplate({
      fields: bound.runbook.template,
      incident,
      timeline: deps.store.listTimeline(incident.id),
      locale,
      timeZone: deps.timeZone,
      now,
      formatActor: mentionActor,
      formatText: escapeMrkdwn,
      sections: bound.runbook.sections,
    }),
  });
}

/** Re-renders the card in place (chat.update). A card not posted yet is left alone. */
export async function refreshCard(deps: BotDeps, bound: BoundRunbook, incidentId: number): Promise<void> {
  const incident = deps.store.getIncident(incidentId);
  if (!incident?.cardTs) return;
  const message = cardMessage(deps, bound, incident);
  await deps.gateway.update({ channel: incident.channel, ts: incident.cardTs, ...message });
}

/** The channel's open incident for this runbook, opening one (timeline first) when there is none. */
export function openOrReuseIncident(deps: BotDeps, bound: BoundRunbook, channel: string, user: string) {
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
 * Makes sure the incident's card is in the channel and returns its ts (the thread). One process
 * posts it (claim); a concurrent caller waits for the ts. `not_in_channel` becomes a UserError.
 */
export async function ensureCard(deps: BotDeps, bound: BoundRunbook, incidentId: number): Promise<string> {
  const current = deps.store.getIncident(incidentId);
  if (!current) throw new UserError('not_found', `incident #${incidentId} not found`);
  if (current.cardTs) return current.cardTs;
  if (deps.store.claimOnce(`card:${incidentId}`, CARD_WAIT_MS)) {
    try {
      const ts = await deps.gateway.post({ channel: current.channel, ...cardMessage(deps, bound, current) });
      deps.store.setIncidentCard(incidentId, ts);
      return ts;
    } catch (error) {
      if (isSlackError(error, 'not_in_channel') || isSlackError(error, 'channel_not_found')) {
        throw new UserError('forbidden', 'not_in_channel');
      }
      throw error;
    }
  }
  const deadline = deps.clock.now() + CARD_WAIT_MS;
  while (deps.clock.now() < deadline) {
    await deps.clock.sleep(100);
    const ts = deps.store.getIncident(incidentId)?.cardTs;
    if (ts) return ts;
  }
  throw new Error(`the card of incident #${incidentId} was not posted in time`);
}
