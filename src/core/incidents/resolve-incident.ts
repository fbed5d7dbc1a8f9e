import { formatDuration } from '../../render/i18n/format-duration.ts';
import type { Incident } from '../../store/records.ts';
import type { CoreDeps } from '../core-deps.ts';
import { UserError } from '../errors.ts';
import { enqueuePageResolves } from '../pages/plan-pages.ts';
import { requireIncident, requireRunbook } from './find-incident.ts';
import { buildReport, type IncidentReport } from './incident-report.ts';
import { incidentTexts } from './incident-texts.ts';

export interface ResolvedIncident {
  incident: Incident;
  /** The final report (renderFinalReport / renderIncidentReport input), timeline included. */
  report: IncidentReport;
  durationMs: number;
}

/**
 * Resolves the incident once: pending escalations are cancelled in the same write, then the
 * timeline gets `resolved`. A second resolve (double click, other process) is refused with a
 * UserError `conflict`; a missing incident with `not_found`.
 */
export function resolveIncident(
  deps: CoreDeps,
  input: { incidentId: number; actor: string },
): ResolvedIncident {
  const before = requireIncident(deps, input.incidentId);
  const bound = requireRunbook(deps, before);
  if (before.status === 'resolved' || !deps.store.resolveIncident(before.id, input.actor)) {
    throw new UserError('conflict', `incident #${before.id} is already resolved`);
  }
  const incident = requireIncident(deps, before.id);
  const durationMs = (incident.resolvedAt ?? deps.clock.now()) - incident.openedAt;
  const locale = bound.binding.locale;
  deps.store.appendTimeline({
    incidentId: incident.id,
    actor: input.actor,
    kind: 'resolved',
    summary: incidentTexts(locale).resolved(formatDuration(durationMs, locale)),
    data: { durationMs },
  });
  // The pages it triggered are resolved too (PagerDuty resolve, Opsgenie close), through the outbox.
  enqueuePageResolves(deps, incident.id);
  deps.logger.info({ incidentId: incident.id, actor: input.actor, durationMs }, 'incident resolved');
  return { incident, report: buildReport(deps, incident), durationMs };
}
