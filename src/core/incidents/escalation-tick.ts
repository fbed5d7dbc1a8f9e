import { formatDuration } from '../../render/i18n/format-duration.ts';
import { formatNumber, type Locale } from '../../render/i18n/locale.ts';
import type { Escalation, Incident } from '../../store/records.ts';
import type { CoreDeps } from '../core-deps.ts';
import { buildEscalationPing, type EscalationPing } from './build-escalation-ping.ts';
import { escalationMessages } from './escalation-messages.ts';
import { incidentTexts } from './incident-texts.ts';

/**
 * Fires every escalation due now: each is claimed atomically in the store, so with two bot
 * processes ticking on one database only the claimer gets it. Run it every few seconds and once
 * on start: a ping that fell due while the bot was down goes out then, with `sentLate`.
 * Firing, the timeline entry and the outbox messages (card refresh, ping) are one transaction;
 * the Slack side sends them from the outbox (`ping.outboxKey`).
 */
export function runDueEscalations(deps: CoreDeps): EscalationPing[] {
  const now = deps.clock.now();
  const pings: EscalationPing[] = [];
  for (const escalation of deps.store.dueEscalations(now)) {
    const ping = fire(deps, escalation, now);
    if (ping) pings.push(ping);
  }
  return pings;
}

function fire(deps: CoreDeps, escalation: Escalation, now: number): EscalationPing | null {
  const incident = deps.store.getIncident(escalation.incidentId);
  if (!incident) return null;
  const bound = deps.catalog.byRunbookId(incident.runbook);
  if (!bound) {
    // Left unclaimed: it fires once the runbook is back in the catalog. Warn once, not every tick.
    if (deps.store.claimOnce(`escalation-no-runbook:${escalation.id}`)) {
      deps.logger.warn(
        { incidentId: incident.id, escalationId: escalation.id, runbook: incident.runbook },
        'escalation due but its runbook is not loaded; not sent',
      );
    }
    return null;
  }
  const ping = buildEscalationPing(deps, { escalation, incident, bound, now });
  const texts = incidentTexts(bound.binding.locale);
  const roles = escalation.roles.join(', ');
  const summary =
    ping.message.afterMinutes !== null
      ? texts.escalationTimed(
          roles,
          delayText(ping.message.afterMs, ping.message.afterMinutes, bound.binding.locale),
        )
      : texts.escalationManual(roles, ping.rule.condition ?? roles);
  // Fired, written to the timeline and queued for Slack in one transaction: a crash or a Slack
  // failure after this point delays the ping, never loses it.
  const fired = deps.store.fireEscalation({
    id: escalation.id,
    now,
    timeline: {
      incidentId: incident.id,
      actor: 'bot',
      kind: 'escalation',
      summary,
      data: {
        escalationId: escalation.id,
        ruleIndex: escalation.ruleIndex,
        trigger: escalation.trigger,
        roles: escalation.roles,
        unmapped: ping.roles.filter((role) => !role.mapped).map((role) => role.name),
        dueAt: escalation.dueAt,
        sentLate: ping.sentLate,
      },
    },
    messages: escalationMessages(ping),
  });
  if (!fired) return null;
  deps.metrics.escalationFired(bound.runbook.id, escalation.trigger);
  deps.logger.info(
    {
      incidentId: incident.id,
      escalationId: escalation.id,
      roles: escalation.roles,
      sentLate: ping.sentLate,
    },
    'escalation fired',
  );
  return ping;
}

/** "15 min" / "8 s": the rule's delay as the timeline and report show it. */
function delayText(afterMs: number | null | undefined, minutes: number, locale: Locale): string {
  if (afterMs !== undefined && afterMs !== null) return formatDuration(afterMs, locale);
  return `${formatNumber(minutes, locale, 2)} min`;
}

/** The card's "next escalation": earliest pending timer of an unresolved incident, or null. */
export function nextEscalationOf(
  deps: Pick<CoreDeps, 'store'>,
  incident: Incident,
): { roles: string[]; dueAt: number } | null {
  if (incident.status === 'resolved') return null;
  const next = deps.store.nextEscalation(incident.id);
  return next ? { roles: next.roles, dueAt: next.dueAt } : null;
}
