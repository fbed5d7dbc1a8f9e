import { alertRuleSection, sectionChanges } from '../../runbook/alerts/alert-rule-section.ts';
import type { Section } from '../../runbook/model.ts';
import type { Incident } from '../../store/records.ts';
import type { BoundRunbook } from '../catalog.ts';
import type { CoreDeps } from '../core-deps.ts';
import type { AlertWork } from './accept-alerts.ts';
import { alertTexts } from './alert-texts.ts';
import type { ReceivedAlert } from './alertmanager-payload.ts';

/** Who acts for an alert in the timeline and the run access check (`alert:<alertname>`). */
export function alertActor(alert: Pick<ReceivedAlert, 'name'>): string {
  return `alert:${alert.name}`.slice(0, 80);
}

/** What the alert use case needs from the chat side (Slack today): the incident thread and card. */
export interface AlertChat {
  /** The channel's open incident of the runbook, or a new one (its escalations scheduled). */
  openIncident(bound: BoundRunbook, channel: string, actor: string): { incident: Incident; created: boolean };
  /** Runs a read-only section for the incident, as `/cmd diagnose` does: card, then verdicts in its thread. */
  runSection(input: {
    bound: BoundRunbook;
    section: Section;
    incident: Incident;
    actor: string;
    runId: string;
  }): Promise<void>;
  /** Posts the alert's news in the incident thread (once per key). */
  postAlertNews(input: {
    bound: BoundRunbook;
    incidentId: number;
    key: string;
    alert: ReceivedAlert;
    news: 'resolved' | 'refused';
    text: string;
  }): Promise<void>;
  /** Redraws the card (alert lines, status). */
  refreshCard(bound: BoundRunbook, incidentId: number): Promise<void>;
}

/** Data of an `alert` timeline entry: what the card and the report read back. */
export interface AlertTimelineData {
  [key: string]: unknown;
  status: 'firing' | 'resolved';
  name: string;
  labels: Record<string, string>;
  summary: string | null;
  generatorURL: string | null;
  fingerprint: string;
  startsAt: string;
  /** This alert opened the incident. */
  opened: boolean;
}

export function alertSummary(alert: Pick<ReceivedAlert, 'annotations'>): string | null {
  return alert.annotations.summary ?? alert.annotations.description ?? alert.annotations.message ?? null;
}

/**
 * One accepted alert (an outbox item, so it survives a restart and runs in one process):
 * - firing: open or reuse the channel's incident, note the alert in the timeline, and run the
 *   rule's section once per incident (a storm of alerts for the same rule and channel runs it once);
 *   a section that would change the host is refused here too, whatever lint said;
 * - resolved: a timeline entry and a thread message for the open incident; the incident stays open.
 * Retrying the item after a failure repeats nothing already done (claims per step).
 */
export async function handleAlert(
  deps: CoreDeps,
  chat: AlertChat,
  key: string,
  work: AlertWork,
): Promise<void> {
  const bound = deps.catalog.byRunbookId(work.runbook);
  if (!bound) {
    deps.logger.warn(
      { runbook: work.runbook, alert: work.alert.name },
      'alert for a runbook that is not loaded; dropped',
    );
    return;
  }
  const texts = alertTexts(bound.binding.locale);
  const { alert } = work;
  const actor = alertActor(alert);
  if (alert.status === 'resolved') {
    const incident = deps.store.getOpenIncident(bound.runbook.id, work.channel);
    if (!incident) {
      deps.logger.info(
        { runbook: work.runbook, alert: alert.name },
        'alert resolved; no open incident to note it in',
      );
      return;
    }
    record(deps, key, incident.id, actor, texts.resolved(alert.name), alertData(alert, false));
    await chat.postAlertNews({
      bound,
      incidentId: incident.id,
      key: `${key}:thread`,
      alert,
      news: 'resolved',
      text: texts.resolved(alert.name),
    });
    await chat.refreshCard(bound, incident.id);
    return;
  }

  const { incident, created } = chat.openIncident(bound, work.channel, actor);
  const opened = created;
  record(
    deps,
    key,
    incident.id,
    actor,
    opened ? texts.opened(alert.name) : texts.firing(alert.name),
    alertData(alert, opened),
  );

  const section = alertRuleSection(bound.runbook.sections, bound.binding, work.run);
  const refusal = !section
    ? texts.missing(alert.name, work.run)
    : sectionChanges(section)
      ? texts.refused(alert.name, section.title)
      : null;
  if (refusal || !section) {
    if (deps.store.claimOnce(`alert-refused:${incident.id}:${work.run}`)) {
      deps.store.appendTimeline({
        incidentId: incident.id,
        actor,
        kind: 'note',
        summary: refusal ?? '',
        data: { alert: alert.name },
      });
      deps.logger.warn(
        { incidentId: incident.id, run: work.run },
        'alert rule refused: its section changes the host or is missing',
      );
      await chat.postAlertNews({
        bound,
        incidentId: incident.id,
        key: `${key}:refused`,
        alert,
        news: 'refused',
        text: refusal ?? '',
      });
    }
    await chat.refreshCard(bound, incident.id);
    return;
  }
  // One run of the section per incident and section, across alerts and bot processes.
  if (deps.store.claimOnce(`alert-run:${incident.id}:${section.id}`)) {
    await chat.runSection({ bound, section, incident, actor, runId: `alert-${key}` });
  } else {
    await chat.refreshCard(bound, incident.id);
  }
}

function alertData(alert: ReceivedAlert, opened: boolean): AlertTimelineData {
  return {
    status: alert.status,
    name: alert.name,
    labels: alert.labels,
    summary: alertSummary(alert),
    generatorURL: alert.generatorURL,
    fingerprint: alert.fingerprint,
    startsAt: alert.startsAt,
    opened,
  };
}

/** The timeline entry of this alert, once (a retried outbox item does not write it twice). */
function record(
  deps: CoreDeps,
  key: string,
  incidentId: number,
  actor: string,
  summary: string,
  data: AlertTimelineData,
) {
  if (!deps.store.claimOnce(`alert-noted:${key}`)) return;
  deps.store.appendTimeline({ incidentId, actor, kind: 'alert', summary, data });
}
