import { type BoundRunbook, diagnoseWords } from '../../core/catalog.ts';
import { UserError } from '../../core/errors.ts';
import type { EscalationPing } from '../../core/incidents/build-escalation-ping.ts';
import { closeIncidentInThread } from '../../core/incidents/close-incident-thread.ts';
import { runDueEscalations } from '../../core/incidents/escalation-tick.ts';
import { findIncident } from '../../core/incidents/incident-of-message.ts';
import { saveReportFields } from '../../core/incidents/incident-report.ts';
import { refreshCard } from '../../core/incidents/incident-thread.ts';
import { scheduleForIncident } from '../../core/incidents/plan-escalations.ts';
import { manualFields, requiredReportLabels } from '../../core/incidents/report-fields.ts';
import { suggestReport } from '../../core/incidents/suggest-report.ts';
import { triggerManyUsers } from '../../core/incidents/trigger-impact.ts';
import { validateReportInput } from '../../core/incidents/validate-report-input.ts';
import { deliverPending } from '../../core/outbox/outbox.ts';
import { t } from '../../render/i18n/messages.ts';
import {
  REPORT_CALLBACK_ID,
  reportBlockId,
  reportErrorsByBlock,
  reportValuesFromState,
} from '../../render/slack/render-report-modal.ts';
import type { Incident } from '../../store/records.ts';
import type { BotDeps } from '../bot-deps.ts';
import type { ActionHandler } from '../listeners/on-block-action.ts';
import type { IntentInput } from '../listeners/on-slash-command.ts';
import type { ViewHandler } from '../listeners/on-view-submission.ts';

/** A new incident gets its escalation timers (idempotent, so a second process changes nothing). */
export function scheduleEscalations(deps: BotDeps, incident: Incident, bound: BoundRunbook): void {
  scheduleForIncident(deps, incident, bound);
}

/**
 * Firing queued the ping and the card refresh in the outbox (same transaction): send what is due
 * now. A Slack failure leaves them queued for the next tick, never lost.
 */
async function sendPing(deps: BotDeps, _ping: EscalationPing): Promise<void> {
  await deliverPending(deps);
}

/** Tick: escalations that fell due (also those due while the bot was down) are sent, each once. */
export async function sendDueEscalations(deps: BotDeps): Promise<void> {
  if (runDueEscalations(deps).length > 0) await deliverPending(deps);
}

async function manyUsers(
  deps: BotDeps,
  found: { incident: Incident; bound: BoundRunbook },
  user: string,
): Promise<void> {
  const ping = triggerManyUsers(deps, { incident: found.incident, bound: found.bound, actor: user });
  if (ping) await sendPing(deps, ping);
  else await refreshCard(deps, found.bound, found.incident.id);
}

/** The channel's open incident for the runbook; without one, tells the person how to start one. */
async function openIncidentOrSay(deps: BotDeps, input: IntentInput): Promise<Incident | null> {
  const incident = deps.store.getOpenIncident(input.bound.runbook.id, input.channel);
  if (!incident) {
    const { locale, command } = input.bound.binding;
    const start = `${command} ${diagnoseWords(input.bound)}`;
    await input.reply({ text: t(locale, 'ack.noIncident', { command, start }), blocks: [] });
  }
  return incident;
}

/** `/apidown impact many`: Tech Lead and CTO at once (once per incident). */
export async function impactManyIntent(deps: BotDeps, input: IntentInput): Promise<void> {
  const incident = await openIncidentOrSay(deps, input);
  if (!incident) return;
  await manyUsers(deps, { incident, bound: input.bound }, input.user);
}

async function openReportModal(
  deps: BotDeps,
  incident: Incident,
  bound: BoundRunbook,
  triggerId: string,
  mode: 'report' | 'resolve',
) {
  if (incident.status === 'resolved')
    throw new UserError('conflict', `incident #${incident.id} is already resolved`);
  const fields = bound.runbook.template;
  await deps.chat.openForm(triggerId, {
    kind: 'incident_report',
    mode,
    incident,
    fields,
    suggestions: suggestReport(deps, incident),
    locale: bound.binding.locale,
    required: requiredReportLabels(fields),
  });
}

/** `/apidown resolve`: the report modal; submitting it closes the incident. */
export async function resolveIntent(
  deps: BotDeps,
  input: IntentInput & { triggerId: string },
): Promise<void> {
  const incident = await openIncidentOrSay(deps, input);
  if (!incident) return;
  await openReportModal(deps, incident, input.bound, input.triggerId, 'resolve');
}

function incidentFromButton(deps: BotDeps, value: string | undefined) {
  const found = findIncident(deps, { incidentId: /^\d{1,9}$/.test(value ?? '') ? Number(value) : null });
  if (!found) throw new UserError('not_found', 'this incident no longer exists');
  return found;
}

export const incidentActions: Record<string, ActionHandler> = {
  many_users: async ({ deps, action, user }) => manyUsers(deps, incidentFromButton(deps, action.value), user),
  fill_report: async ({ deps, action, body }) => {
    const found = incidentFromButton(deps, action.value);
    await openReportModal(deps, found.incident, found.bound, body.trigger_id, 'report');
  },
  resolve: async ({ deps, action, body }) => {
    const found = incidentFromButton(deps, action.value);
    await openReportModal(deps, found.incident, found.bound, body.trigger_id, 'resolve');
  },
};

/** The report modal: validate (errors keep it open), save the manual fields, and resolve when asked. */
const submitReport: ViewHandler = async ({ deps, view, user, ack }) => {
  const match = /^(\d{1,9}):(report|resolve)$/.exec(view.private_metadata ?? '');
  const found = match ? findIncident(deps, { incidentId: Number(match[1]) }) : null;
  if (!match || !found) {
    await ack();
    return;
  }
  const { bound } = found;
  const fields = bound.runbook.template;
  const values = reportValuesFromState(fields, view.state.values as never);
  const validation = validateReportInput(fields, values, { locale: bound.binding.locale });
  if (!validation.ok) {
    await ack({ response_action: 'errors', errors: reportErrorsByBlock(validation.fieldErrors) });
    return;
  }
  const current = deps.store.getIncident(found.incident.id);
  if (!current || current.status === 'resolved') {
    // Already resolved (by someone else meanwhile): refuse, keep the modal open, overwrite nothing.
    const firstBlock =
      Object.keys(view.state.values)[0] ?? reportBlockId(manualFields(fields)[0]?.label ?? '');
    const message = t(bound.binding.locale, 'error.incident_resolved', { id: found.incident.id });
    await ack({ response_action: 'errors', errors: { [firstBlock]: message } });
    return;
  }
  await ack();
  saveReportFields(deps, { incidentId: current.id, values: validation.values, actor: user });
  if (match[2] === 'resolve') await closeIncidentInThread(deps, bound, current.id, user);
  else await refreshCard(deps, bound, current.id);
};

export const incidentViews: Record<string, ViewHandler> = { [REPORT_CALLBACK_ID]: submitReport };
