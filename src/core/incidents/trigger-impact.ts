import type { Incident } from '../../store/records.ts';
import type { BoundRunbook } from '../catalog.ts';
import type { CoreDeps } from '../core-deps.ts';
import { UserError } from '../errors.ts';
import { buildEscalationPing, type EscalationPing } from './build-escalation-ping.ts';
import { escalationMessages } from './escalation-messages.ts';
import { incidentTexts } from './incident-texts.ts';
import { manualRule } from './plan-escalations.ts';

/**
 * "Many users affected" (button or `/apidown impact many`): marks the incident and pings the roles
 * of the runbook's condition rule (Tech Lead and CTO) at once, with their checklist. Once per
 * incident: a second press, from anyone or any process, returns null. Also null when the runbook
 * has no condition rule (the incident is still marked). Refused for a resolved incident.
 */
export function triggerManyUsers(
  deps: CoreDeps,
  input: { incident: Incident; bound: BoundRunbook; actor: string },
): EscalationPing | null {
  const { bound, actor } = input;
  const current = deps.store.getIncident(input.incident.id) ?? input.incident;
  if (current.status === 'resolved') {
    throw new UserError('conflict', `incident #${current.id} is already resolved`);
  }
  if (current.manyUsers) return null;
  const now = deps.clock.now();
  const texts = incidentTexts(bound.binding.locale);
  const rule = manualRule(bound);

  if (!rule) {
    const updated = deps.store.updateIncident(current.id, { manyUsers: true });
    if (!updated) return null;
    deps.store.appendTimeline({ incidentId: current.id, actor, kind: 'impact', summary: texts.impactNoRule });
    return null;
  }

  const scheduled = deps.store.scheduleEscalations(current.id, [
    { ruleIndex: rule.index, roles: rule.notify, trigger: 'manual', dueAt: now },
  ]);
  const escalation = scheduled.find((item) => item.ruleIndex === rule.index);
  const ping = escalation
    ? buildEscalationPing(deps, { escalation, incident: current, bound, now, manual: true })
    : null;
  // Fired, written to the timeline and queued for Slack in one transaction (see escalation-tick).
  const fired =
    ping !== null &&
    deps.store.fireEscalation({
      id: ping.escalation.id,
      now,
      timeline: {
        incidentId: current.id,
        actor,
        kind: 'impact',
        summary: texts.impact(rule.notify.join(', ')),
        data: { escalationId: ping.escalation.id, ruleIndex: rule.index, roles: rule.notify },
      },
      messages: escalationMessages(ping),
    });
  const incident = deps.store.updateIncident(current.id, { manyUsers: true }) ?? current;
  // Someone else pulled it (or its timer already fired): the card shows it, nothing is sent again.
  if (!fired || !ping) return null;
  deps.metrics.escalationFired(bound.runbook.id, 'manual');
  deps.logger.info(
    { incidentId: incident.id, escalationId: ping.escalation.id, actor },
    'many users affected',
  );
  return { ...ping, incident };
}
